"""``python -m dashboard summaries rebuild``: recompute the summary tables the charts read."""

from __future__ import annotations

import argparse
import time

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.summaries import rebuild_all
from data.versioning import bump


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``summaries`` sub-command and its ``rebuild`` action to the CLI's parser."""
    summaries = subparsers.add_parser(
        "summaries", help="summary tables the charts read (derived from the raw rows)"
    )
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
