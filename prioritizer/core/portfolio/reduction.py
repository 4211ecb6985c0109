"""Each weight scenario's optimum by the budget recursion on the few projects still in doubt.

Why: a robustness run asks for thousands of optima of one problem under different project
values. The recursion over the whole budget costs classes x budget units per scenario (about
20 ms for 300 candidates); but in any one scenario most projects are clearly in or clearly out.
A Lagrangian bound settles them: for any price r >= 0 of a budget unit,

    L(r) = r B + sum_k max_o (v_ko - r c_ko)

bounds every portfolio within the budget (weak duality), and forcing class k to option o costs
at least pen_ko = max_o' (v_ko' - r c_ko') - (v_ko - r c_ko) of that bound. Options with
pen_ko > delta are dropped, classes left with one option are fixed, and the recursion runs on
the rest within the budget they leave. The answer z is exact when z >= L - delta (every dropped
option leads to less than L - delta); otherwise delta grows to L - z, which then holds for sure.
The rules the recursion relaxes (group minimums, the project cap) are checked by the caller, as
for the full recursion.

References
----------
Dembo, R. S. & Hammer, P. L. (1980). A reduction algorithm for knapsack problems. Methods of
Operations Research, 36, 49-60 (fixing variables by the Lagrangian bound).
Kellerer, H., Pferschy, U. & Pisinger, D. (2004). Knapsack Problems. Springer (Sec. 3.2,
reduction; Ch. 11, the multiple-choice knapsack and its Lagrangian relaxation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

import prioritizer.core.portfolio.knapsack as knapsack
from prioritizer.core.portfolio.knapsack import Plan
from prioritizer.results.arrays import IntArray

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

UNBOUNDED = 2**62
"""`knapsack.plan`'s table limit for a reduction: its tables span only the open classes."""
BLOCK = 512
"""Scenarios whose option values and prices are found together (block x classes x options)."""
_STEPS = 32
"""Bisection steps for the price r: any r gives a valid bound, these make it a tight one."""


@dataclass(frozen=True, slots=True)
class Reduced:
    """Every scenario's optimum under the rules the recursion holds: 0/1 rows (scenarios x
    projects) and their values (-inf where nothing fits, NaN where even the reduced table
    would pass `knapsack.FORWARD_CELLS`: left to the caller's solver); for the record, how
    many projects the recursion still had to decide (median over scenarios) and how many
    recursions ran (more than the scenarios when a first guess of the gap was too tight)."""

    rows: IntArray
    values: FloatArray
    median_open: float
    recursions: int


def scenario_optima(layout: Plan, project_values: FloatArray, top: int | npt.ArrayLike) -> Reduced:
    """The cheapest best portfolio within `top` budget units (one for all rows, or one per
    row) for each row of `project_values`: the value and the cost `knapsack.best` finds, with
    the recursion run on the classes still open (among portfolios of equal value and cost it
    may take another, its sums being added in another order)."""
    return Reducer(layout).optima(project_values, top)


class Reducer:
    """`scenario_optima` for a caller that asks again and again (the core index block by block,
    a stability interval point by point): the recent gaps and optima that make the first guess
    good are kept from one call to the next."""

    def __init__(self, layout: Plan) -> None:
        self.layout = layout
        padded = None if any(len(c) == 0 for c in layout.costs) else _padded(layout)
        self.padded = padded  # None: rules that contradict, nothing ever fits
        self.gaps: list[float] = []
        self.pool = _Pool(np.asarray(layout.problem.costs_pen, dtype=np.int64) // layout.unit)

    def optima(self, project_values: FloatArray, top: int | npt.ArrayLike) -> Reduced:
        """As `scenario_optima`, learning from every answer for the next ones."""
        layout = self.layout
        S = len(project_values)
        tops = np.broadcast_to(np.asarray(top, dtype=np.int64), (S,))
        rows = np.zeros((S, layout.problem.size), dtype=np.int64)
        values = np.full(S, -np.inf)
        if self.padded is None:  # nothing ever fits
            return Reduced(rows, values, 0.0, 0)
        costs, valid = self.padded
        opened: list[int] = []
        recursions = 0
        for begin in range(0, S, BLOCK):
            X = _option_values(layout, project_values[begin : begin + BLOCK], costs.shape[1])
            block_tops = tops[begin : begin + BLOCK]
            bound, penalty = _lagrangian(X, costs, valid, block_tops)
            for s in range(len(X)):
                known = self.pool.best(project_values[begin + s], int(block_tops[s]))
                guess = _first_delta(self.gaps, bound[s])
                delta = min(guess, _proven_delta(float(bound[s]), known))
                row, value, open_count, runs = _solve(
                    layout, X[s], costs, penalty[s], float(bound[s]), int(block_tops[s]), delta
                )
                recursions += runs
                values[begin + s] = value
                if row is not None:  # value finite: every class has options
                    rows[begin + s] = row
                    self.gaps = [*self.gaps[-31:], float(bound[s]) - value]
                    self.pool.add(row)
                opened.append(open_count)
        return Reduced(rows, values, float(np.median(opened)) if opened else 0.0, recursions)


def _padded(layout: Plan) -> tuple[IntArray, BoolArray]:
    """The options' costs as one array (classes x most options, 0 past a class's options) and
    which of its cells are options."""
    n_options = max(len(c) for c in layout.costs)
    costs = np.zeros((layout.size, n_options), dtype=np.int64)
    valid = np.zeros((layout.size, n_options), dtype=bool)
    for k, c in enumerate(layout.costs):
        costs[k, : len(c)] = c
        valid[k, : len(c)] = True
    return costs, valid


class _Pool:
    """The latest distinct optima (0/1 rows) and their costs in units: each one fits every
    budget it costs no more than and keeps every rule the recursion holds, so the best of them
    under a scenario's values is a portfolio the reduction may compare against."""

    SIZE = 64

    def __init__(self, unit_costs: IntArray) -> None:
        self.unit_costs = unit_costs
        self.rows = np.zeros((0, len(unit_costs)), dtype=np.int64)
        self.costs = np.zeros(0, dtype=np.int64)

    def best(self, values: FloatArray, top: int) -> float:
        """The best value among the kept optima that fit within `top` units (-inf: none)."""
        fits = self.costs <= top
        return float((self.rows[fits] @ values).max()) if fits.any() else -np.inf

    def add(self, row: IntArray) -> None:
        """Keeps `row` (first in line) unless it is already kept."""
        if (self.rows == row).all(axis=1).any():
            return
        self.rows = np.vstack([row[None], self.rows[: self.SIZE - 1]])
        self.costs = self.rows @ self.unit_costs


def _proven_delta(bound: float, known: float) -> float:
    """A gap that settles the scenario in one recursion: a known portfolio worth `known`
    keeps every option it uses, and the answer is worth at least as much (inf: none known)."""
    if not np.isfinite(known):
        return np.inf
    return bound - known + knapsack.tie_tolerance(known) + 8e-9 * max(1.0, abs(bound))


def _option_values(layout: Plan, V: FloatArray, n_options: int) -> FloatArray:
    """Each option's value per scenario (scenarios x classes x options, -inf past a class's
    options)."""
    X = np.full((len(V), layout.size, n_options), -np.inf)
    for k, (choices, members) in enumerate(zip(layout.choices, layout.members, strict=True)):
        X[:, k, : len(choices)] = V[:, members] @ choices.T
    return X


def _lagrangian(
    X: FloatArray, costs: IntArray, valid: BoolArray, tops: IntArray
) -> tuple[FloatArray, FloatArray]:
    """Per scenario, the bound L(r) at a price r found by bisection (the least r whose picks fit
    the budget), and each option's penalty pen_ko (inf for options that do not exist)."""
    spread = np.where(valid, X, 0.0)
    low = np.zeros(len(X))
    high = np.full(len(X), float(np.ptp(spread)) + 1.0)  # past it every class takes its cheapest
    classes = np.arange(X.shape[1])
    for _ in range(_STEPS):
        middle = 0.5 * (low + high)
        picks = np.argmax(X - middle[:, None, None] * costs, axis=2)
        over = costs[classes, picks].sum(axis=1) > tops
        low = np.where(over, middle, low)
        high = np.where(over, high, middle)
    reduced = X - high[:, None, None] * costs
    best = reduced.max(axis=2)
    bound = high * tops + best.sum(axis=1)
    return bound, best[:, :, None] - reduced


def _first_delta(gaps: list[float], bound: float) -> float:
    """The first guess of the bound's gap: the largest of the recent scenarios' (a second
    recursion costs more than the few classes a wider guess opens); with none yet, a tiny one
    (few classes open), widened from the answer it gives."""
    if not gaps:
        return 1e-6 * max(1.0, abs(bound))
    return max(gaps) + 1e-9 * max(1.0, abs(bound))


def _solve(
    layout: Plan,
    X: FloatArray,
    costs: IntArray,
    penalty: FloatArray,
    bound: float,
    top: int,
    delta: float,
) -> tuple[IntArray | None, float, int, int]:
    """One scenario: the recursion on the options within `delta` of the bound, widened until
    the answer proves that the dropped options could not beat it; with the projects left open
    and the recursions run."""
    margin = 4e-9 * max(1.0, abs(bound))
    runs = 0
    while True:
        runs += 1
        alive = penalty <= delta
        dropped = bool((np.isfinite(penalty) & ~alive).any())
        open_classes = np.flatnonzero(alive.sum(axis=1) > 1)
        row, value = _recurse(layout, X, costs, alive, open_classes, top)
        if np.isnan(value):  # too large a table: for the caller's solver
            return None, value, int(sum(len(layout.members[k]) for k in open_classes)), runs
        slack = knapsack.tie_tolerance(value)
        if not dropped or (row is not None and value - slack - margin >= bound - delta):
            return row, value, int(sum(len(layout.members[k]) for k in open_classes)), runs
        if row is None:
            delta *= 4.0
        else:  # a portfolio within the budget: dropping only what is worse than it is safe
            delta = max(2.0 * delta, bound - value + slack + 2 * margin)


def _recurse(
    layout: Plan,
    X: FloatArray,
    costs: IntArray,
    alive: BoolArray,
    open_classes: IntArray,
    top: int,
) -> tuple[IntArray | None, float]:
    """The cheapest best portfolio with the closed classes at their one option and the open
    ones decided by the recursion within the budget left (None when nothing fits)."""
    closed = np.flatnonzero(alive.sum(axis=1) == 1)
    fixed = np.argmax(alive[closed], axis=1)
    left = top - int(costs[closed, fixed].sum())
    if left < 0:
        return None, -np.inf
    fixed_value = float(X[closed, fixed].sum())
    ks = open_classes.tolist()
    sub = replace(
        layout,
        members=tuple(layout.members[k] for k in ks),
        choices=tuple(layout.choices[k] for k in ks),
        costs=tuple(layout.costs[k] for k in ks),
        values=tuple(
            np.where(alive[k, : len(layout.costs[k])], X[k, : len(layout.costs[k])], -np.inf)
            for k in ks
        ),
        taken=tuple(layout.taken[k] for k in ks),
    )
    room = min(left, int(sum(int(c.max()) for c in sub.costs)))
    if len(ks) * (room + 1) > knapsack.FORWARD_CELLS:
        return None, np.nan
    tables = knapsack.forward(sub, room)
    if not np.isfinite(tables.final[room]):
        return None, -np.inf
    value = float(tables.final[room]) + fixed_value
    least = knapsack.cheapest(tables.final, room, knapsack.tie_tolerance(value))
    row = sub.selection(knapsack.trace(sub, tables.picks, least))
    for k, o in zip(closed.tolist(), fixed.tolist(), strict=True):
        row[layout.taken[k][o]] = 1
    return row, value


def flip_optima(
    layout: Plan,
    top: int,
    chosen: IntArray,
    projects: Iterable[int],
    expired: Callable[[], bool],
) -> Iterator[tuple[int, IntArray | None, float]]:
    """For each project in `projects` (in that order, until `expired()`), the cheapest best
    portfolio within `top` units with that project the other way than in `chosen`, under the
    rules the recursion holds: (project, 0/1 row or None, value), the value -inf when no
    portfolio fits that way and NaN when even the reduced table is too large (not settled).

    Why: the why-lines of a problem too large for one table. The bound of the question is the
    scenario's bound less the least penalty of the options the flip allows in the project's
    class; the other classes keep their penalties.
    """
    if any(len(c) == 0 for c in layout.costs):  # rules that contradict: nothing ever fits
        for p in projects:
            yield p, None, -np.inf
        return
    costs, valid = _padded(layout)
    n_options = costs.shape[1]
    X = _option_values(layout, np.asarray(layout.problem.values, dtype=np.float64)[None], n_options)
    bounds, penalties = _lagrangian(X, costs, valid, np.array([top]))
    home = {int(p): (k, j) for k, m in enumerate(layout.members) for j, p in enumerate(m.tolist())}
    gaps: list[float] = []
    for p in projects:
        if expired():
            return
        k, j = home[p]
        allowed = layout.choices[k][:, j] != chosen[p]
        penalty = penalties[0].copy()
        least = float(penalty[k, : len(allowed)][allowed].min()) if allowed.any() else np.inf
        if not np.isfinite(least):
            yield p, None, -np.inf  # no option of its class takes it the other way
            continue
        penalty[k, : len(allowed)] = np.where(allowed, penalty[k, : len(allowed)] - least, np.inf)
        bound = float(bounds[0]) - least
        row, value, _, _ = _solve(
            layout, X[0], costs, penalty, bound, top, _first_delta(gaps, bound)
        )
        if row is not None:
            gaps = [*gaps[-31:], bound - value]
        yield p, row, value
