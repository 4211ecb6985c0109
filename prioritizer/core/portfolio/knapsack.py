"""Exact dynamic programming over the budget, for the portfolios it can hold: every budget and
every project's flip at once.

Why: the integer program answers one question per solve; a why-line per project, a frontier
point per budget and a portfolio per weight scenario each cost a full solve. When the money,
counted in `money_unit`s, is small enough and the value is a sum of project scores, one pass
of dynamic programming over the budget answers all of them: the best value within every budget
(the frontier), and, with a second pass from the other end, the best value with any one
project forced in or out (the why-lines).

What it holds exactly: the budget, mandatory projects, requires and excludes (projects linked
by them form a component, whose allowed subsets are listed as its options). Group minimums and
the project cap are not in the recursion: every answer is re-checked against all the rules,
and an answer that breaks one is only an upper bound (the recursion relaxes those rules), to
be settled by the solver. Minimum budget shares, required coverage and the coverage value are
not held at all (`plan` returns None).

References
----------
Martello, S. & Toth, P. (1990). Knapsack Problems: Algorithms and Computer Implementations.
Wiley (dynamic programming over capacity; Sec. 2.6).
Kellerer, H., Pferschy, U. & Pisinger, D. (2004). Knapsack Problems. Springer (multiple-choice
knapsack, Ch. 11: one option per class).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from prioritizer.core.portfolio.formulas import _cost_units, meets_rules, money_unit, violated_rules
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio_problem import PortfolioProblem

FloatArray = npt.NDArray[np.float64]

MAX_CELLS = 100_000_000
"""Largest table (classes x budget units) for the why-lines: the option picks, 2 bytes a cell
in each direction (400 MB at most); values are kept for a few rows only."""
FORWARD_CELLS = 2 * MAX_CELLS
"""Largest table for a forward pass alone (the optimum, the frontier): the same 400 MB."""
MAX_COMPONENT = 12
"""Largest group of linked projects whose subsets are listed (4,096 at most)."""
_NEG = -np.inf


@dataclass(frozen=True, slots=True)
class Plan:
    """The problem as classes of options: component k's options, their cost in units, value and
    0/1 membership of the component's projects."""

    problem: PortfolioProblem
    unit: int
    members: tuple[IntArray, ...]
    choices: tuple[IntArray, ...]
    costs: tuple[IntArray, ...]
    values: tuple[FloatArray, ...]
    taken: tuple[tuple[IntArray, ...], ...]
    """The projects each option takes (indices into the problem), class by class."""

    @property
    def size(self) -> int:
        """Number of components."""
        return len(self.members)

    def selection(self, picks: list[int]) -> IntArray:
        """The 0/1 project vector of one option per component."""
        x = np.zeros(self.problem.size, dtype=np.int64)
        taken = [self.taken[k][o] for k, o in enumerate(picks)]
        if taken:
            x[np.concatenate(taken)] = 1
        return x


def plan(
    problem: PortfolioProblem, budget_pen: int | None, *, cells: int = MAX_CELLS
) -> Plan | None:
    """The options of every component, or None when the recursion cannot hold this problem
    (coverage value, minimum shares, required coverage, a component of more than
    `MAX_COMPONENT` projects, or a table past `cells`: `MAX_CELLS` for the why-lines,
    `FORWARD_CELLS` for a forward pass alone)."""
    if (
        problem.value_mode != "score"
        or any(problem.min_share_per_group.values())
        or problem.require_coverage
    ):
        return None
    unit = money_unit(problem)
    costs = _cost_units(problem, unit).astype(np.int64)
    top = int(costs.sum()) if budget_pen is None else budget_pen // unit
    groups = _components(problem)
    if max(len(g) for g in groups) > MAX_COMPONENT or len(groups) * (top + 1) > cells:
        return None
    index = {p: i for i, p in enumerate(problem.ids)}
    requires = [(index[a], index[b]) for a, b in problem.requires]
    excludes = [(index[a], index[b]) for a, b in problem.excludes]
    mandatory = {index[p] for p in problem.mandatory}
    values = np.asarray(problem.values, dtype=np.float64)
    members, choices, option_costs, option_values = [], [], [], []
    for group in groups:
        m = np.array(group, dtype=np.int64)
        where = {p: j for j, p in enumerate(group)}
        grid = (np.arange(1 << len(group))[:, None] >> np.arange(len(group))) & 1
        keep = np.ones(len(grid), dtype=bool)
        for a, b in requires:
            if a in where:
                keep &= grid[:, where[a]] <= grid[:, where[b]]
        for a, b in excludes:
            if a in where:
                keep &= grid[:, where[a]] + grid[:, where[b]] <= 1
        for p in mandatory & set(group):
            keep &= grid[:, where[p]] == 1
        options = grid[keep].astype(np.int64)
        members.append(m)
        choices.append(options)
        option_costs.append(options @ costs[m])
        option_values.append(options @ values[m])
    taken = tuple(
        tuple(m[row.astype(bool)] for row in options)
        for m, options in zip(members, choices, strict=True)
    )
    return Plan(
        problem,
        unit,
        tuple(members),
        tuple(choices),
        tuple(option_costs),
        tuple(option_values),
        taken,
    )


def _components(problem: PortfolioProblem) -> list[list[int]]:
    """Projects linked by requires or excludes, as groups (union-find), in index order."""
    index = {p: i for i, p in enumerate(problem.ids)}
    parent = list(range(problem.size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in (*problem.requires, *problem.excludes):
        ra, rb = root(index[a]), root(index[b])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(problem.size):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


@dataclass(frozen=True, slots=True)
class Tables:
    """A forward pass of the recursion: `final` the best value within each budget of all the
    classes, `picks[k]` the option of class k on the way to it (the backtrack)."""

    final: FloatArray
    picks: npt.NDArray[np.uint16]


@dataclass(frozen=True, slots=True)
class Backward:
    """A backward pass: `picks[k]` the option of class k on the way to the best value of the
    classes >= k; the values of every `every`-th class kept (`rows`), the others recomputed
    block by block (`Backward.block`), so memory grows with the square root of the classes."""

    rows: dict[int, FloatArray]
    picks: npt.NDArray[np.uint16]
    every: int


def _step(
    table: FloatArray, costs: IntArray, values: FloatArray
) -> tuple[FloatArray, npt.NDArray[np.uint16]]:
    """One class of the recursion: best value within each budget with one option of the class,
    and which option (the first of equal value); `values[..., o]` is option o's value, per
    scenario when `table` has a leading axis. Written for speed (the recursion's inner loop):
    the first option, when it costs nothing, starts the table; the second's pick is its test."""
    pick = np.zeros(table.shape, dtype=np.uint16)
    width = table.shape[-1]
    options = costs.tolist()
    if options and options[0] == 0:  # the first (often "none of the class") fills every budget
        first = values[..., 0]
        out = table + (first[..., None] if np.ndim(first) else first)
    else:
        out = np.full_like(table, _NEG)
    for o, c in enumerate(options):
        if c < width and (o or c):
            v = values[..., o]
            shifted = table[..., : width - c] + (v[..., None] if np.ndim(v) else v)
            better = shifted > out[..., c:]
            np.maximum(out[..., c:], shifted, out=out[..., c:])
            if o == 1:  # every pick is still 0: the comparison is the pick
                pick[..., c:] = better
            else:
                np.copyto(pick[..., c:], o, where=better)
    return out, pick


def forward(plan: Plan, top: int) -> Tables:
    """The forward pass over every class within budgets 0..`top` units."""
    row = np.zeros(top + 1)
    picks = np.zeros((plan.size, top + 1), dtype=np.uint16)
    for k in range(plan.size):
        row, picks[k] = _step(row, plan.costs[k], plan.values[k])
    return Tables(row, picks)


def backward(plan: Plan, top: int) -> Backward:
    """The backward pass: classes K-1..0 within budgets 0..`top` units."""
    every = max(1, math.isqrt(plan.size))
    row = np.zeros(top + 1)
    rows = {plan.size: row}
    picks = np.zeros((plan.size, top + 1), dtype=np.uint16)
    for k in range(plan.size - 1, -1, -1):
        row, picks[k] = _step(row, plan.costs[k], plan.values[k])
        if k % every == 0:
            rows[k] = row
    return Backward(rows, picks, every)


def _block(plan: Plan, back: Backward, start: int) -> dict[int, FloatArray]:
    """The backward values of classes start+1 .. start+every (from the next kept row)."""
    high = min(start + back.every, plan.size)
    row = back.rows[high]
    out = {high: row}
    for k in range(high - 1, start, -1):
        row, _ = _step(row, plan.costs[k], plan.values[k])
        out[k] = row
    return out


def trace(
    plan: Plan, picks: npt.NDArray[np.uint16], budget: int, *, upto: int | None = None
) -> list[int]:
    """The options of classes < `upto` (all by default) on the forward way to the best value
    within `budget` units."""
    last = plan.size if upto is None else upto
    chosen = [0] * last
    b = budget
    for k in range(last, 0, -1):
        o = int(picks[k - 1][b])
        chosen[k - 1] = o
        b -= int(plan.costs[k - 1][o])
    return chosen


def trace_back(plan: Plan, picks: npt.NDArray[np.uint16], start: int, budget: int) -> list[int]:
    """The options of classes >= `start` on the backward way to their best within `budget`."""
    chosen = []
    b = budget
    for k in range(start, plan.size):
        o = int(picks[k][b])
        chosen.append(o)
        b -= int(plan.costs[k][o])
    return chosen


@dataclass(frozen=True, slots=True)
class Flip:
    """The best portfolio of a question (the optimum, or one project flipped): `chosen` (None
    when none fits) and its value under the recursion; `holds` is False when it breaks a
    relaxed rule (then `value` is only an upper bound on the question's true best)."""

    chosen: IntArray | None
    value: float
    holds: bool


def best(plan: Plan, budget_pen: int) -> Flip:
    """The cheapest best portfolio within the budget (`chosen` None when none fits, even with
    the relaxed rules), re-checked against every rule (`holds`)."""
    top = budget_pen // plan.unit
    tables = forward(plan, top)
    final = tables.final
    if not np.isfinite(final[top]):
        return Flip(None, _NEG, True)
    x = plan.selection(trace(plan, tables.picks, cheapest(final, top)))
    return Flip(x, float(final[top]), not violated_rules(plan.problem, x, budget_pen=budget_pen))


def flips(plan: Plan, budget_pen: int, chosen: IntArray) -> list[Flip]:
    """For every project, the best portfolio with that project the other way than `chosen`.

    The forward values are swept class by class and the backward ones recomputed block by
    block, so only the option picks (2 bytes a cell) are kept for every class.
    """
    top = budget_pen // plan.unit
    back = backward(plan, top)
    front = np.zeros(top + 1)
    front_picks = np.zeros((plan.size, top + 1), dtype=np.uint16)
    found: dict[int, tuple[IntArray | None, float]] = {}
    block: dict[int, FloatArray] = {}
    for k in range(plan.size):
        if k % back.every == 0:
            block = _block(plan, back, k)
        after = block[k + 1]
        for j, p in enumerate(plan.members[k].tolist()):
            allowed = plan.choices[k][:, j] != chosen[p]
            best_value, best_pick, best_split = _NEG, -1, 0
            for o in np.flatnonzero(allowed).tolist():
                room = top - int(plan.costs[k][o])
                if room < 0:
                    continue
                totals = front[: room + 1] + after[room::-1]
                split = int(np.argmax(totals))
                value = float(totals[split]) + float(plan.values[k][o])
                if value > best_value:
                    best_value, best_pick, best_split = value, o, split
            if best_pick < 0 or not np.isfinite(best_value):
                found[p] = (None, _NEG)
                continue
            room = top - int(plan.costs[k][best_pick])
            picks = [*trace(plan, front_picks, best_split, upto=k), best_pick]
            picks += trace_back(plan, back.picks, k + 1, room - best_split)
            found[p] = (plan.selection(picks), best_value)
        front, front_picks[k] = _step(front, plan.costs[k], plan.values[k])
    ordered = [found[p] for p in range(plan.problem.size)]
    rows = [x for x, _ in ordered if x is not None]
    checked = iter(
        meets_rules(plan.problem, np.array(rows), budget_pen=budget_pen).tolist() if rows else []
    )
    return [
        Flip(None, value, True) if x is None else Flip(x, value, bool(next(checked)))
        for x, value in ordered
    ]


def cheapest(final: FloatArray, budget: int, slack: float | None = None) -> int:
    """The least budget (units) within `budget` whose best value is that of `budget` (within
    `slack`; by default the tie tolerance): where the cheapest portfolio of that value lies."""
    best_value = float(final[budget])
    margin = tie_tolerance(best_value) if slack is None else slack
    return int(np.argmax(final[: budget + 1] >= best_value - margin))


def tie_tolerance(value: float) -> float:
    """How far below a best value another still counts as equal (1e-9, relative past 1)."""
    return 1e-9 * max(1.0, abs(value)) if np.isfinite(value) else 0.0
