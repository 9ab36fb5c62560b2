"""``python -m dashboard summaries rebuild``: recompute the summary tables the charts read."""

from __future__ import annotations

import argparse
import time

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.summaries import rebuild_all
from data.versioning import bump


def add_arguments(summaries: argparse.ArgumentParser) -> None:
    """The ``summaries`` sub-command's ``rebuild`` action."""
    summaries.add_subparsers(dest="summaries_command", required=True).add_parser(
        "rebuild", help="recompute every summary table from the raw rows, in one transaction"
    )


def run(_args: argparse.Namespace, settings: Settings) -> int:
    """Rebuild every summary table and bump the data version, in one transaction."""
    engine = open_engine(settings, create_demo_folder=True)
    began = time.perf_counter()
    with engine.begin() as conn:
        rebuild_all(conn)
        bump(conn)
    print(f"summary tables rebuilt in {time.perf_counter() - began:.1f} s")
    return 0
