"""``python -m dashboard ...``: operator tasks (see ``python -m dashboard --help``)."""

from dashboard.cli import main

raise SystemExit(main())
