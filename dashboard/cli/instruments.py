"""``python -m dashboard instruments``: list the outcome instruments, add a program's own."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.instruments import (
    InstrumentError,
    add_instrument,
    list_instruments,
    load_definition_file,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``instruments`` sub-command's ``list`` and ``add FILE`` actions."""
    actions = parser.add_subparsers(dest="instruments_command", required=True)
    actions.add_parser("list", help="list every instrument")
    add = actions.add_parser("add", help="add an instrument from a .json or .csv definition")
    add.add_argument("file", type=Path, help="the definition file")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``instruments list`` or ``instruments add FILE``; 1 when a definition is refused."""
    # Imported when the task runs: migrations load Alembic.
    from data.migrate import upgrade

    engine = open_engine(settings, create_demo_folder=True)
    if settings.is_demo:
        upgrade(engine)
    if args.instruments_command == "list":
        df = list_instruments(engine)
        if df.empty:
            print("no instruments yet")
        for row in df.itertuples():
            value = float(row.total_reliability)
            reliability = "-" if value != value else f"{value:.2f}"  # NaN: not stated
            direction = "higher is better" if row.higher_is_better else "lower is better"
            print(
                f"{row.code:<20} {row.name:<48} {row.domains:>3} domains  {direction}  "
                f"total reliability {reliability}"
            )
        return 0
    try:
        definition = load_definition_file(args.file)
        instrument_id = add_instrument(engine, definition)
    except InstrumentError as error:
        print(f"error: {error}")
        return 1
    print(
        f"added instrument {definition.code} (id {instrument_id}, "
        f"{len(definition.domains)} domains)"
    )
    return 0
