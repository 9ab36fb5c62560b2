"""Zero-filled grids summed with NumPy (data/queries/plumbing/grid.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import Engine

from data.queries import mentors as mq
from data.queries import workload as wq
from data.queries.plumbing.frames import typed_frame
from data.queries.plumbing.grid import grid_sums, repeated, tiled
from tests.data import queries_fixture as fx


def test_values_land_in_their_row_major_cells_and_the_rest_is_zero():
    contacts, minutes = grid_sums([7, 3], [100, 101, 102], [(3, 101, 2, 30), (7, 102, 1, 15)], 2)
    assert contacts.tolist() == [0, 0, 1, 0, 2, 0]
    assert minutes.tolist() == [0, 0, 15, 0, 30, 0]


def test_rows_sharing_a_cell_add_up_and_none_counts_as_zero():
    (contacts,) = grid_sums([1], [5, 6], [(1, 5, 2), (1, 5, 3), (1, 6, None)], 1)
    assert contacts.tolist() == [5, 0]


def test_rows_outside_the_grid_are_left_out():
    (contacts,) = grid_sums([1, 2], [5], [(9, 5, 4), (1, 8, 4), (2, 5, 1)], 1)
    assert contacts.tolist() == [0, 1]


def test_nothing_found_gives_zero_grids_of_the_full_size():
    grids = grid_sums([1, 2, 3], [5, 6], [], 2)
    assert len(grids) == 2 and all(np.array_equal(g, np.zeros(6)) for g in grids)


def test_an_empty_roster_gives_empty_grids():
    (contacts,) = grid_sums([], [5, 6], [(1, 5, 2)], 1)
    assert contacts.size == 0


def test_roster_columns_repeat_each_row_and_periods_tile():
    assert repeated([4, 9], 2).tolist() == [4, 4, 9, 9]
    assert repeated(["Ann", "Bo"], 2).tolist() == ["Ann", "Ann", "Bo", "Bo"]
    assert repeated(["Ann"], 2).dtype == object
    assert tiled(["w1", "w2"], 2).tolist() == ["w1", "w2", "w1", "w2"]
    assert repeated([], 3).size == 0 and tiled([], 3).size == 0


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        (wq.contacts_by_mentor_week, wq.WEEK_COLUMNS),
        (wq.mentor_month_workload, wq.MENTOR_MONTH_COLUMNS),
        (wq.crisis_by_mentor_month, wq.CRISIS_COLUMNS),
        (mq.caseload_by_month, mq.CASELOAD_MONTH_COLUMNS),
    ],
)
def test_grid_built_frames_have_the_declared_columns_and_types(any_engine: Engine, query, kinds):
    """Frames built as grids type their columns as ``typed_frame`` would from rows."""
    fx.load(any_engine)
    frame = query(any_engine, fx.riverside())
    assert len(frame) > 0
    expected = typed_frame([], kinds)
    assert list(frame.columns) == list(expected.columns)
    assert list(frame.dtypes) == list(expected.dtypes)
    for name, kind in kinds.items():
        if kind in ("text", "date"):
            assert all(isinstance(v, (str, dt.date)) for v in frame[name])
