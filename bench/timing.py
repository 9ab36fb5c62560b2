"""Timing a call: the median and 90th percentile of repeated calls, in milliseconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def p90(samples: list[float]) -> float:
    """The 90th percentile of ``samples`` (the nearest-rank value, never interpolated)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.9 * len(ordered)) - 1))]


def time_call(fn: Callable[[], object], repeat: int, warm_up: bool = True) -> tuple[float, float]:
    """Median and 90th percentile of ``repeat`` timed calls (after one warm-up), in ms."""
    if warm_up:
        fn()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000.0)
    return statistics.median(samples), p90(samples)
