"""``python -m dashboard demo``: fill a database with synthetic demo data."""

from __future__ import annotations

import argparse
import dataclasses

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.db import database_has_program_data


def add_arguments(demo: argparse.ArgumentParser) -> None:
    """The ``demo`` sub-command's options."""
    demo.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    demo.add_argument("--seed", type=int, default=7, help="same seed, same data (default 7)")
    demo.add_argument(
        "--reset", action="store_true", help="delete all program data first (never users)"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate and fill the database; 1 when it already holds data and --reset is not given."""
    # Imported when the task runs: the generator loads Faker, migrations load Alembic.
    from data.demo import generate
    from data.demo.reset import delete_program_data
    from data.migrate import upgrade

    engine = open_engine(settings, create_demo_folder=True)
    upgrade(engine)
    if database_has_program_data(engine):
        if not args.reset:
            print("error: the database already holds data; add --reset to replace it")
            return 1
        delete_program_data(engine)
    summary = generate(engine, scale=args.scale, seed=args.seed, progress=True)
    for table, rows in dataclasses.asdict(summary).items():
        print(f"{table:>22}: {rows:,}")
    return 0
