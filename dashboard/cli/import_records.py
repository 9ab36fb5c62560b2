"""``python -m dashboard import KIND FILE [--dry-run] [--skip-invalid] [--dayfirst]``.

Checks every row of FILE (CSV or .xlsx) and imports it in one transaction; shows a progress
bar on a terminal, then a summary and the problems found, each with its row and column.
Exit status: 0 imported (or a clean dry run), 1 the file was refused (problems, nothing
written), 2 the database cannot be reached.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from tqdm import tqdm

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.importing import KINDS, ImportResult, import_file
from data.importing.kinds import KIND_ALIASES

SHOWN_PROBLEMS = 50
# The sub-command's --help text: it names the kinds in the order they must be imported.
DESCRIPTION = (
    "Check every row of FILE and import it in one transaction: nothing is "
    "written when any row has a problem (unless --skip-invalid). Import in this order: "
    + ", ".join(KINDS)
    + ". Templates and column names: docs/import.md."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``import`` sub-command's arguments and options."""
    parser.add_argument("kind", choices=[*KINDS, *KIND_ALIASES], help="what FILE holds")
    parser.add_argument("file", type=Path, help="a .csv (UTF-8 or Latin-1) or .xlsx file")
    parser.add_argument(
        "--dry-run", action="store_true", help="check and count only; write nothing"
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and save the rejected ones, with reasons, to "
        "FILE.rejected.csv (or --rejected)",
    )
    parser.add_argument("--rejected", type=Path, help="where to save rejected rows")
    parser.add_argument(
        "--dayfirst",
        action="store_true",
        help="read 03/04/2026 as 3 April (default: 4 March); ISO dates are never ambiguous",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _progress_bar(enabled: bool):  # type: ignore[no-untyped-def]
    if not enabled:
        return None, None
    bar = tqdm(total=100, unit="%", file=sys.stderr, bar_format="{l_bar}{bar}| {desc}")

    def report(fraction: float, message: str) -> None:
        bar.n = round(100 * fraction)
        bar.set_description_str(message, refresh=False)
        bar.refresh()

    return bar, report


def print_result(result: ImportResult) -> None:
    """The summary, problem counts by reason and the first problems, for a terminal."""
    print(result.summary())
    if result.unknown_columns:
        print("ignored columns (not in the template): " + ", ".join(result.unknown_columns))
    if result.problem_count:
        print(f"\n{result.problem_count:,} problems:")
        for reason, count in sorted(result.problem_counts.items(), key=lambda kv: -kv[1]):
            print(f"  {count:>8,}  {reason}")
        print()
        for problem in result.problems[:SHOWN_PROBLEMS]:
            print(f"  {problem}")
        if result.problem_count > SHOWN_PROBLEMS:
            print(f"  ... and {result.problem_count - SHOWN_PROBLEMS:,} more")
    if result.rejected_file:
        print(f"rejected rows saved to {result.rejected_file}")
    print(f"took {result.seconds:.1f} s")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``python -m dashboard import``; returns the exit status."""
    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 1
    engine = open_engine(settings)
    bar, report = _progress_bar(not args.quiet and sys.stderr.isatty())
    try:
        result = import_file(
            engine,
            args.kind,
            args.file,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
            dayfirst=args.dayfirst,
            rejected_path=args.rejected,
            progress=report,
            username=f"cli:{getpass.getuser()}",
        )
    finally:
        if bar is not None:
            bar.close()
    print_result(result)
    return 0 if result.ok else 1
