"""Pairwise judgments with gaps: priorities from a matrix in which some pairs are not judged.

Pure computation: a matrix with NaN where no judgment is given, in; arrays out.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh import principal_eigenpair
from prioritizer.results.weights import FloatArray


def incomplete_priorities(matrix: FloatArray) -> FloatArray:
    """Priorities from a pairwise matrix with missing judgments (NaN), by Harker's method.

    Each missing a_ij becomes 0 and a_ii becomes 1 + (judgments missing in row i); the principal
    eigenvector of that matrix is the priority vector. Exact when the known judgments are
    consistent and connect every criterion, and equal to Saaty's eigenvector when none is
    missing. Criteria not connected by judgments to the largest connected group get NaN; the
    group's priorities sum to 1.

    References
    ----------
    Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy process.
    Mathematical Modelling, 9(11), 837-848.
    """
    a = np.asarray(matrix, dtype=np.float64)
    n = a.shape[0]
    known = ~np.isnan(a)
    group = _largest_group(known)
    result = np.full(n, np.nan)
    if len(group) == 1:
        result[group[0]] = 1.0
        return result
    sub = a[np.ix_(group, group)]
    present = known[np.ix_(group, group)]
    c = np.where(present, sub, 0.0)
    np.fill_diagonal(c, 1.0 + (~present).sum(axis=1))
    _, w = principal_eigenpair(c)
    result[group] = w
    return result


def _largest_group(known: npt.NDArray[np.bool_]) -> list[int]:
    """Indices of the largest set of criteria linked by judgments (the first one on ties)."""
    n = known.shape[0]
    seen: set[int] = set()
    best: list[int] = []
    for start in range(n):
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in range(n):
                if other not in seen and other != node and known[node, other]:
                    seen.add(other)
                    stack.append(other)
        if len(group) > len(best):
            best = sorted(group)
    return best
