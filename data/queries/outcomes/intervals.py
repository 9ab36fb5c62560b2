"""Means with a 95% interval, and the smallest group a mean is shown for.

Means come with a 95% interval from Student's t (mean ± t(0.975, n-1) · SD / √n), computed
from sums and sums of squares that the database aggregates. A group smaller than the page's
``min_group`` (SMALL_CELL_MIN, for every role) is reported with its n but not its mean.
"""

from __future__ import annotations

import math

from data.filters import Filters

DEFAULT_MIN_GROUP = 5
Z_975 = 1.959963984540054
# Student's t, 97.5th percentile, by degrees of freedom (1..30); beyond 30 the normal 1.96
# is within 0.05 of it.
_T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def effective_min_group(filters: Filters, min_group: int) -> int:
    """The smallest group plotted: the page's minimum, or the scope's if that is larger."""
    try:
        asked = int(min_group)
    except (TypeError, ValueError):
        asked = DEFAULT_MIN_GROUP
    return max(1, asked, filters.scope.small_cell_min)


def t_975(degrees_of_freedom: int) -> float:
    """The 97.5th percentile of Student's t (1.96 beyond 30 degrees of freedom)."""
    if degrees_of_freedom < 1:
        return float("nan")
    if degrees_of_freedom <= len(_T_975):
        return _T_975[degrees_of_freedom - 1]
    return Z_975


def mean_interval(total: float, squares: float, n: int) -> tuple[float, float, float]:
    """(mean, low, high) of the 95% interval of a mean from its sum, sum of squares and n."""
    if n <= 0:
        return (float("nan"),) * 3
    mean = total / n
    if n == 1:
        return mean, float("nan"), float("nan")
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = t_975(n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def sample_sd(total: float, squares: float, n: int) -> float:
    """The sample standard deviation (n - 1) from a sum, a sum of squares and n."""
    if n < 2:
        return float("nan")
    mean = total / n
    return math.sqrt(max(0.0, (squares - n * mean * mean) / (n - 1)))
