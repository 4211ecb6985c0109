"""Weight stability intervals: how far one weight can move (the others rescaled) before
the ranking's head changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.robustness.acceptability import _Setup
from prioritizer.core.robustness.common import (
    BoolArray,
    FloatArray,
    _current_weights,
    _positive_int,
)
from prioritizer.core.robustness.tally import _Positions, _positions
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.robustness import (
    StabilityInterval,
    StabilitySubject,
)
from prioritizer.results.smaa import SmaaMethod

# ---------------------------------------------------------------------------------------------
# Weight stability intervals.
# ---------------------------------------------------------------------------------------------


def ranking_stability(
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    ids: Sequence[str],
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    top: int = 3,
    method: Method | SmaaMethod | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    grid_points: int = 1001,
    precision: float = 1e-6,
) -> tuple[StabilityInterval, ...]:
    """Per criterion, the interval of its weight within which the first `top` keep their order.

    Why: "how far can the weight of cost move before the top three change?" is the question
    a planner can answer about their own judgments. The other weights follow proportionally,
    w_k' = w_k (1 - w_j') / (1 - w_j) (shared equally when they are all 0). The outcome is the
    first `top` alternatives with their competition ranks, so a tie appearing counts as a
    change. Found on a grid of `grid_points` over [0, 1] (plus the current weight), then by
    bisection at each boundary to `precision`; the interval is the run of the grid around the
    current weight, so an excursion narrower than the grid step can be missed.

    References
    ----------
    Triantaphyllou, E., & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences, 28(1), 151-194.
    Mareschal, B. (1988). Weight stability intervals in multicriteria decision aid. European
    Journal of Operational Research, 33(1), 54-64.
    """
    w = _current_weights(weights)
    count = _positive_int(top, "top")
    setup = _Setup.build(
        matrix, types, ids, criteria, w, method, normalization, ahp_mode, tolerance
    )
    if len(w) != len(setup.criteria):
        raise InvalidMatrix(
            "weights",
            expected=phrase("{count} weights", count=len(setup.criteria)),
            got=w.tolist(),
        )
    grid = _grid(grid_points)
    step = _precision(precision)

    def outcomes(W: FloatArray) -> list[tuple[tuple[int, int], ...]]:
        return _heads(_positions(setup.score(W), setup.tolerance), count)

    def names(key: Hashable) -> tuple[str, ...]:
        assert isinstance(key, tuple)
        return tuple(setup.ids[i] for _, i in key)

    intervals = []
    for j, criterion in enumerate(setup.criteria):
        reference = outcomes(_path(w, j, np.array([w[j]])))[0]

        def inside(t: FloatArray, j: int = j, reference: Hashable = reference) -> BoolArray:
            return np.array([key == reference for key in outcomes(_path(w, j, t))])

        def describe(t: float, j: int = j) -> tuple[str, ...]:
            return names(outcomes(_path(w, j, np.array([t])))[0])

        intervals.append(
            _stability_interval(
                criterion,
                StabilitySubject.TOP,
                float(w[j]),
                names(reference),
                inside,
                describe,
                grid,
                step,
            )
        )
    return tuple(intervals)


def _heads(placed: _Positions, top: int) -> list[tuple[tuple[int, int], ...]]:
    """Per scenario, the (competition rank - 1, alternative) pairs of the first `top` places.

    A tie group that starts within the first `top` places is included whole, its members in
    input order, so the outcome does not depend on how the sort ordered them.
    """
    heads = []
    for order, start in zip(placed.order, placed.start, strict=True):
        within = start < top
        pairs = zip(start[within].tolist(), order[within].tolist(), strict=True)
        heads.append(tuple(sorted(pairs)))
    return heads


def _path(w: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Weight rows with w_j = t and the others rescaled proportionally to sum 1 - t."""
    others = w.copy()
    others[j] = 0.0
    total = others.sum()
    if total > 0:
        others /= total
    elif len(w) > 1:
        others[:] = 1.0 / (len(w) - 1)
        others[j] = 0.0
    rows = np.outer(1.0 - t, others)
    rows[:, j] = t
    return rows


def _stability_interval(
    criterion: str,
    subject: StabilitySubject,
    weight: float,
    current: tuple[str, ...],
    inside: Callable[[FloatArray], BoolArray],
    describe: Callable[[float], tuple[str, ...]],
    grid: FloatArray,
    precision: float,
) -> StabilityInterval:
    """One criterion's interval (see `_interval`) as the record both stability reports return."""
    lower, upper, below, above = _interval(inside, describe, weight, grid, precision)
    return StabilityInterval(
        criterion=criterion,
        subject=subject,
        weight=weight,
        lower=lower,
        upper=upper,
        current=current,
        below=below,
        above=above,
        precision=precision,
    )


def _interval(
    inside: Callable[[FloatArray], BoolArray],
    describe: Callable[[float], tuple[str, ...]],
    current: float,
    grid: FloatArray,
    precision: float,
) -> tuple[float, float, tuple[str, ...] | None, tuple[str, ...] | None]:
    """The run of `grid` around `current` where `inside` holds, its ends refined by bisection.

    Returns (lower, upper, outcome below, outcome above); an end that reaches 0 or 1 has no
    outcome beyond it (None). The grid is asked outward from `current` in growing blocks and
    no further than the run's ends: a narrow interval costs a few points, not the whole grid.
    """
    points = np.unique(np.append(grid, current))
    here = int(np.searchsorted(points, current))
    low = here - _run_end(inside, points[here::-1])
    high = here + _run_end(inside, points[here:])
    return _refined(inside, describe, points, low, high, precision)


def _refined(
    inside: Callable[[FloatArray], BoolArray],
    describe: Callable[[float], tuple[str, ...]],
    points: FloatArray,
    low: int,
    high: int,
    precision: float,
) -> tuple[float, float, tuple[str, ...] | None, tuple[str, ...] | None]:
    """The run points[low..high] with each inner end bisected between the last point inside
    and the first out, and the outcome just beyond it."""
    lower, below = float(points[low]), None
    if low > 0:
        lower, outside = _bisect(inside, float(points[low]), float(points[low - 1]), precision)
        # One more step out, past a tie at the boundary itself, to show what comes next.
        below = describe(max(outside - precision, 0.0))
    upper, above = float(points[high]), None
    if high < len(points) - 1:
        upper, outside = _bisect(inside, float(points[high]), float(points[high + 1]), precision)
        above = describe(min(outside + precision, 1.0))
    return lower, upper, below, above


def _run_end(inside: Callable[[FloatArray], BoolArray], outward: FloatArray) -> int:
    """How many points past the first (the current weight, inside by definition) `inside`
    holds without a break, asking blocks of 8, 16, 32, ... points."""
    done, size = 1, 8
    while done < len(outward):
        held = inside(outward[done : done + size])
        if not held.all():
            return done - 1 + int(np.argmin(held))
        done, size = done + len(held), 2 * size
    return done - 1


def _bisect(
    inside: Callable[[FloatArray], BoolArray], held: float, failed: float, precision: float
) -> tuple[float, float]:
    """Narrow [held, failed] to `precision`; returns the last point inside and the first out."""
    while abs(failed - held) > precision:
        middle = 0.5 * (held + failed)
        if inside(np.array([middle]))[0]:
            held = middle
        else:
            failed = middle
    return held, failed


def _grid(points: int) -> FloatArray:
    count = _positive_int(points, "grid_points")
    if count < 2:
        raise InvalidMatrix("grid_points", expected=phrase("at least 2"), got=points)
    return np.linspace(0.0, 1.0, count)


def _precision(precision: float) -> float:
    if not (np.isfinite(precision) and 0 < precision < 1):
        raise InvalidMatrix("precision", expected=phrase("a number between 0 and 1"), got=precision)
    return float(precision)
