"""Ids of the Workload page."""

from __future__ import annotations


class WorkloadIds:
    """The Workload page."""

    HEADING = "workload-heading"
