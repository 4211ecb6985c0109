"""Pairwise judgments with gaps: the missing pairs completed, the consistency of what was given,
the judgment most at odds, and the fewest further questions that would link every criterion.

Pure computation: a matrix with NaN where no judgment is given, in; `IncompleteAhp` out.

API (for the CLI, the questionnaire and the web app)::

    complete(matrix, ids, *, random_index, threshold=0.10, scale=None) -> IncompleteAhp

`matrix` is n × n, `matrix[i][j]` how many times criterion `ids[i]` matters more than `ids[j]`,
NaN (a blank cell) where the pair is not judged. A pair judged in one cell only is read with its
reciprocal in the other; NaN on the diagonal reads as 1. `random_index` maps n to RI(n) of
complete matrices (criteria/random_index.yaml); `scale` lists the judgment values (default 1-9)
for the value suggested in place of the judgment most at odds. The result has the weights, the
completed matrix, λmax, CI, CR (None when nothing can be checked yet), the judgment most at odds
with its fitting value when CR exceeds `threshold`, the missing pairs, the groups of criteria
linked by judgments and `questions_to_connect`. With nothing missing it equals `ahp_weights`.

Method. The missing judgments take the values that minimise λmax of the completed matrix
(Bozóki, Fülöp & Rónyai 2010, as AHPy does): λmax is a convex function of the logarithms of the
missing values, with a unique minimum when the judgments link every criterion, found here by
BFGS with the exact gradient from the Perron vectors, starting from Harker's (1987)
completion. The weights are the principal eigenvector of the completed matrix. CI is Saaty's
(λmax − n)/(n − 1) of that matrix and CR = CI / RI(n, m), where RI(n, m) is the random index of a
matrix with m of its n(n − 1)/2 pairs missing (see `incomplete_random_index`).

Notation inside the kernels: A is the pairwise matrix, w the right and v the left Perron vector,
y the logarithms of the missing values, n the number of criteria, m the missing pairs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh._checks import _as_matrix, _check_ids, _check_matrix
from prioritizer.core.weigh.ahp import (
    CONSISTENCY_THRESHOLD,
    _check_threshold,
    _random_index_for,
    consistency_index,
    principal_eigenpair,
    worst_judgment,
)
from prioritizer.results.judgments import IncompleteAhp
from prioritizer.results.weights import FloatArray

GRADIENT_TOLERANCE = 1e-10
"""Stop when every partial derivative of λmax (in log-values) is this small, or when rounding
allows no further progress: the completed values are then exact to about 1e-6 relative (λmax is
flat at its minimum), far below any judgment's precision."""


# --------------------------------------------------------------------------- kernels


def connected_groups(known: npt.NDArray[np.bool_]) -> tuple[tuple[int, ...], ...]:
    """Indices of the criteria linked to each other by judgments, largest group first (ties: the
    group of the earliest criterion first), each in index order."""
    n = known.shape[0]
    seen: set[int] = set()
    groups: list[tuple[int, ...]] = []
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
        groups.append(tuple(sorted(group)))
    return tuple(sorted(groups, key=lambda group: (-len(group), group[0])))


def incomplete_priorities(matrix: FloatArray) -> FloatArray:
    """Priorities from a pairwise matrix with missing judgments (NaN), by Harker's method.

    Each missing a_ij becomes 0 and a_ii becomes 1 + (judgments missing in row i); the principal
    eigenvector of that matrix is the priority vector. Exact when the known judgments are
    consistent and connect every criterion, and equal to Saaty's eigenvector when none is
    missing. Criteria not connected by judgments to the largest connected group get NaN; the
    group's priorities sum to 1. Used as the starting point of `optimal_completion`.

    References
    ----------
    Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy process.
    Mathematical Modelling, 9(11), 837-848.
    """
    a = np.asarray(matrix, dtype=np.float64)
    n = a.shape[0]
    known = ~np.isnan(a)
    group = list(connected_groups(known)[0])
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


def optimal_completion(matrix: FloatArray) -> FloatArray:
    """The completion of a linked incomplete pairwise matrix (NaN = missing) with least λmax.

    No validation: `matrix` is positive and reciprocal where given, and its judgments link every
    criterion, so the minimum exists and is unique. With y_e = log a_ij for each missing pair
    e = (i, j), ∂λmax/∂y_e = (a_ij v_i w_j − a_ji v_j w_i) / (v · w); λmax is convex in y, so
    BFGS from Harker's completion converges to the global minimum (three times faster here than
    L-BFGS-B, the same λmax to 1e-13). The optimum lies within |y_e| < n (max |log a| + 1), far
    from overflow (a test checks both against the paper's coordinate search).

    References
    ----------
    Bozóki, S., Fülöp, J., & Rónyai, L. (2010). On optimal completion of incomplete pairwise
    comparison matrices. Mathematical and Computer Modelling, 52(1-2), 318-333.
    Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy process.
    Mathematical Modelling, 9(11), 837-848.
    """
    a = np.array(matrix, dtype=np.float64)
    rows, columns = np.nonzero(np.triu(np.isnan(a), k=1))
    if rows.size == 0:
        return a
    from scipy.optimize import minimize  # only when something is missing: scipy is slow to load

    start = incomplete_priorities(a)

    def filled(y: FloatArray) -> FloatArray:
        b = a.copy()
        b[rows, columns] = np.exp(y)
        b[columns, rows] = np.exp(-y)
        return b

    def value_and_gradient(y: FloatArray) -> tuple[float, FloatArray]:
        b = filled(y)
        lambda_max, w = principal_eigenpair(b)
        _, v = principal_eigenpair(b.T)
        gradient = b[rows, columns] * v[rows] * w[columns] - b[columns, rows] * v[columns] * w[rows]
        return lambda_max, gradient / float(v @ w)

    found = minimize(
        value_and_gradient,
        np.log(start[rows] / start[columns]),
        jac=True,
        method="BFGS",
        options={"gtol": GRADIENT_TOLERANCE, "maxiter": 10_000},
    )
    return filled(np.asarray(found.x, dtype=np.float64))


def incomplete_random_index(complete_index: float, n: int, missing: int) -> float:
    """RI(n, m) of an n × n matrix with m pairs missing: RI(n) · (1 − m / m_max).

    m_max = (n − 1)(n − 2)/2 is the most pairs that can be missing while the judgments still
    link every criterion (they then form a tree, whose optimal completion is always consistent:
    CI = 0, so RI(n, m_max) = 0); with nothing missing it is the complete matrix's RI(n). Ágoston
    and Csató (2022) found by simulation that the random index of the λmax-optimal completion
    falls nearly linearly in m between these two ends; this line through them is used, anchored
    to the RI(n) table chosen for complete matrices, so that a complete matrix keeps its CR.
    Their table of simulated values is not reproduced here (not at hand to check).

    References
    ----------
    Ágoston, K. Cs., & Csató, L. (2022). Inconsistency thresholds for incomplete pairwise
    comparison matrices. Omega, 108, 102576.
    """
    most = (n - 1) * (n - 2) // 2
    return complete_index if most == 0 else complete_index * (1.0 - missing / most)


# --------------------------------------------------------------------------- public API


def complete(
    matrix: npt.ArrayLike,
    ids: Sequence[str],
    *,
    random_index: Mapping[int, float],
    threshold: float = CONSISTENCY_THRESHOLD,
    scale: Iterable[float] | None = None,
) -> IncompleteAhp:
    """Weights, consistency and what is missing from pairwise judgments with gaps.

    See the module docstring for the input and the method. Criteria outside the largest group
    linked by judgments get NaN weights, and the CR is that of the group's judgments; the pairs
    that would link the other groups are in `questions_to_connect`.

    References
    ----------
    Bozóki, S., Fülöp, J., & Rónyai, L. (2010). On optimal completion of incomplete pairwise
    comparison matrices. Mathematical and Computer Modelling, 52(1-2), 318-333.
    Ágoston, K. Cs., & Csató, L. (2022). Inconsistency thresholds for incomplete pairwise
    comparison matrices. Omega, 108, 102576.
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York.
    """
    checked_ids = _check_ids(ids)
    a = _check_incomplete(matrix, checked_ids)
    limit = _check_threshold(threshold)
    n = len(checked_ids)
    groups = connected_groups(~np.isnan(a))
    group = list(groups[0])
    size = len(group)
    sub = optimal_completion(a[np.ix_(group, group)])
    lambda_max, w = principal_eigenpair(sub)
    missing_in_group = int(np.isnan(np.triu(a[np.ix_(group, group)], k=1)).sum())
    cycles = (size - 1) * (size - 2) // 2 - missing_in_group
    ci = consistency_index(lambda_max, size)
    ratio: float | None = None
    ri: float | None = None
    if cycles > 0 or not np.isnan(a).any():
        ri = incomplete_random_index(_random_index_for(size, random_index), size, missing_in_group)
        ratio = 0.0 if size <= 2 else ci / ri
    completed = np.full((n, n), np.nan)
    completed[np.ix_(group, group)] = sub
    weights = np.full(n, np.nan)
    weights[group] = w
    worst = None
    if ratio is not None and ratio > limit:
        given = a[np.ix_(group, group)]
        names = tuple(checked_ids[index] for index in group)
        worst = worst_judgment(given, w, names, scale)
    missing = tuple(
        (checked_ids[i], checked_ids[j])
        for i in range(n)
        for j in range(i + 1, n)
        if math.isnan(a[i, j])
    )
    return IncompleteAhp(
        ids=checked_ids,
        matrix=a,
        completed=completed,
        weights=weights,
        groups=tuple(tuple(checked_ids[index] for index in g) for g in groups),
        missing=missing,
        questions_to_connect=tuple(
            _pair(checked_ids, groups[0][0], other[0]) for other in groups[1:]
        ),
        cycles=cycles,
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=ratio,
        random_index_used=ri,
        threshold=limit,
        worst_judgment=worst,
    )


def _pair(ids: tuple[str, ...], i: int, j: int) -> tuple[str, str]:
    """Criteria i and j as a question, the earlier one (in `ids`) as the row."""
    return (ids[i], ids[j]) if i < j else (ids[j], ids[i])


def _check_incomplete(matrix: npt.ArrayLike, ids: tuple[str, ...]) -> FloatArray:
    """A validated pairwise matrix over `ids` with NaN where a pair is not judged.

    A pair given in one cell gets its reciprocal in the other and a blank diagonal reads as 1;
    every given cell is then checked as in a complete matrix (the error names the cell).
    """
    a = _as_matrix(matrix)
    blank = np.isnan(a)
    missing = blank & blank.T
    np.fill_diagonal(missing, False)
    stand_in = a.copy()
    one_sided = blank & ~blank.T
    with np.errstate(divide="ignore", over="ignore"):
        mirrored = np.where(np.isfinite(a.T) & (a.T > 0), 1.0 / a.T, 1.0)
    stand_in[one_sided] = mirrored[one_sided]
    stand_in[blank & blank.T] = 1.0
    checked = _check_matrix(stand_in, ids)
    checked[missing] = np.nan
    return checked
