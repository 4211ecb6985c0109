"""The portfolio's robustness: the core index of every project (share of scenarios in
which it is in the best portfolio), by enumerating the feasible portfolios once when they are
few, else by the budget recursion on the projects each scenario's bound leaves open
(`reduction`), or one integer program per scenario on a model kept in HiGHS where the recursion
cannot hold the problem; and how far the project values can move.

Why one module past 400 lines: the core index's three engines (enumeration, the reduced
recursion scenario by scenario, the kept HiGHS model) must agree project for project, and the
stability intervals reuse the same scenario setup; they are read and tested together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from prioritizer.core.portfolio import Solver, diagnose_infeasibility, optimal_selection
from prioritizer.core.portfolio.formulas import meets_rules
from prioritizer.core.portfolio.knapsack import plan
from prioritizer.core.portfolio.reduction import UNBOUNDED, Reducer
from prioritizer.core.portfolio.session import Session
from prioritizer.core.robustness.acceptability import _Setup
from prioritizer.core.robustness.common import (
    _MAX_CELLS,
    DEFAULT_CHUNK,
    MAX_ENUMERATED,
    MAX_PORTFOLIOS,
    BoolArray,
    FloatArray,
    IntArray,
    Progress,
    Scorer,
    _current_weights,
    _positive_int,
    _weight_rows,
)
from prioritizer.core.robustness.stability import _grid, _path, _precision, _stability_interval
from prioritizer.errors import InvalidMatrix, SolverFailure
from prioritizer.phrases import phrase
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.robustness import (
    CoreIndex,
    CoreMethod,
    StabilityInterval,
    StabilitySubject,
)

# ---------------------------------------------------------------------------------------------
# Portfolio core index.
# ---------------------------------------------------------------------------------------------


def feasible_portfolios(
    problem: PortfolioProblem, *, max_projects: int = MAX_ENUMERATED, limit: int = MAX_PORTFOLIOS
) -> BoolArray | None:
    """Every portfolio that meets the budget and every rule, one 0/1 row each (k x n).

    Why: with the feasible set written down once, each weight scenario's optimum is an argmax
    of one matrix product instead of an integer program. Subsets are grown project by project
    (project i is bit i), pruned as soon as the budget, an exclusion or the project cap is
    broken; mandatory projects are in from the start; requirements, group minimums (count
    and share of the budget, in whole soles as `prioritizer.core.portfolio` rounds them) and
    required gap coverage are checked at the end. Rows come in increasing bit order.
    Returns None when the problem has more than `max_projects` candidates or more than
    `limit` feasible portfolios (then a solver per scenario is the better tool).

    References
    ----------
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505 (the set of feasible portfolios and its non-dominated subset).
    """
    n = problem.size
    if n > max_projects:
        return None
    costs = np.asarray(problem.costs_pen, dtype=np.int64)
    budget = int(problem.budget_pen)
    cap = n if problem.max_projects is None else int(problem.max_projects)
    forced = np.zeros(n, dtype=bool)
    forced[[problem.index(p) for p in problem.mandatory]] = True
    partners: list[int] = [0] * n
    for a, b in problem.excludes:
        i, j = problem.index(a), problem.index(b)
        partners[i] |= 1 << j
        partners[j] |= 1 << i
    masks = np.zeros(1, dtype=np.int64)
    spend = np.zeros(1, dtype=np.int64)
    count = np.zeros(1, dtype=np.int64)
    for i in range(n):
        bit = np.int64(1 << i)
        grow = (spend + costs[i] <= budget) & (count < cap) & ((masks & partners[i]) == 0)
        if forced[i]:
            masks, spend, count = masks[grow] | bit, spend[grow] + costs[i], count[grow] + 1
        else:
            masks = np.concatenate([masks, masks[grow] | bit])
            spend = np.concatenate([spend, spend[grow] + costs[i]])
            count = np.concatenate([count, count[grow] + 1])
        if len(masks) > limit:
            return None
    chosen = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    keep = meets_rules(problem, chosen.astype(np.int64), budget_pen=None)  # every rule, one copy
    return np.asarray(chosen[keep], dtype=bool)


def core_index(
    problem: PortfolioProblem,
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    normalization: Normalization | str = Normalization.VECTOR,
    tolerance: float = 1e-9,
    chunk_size: int = DEFAULT_CHUNK,
    solver: Solver = "highs",
    max_enumerated: int = MAX_ENUMERATED,
    progress: Progress | None = None,
) -> CoreIndex:
    """Share of weight scenarios in which each project is in the optimal portfolio.

    Why: Robust Portfolio Modeling's question, "which projects are worth funding whatever the
    weights?". In each scenario (a row of `weights` over `criteria`) the project values are
    the TOPSIS closeness of the projects (rows of `matrix`, in `problem.ids` order) on those
    criteria, as the portfolio's "score" mode uses them (cost is the budget, not a
    criterion), and the optimum is found exactly: by argmax over `feasible_portfolios`
    (chunked F @ v), or, when the feasible set is too large to enumerate (more than
    `max_enumerated` projects or `MAX_PORTFOLIOS` portfolios), by the budget recursion on the
    projects each scenario's Lagrangian bound leaves open, with one integer program (`solver`)
    for a scenario whose answer breaks a rule the recursion relaxes or a problem it cannot
    hold. Optimal portfolios within `tolerance` (relative to the optimum, at least
    absolute) count as tied; the first in enumeration order is kept and
    the scenario is counted in `tied_samples`. Classes: core >= 0.95, exterior <= 0.05,
    borderline otherwise. `problem.values` is not used (each scenario has its own values).

    Raises
    ------
    InvalidMatrix
        When the problem is in coverage mode (its value does not depend on the weights) or
        the matrix, weights or criteria do not fit the problem.
    PortfolioInfeasible
        When no portfolio meets the rules (the same diagnosis as `select_portfolio`).

    References
    ----------
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505.
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    """
    _require_score_mode(problem)
    W = _weight_rows(weights)
    chunk = _positive_int(chunk_size, "chunk_size")
    values = _value_scorer(problem, matrix, types, criteria, W[0], normalization, tolerance)
    S, n = W.shape[0], problem.size
    F = feasible_portfolios(problem, max_projects=max_enumerated)
    if F is not None and not len(F):
        raise diagnose_infeasibility(problem, solver=solver)
    counts = np.zeros(n, dtype=np.int64)
    optima: set[bytes] = set()
    tied = 0
    if F is not None:
        portfolios = F.astype(np.float64)
        block = max(1, min(chunk, _MAX_CELLS // max(len(F), 1)))
        for begin in range(0, S, block):
            picked, ties, _ = _best_rows(portfolios, values(W[begin : begin + block]), tolerance)
            rows = F[picked]
            counts += rows.sum(axis=0)
            optima.update(np.packbits(row).tobytes() for row in np.unique(rows, axis=0))
            tied += ties
            if progress is not None:
                progress(min(begin + block, S), S)
    else:
        scenarios = _Scenarios(problem, solver)
        for begin in range(0, S, chunk):
            for row in scenarios.solve_many(values(W[begin : begin + chunk])):
                counts += row
                optima.add(np.packbits(row).tobytes())
            if progress is not None:
                progress(min(begin + chunk, S), S)
    return CoreIndex(
        ids=problem.ids,
        shares=counts / S,
        samples=S,
        method=CoreMethod.ENUMERATION if F is not None else CoreMethod.SOLVER,
        feasible_portfolios=None if F is None else len(F),
        tied_samples=None if F is None else tied,
        distinct_optima=len(optima),
    )


def _require_score_mode(problem: PortfolioProblem) -> None:
    """Refuses coverage mode: its value does not depend on the weights, so nothing moves."""
    if problem.value_mode != "score":
        raise InvalidMatrix(
            "value_mode",
            expected=phrase("'score' (coverage does not depend on the weights)"),
            got=problem.value_mode,
        )


def _value_scorer(
    problem: PortfolioProblem,
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    criteria: Sequence[str],
    first: FloatArray,
    normalization: Normalization | str,
    tolerance: float,
) -> Scorer:
    """Weight rows -> project values (TOPSIS closeness, clipped at 0 as the portfolio's values)."""
    setup = _Setup.build(
        matrix,
        types,
        problem.ids,
        criteria,
        first,
        Method.TOPSIS,
        normalization,
        AhpMode.DISTRIBUTIVE,
        tolerance,
    )

    def values(W: FloatArray) -> FloatArray:
        return np.clip(setup.score(W), 0.0, None)

    return values


def _best_rows(
    portfolios: FloatArray, values: FloatArray, tolerance: float
) -> tuple[IntArray, int, FloatArray]:
    """Per scenario: the first portfolio within `tolerance` of the best, how many scenarios
    had a tie, and the best value."""
    totals = values @ portfolios.T
    best = totals.max(axis=1)
    near = totals >= (best - tolerance * np.maximum(np.abs(best), 1.0))[:, None]
    picked = np.argmax(near, axis=1)
    return picked, int((near.sum(axis=1) > 1).sum()), best


class _Scenarios:
    """Each scenario's optimal portfolio on one model kept in HiGHS: new values, same rules.

    The best portfolio found so far for any scenario starts the next search (it meets every
    rule, whatever the values). `solver="cbc"` solves each scenario on a fresh model with CBC.
    """

    def __init__(self, problem: PortfolioProblem, solver: Solver) -> None:
        self.problem = problem
        self.solver = solver
        self.session: Session | None = None  # built at the first scenario
        self.pool: list[IntArray] = []
        # Only the tables of the projects each scenario leaves open are built (`reduction`).
        layout = plan(problem, problem.budget_pen, cells=UNBOUNDED) if solver == "highs" else None
        self.reducer = None if layout is None else Reducer(layout)

    def solve_many(self, V: FloatArray) -> IntArray:
        """Each scenario's optimal portfolio (a row per row of project values `V`): by the
        dynamic programme over the budget, on the projects each scenario's Lagrangian bound
        leaves open, where it holds the problem and the answer meets every rule; by the kept
        model otherwise."""
        rows = np.zeros((len(V), self.problem.size), dtype=np.int64)
        todo = list(range(len(V)))
        if self.reducer is not None:
            unit = self.reducer.layout.unit
            found = self.reducer.optima(V, self.problem.budget_pen // unit)
            if (found.values == -np.inf).any():
                raise diagnose_infeasibility(self.problem, solver=self.solver)
            ok = ~np.isnan(found.values)
            ok[ok] = meets_rules(self.problem, found.rows[ok], budget_pen=self.problem.budget_pen)
            rows[ok] = found.rows[ok]
            todo = np.flatnonzero(~ok).tolist()
        for s in todo:
            rows[s] = self.solve(V[s])
        return rows

    def solve(self, values: FloatArray) -> IntArray:
        """The optimal portfolio for one scenario's project values."""
        if self.solver == "cbc":
            return self._fresh(values)
        if self.session is None:
            self.session = Session(self.problem)
        self.session.revalue(values)
        start = None
        if self.pool:
            totals = np.asarray(self.pool) @ values
            start = self.pool[int(np.argmax(totals))]
        answer = self.session.maximise(budget_pen=self.problem.budget_pen, start=start)
        if answer.chosen is None:
            raise diagnose_infeasibility(self.problem, solver=self.solver)
        if answer.state != "optimal":
            raise SolverFailure(
                phrase("the solver stopped before proving a scenario's portfolio optimal")
            )
        row = np.asarray(answer.chosen, dtype=np.int64)
        if not any(np.array_equal(row, known) for known in self.pool[-64:]):
            self.pool.append(row)
        return row

    def _fresh(self, values: FloatArray) -> IntArray:
        scenario = replace(self.problem, values=values)
        found = optimal_selection(scenario, budget_pen=self.problem.budget_pen, solver="cbc")
        if found is None:
            raise diagnose_infeasibility(self.problem, solver=self.solver)
        if found.status != "optimal":
            raise SolverFailure(
                phrase("the solver stopped before proving a scenario's portfolio optimal")
            )
        chosen = set(found.selected)
        return np.array([p in chosen for p in self.problem.ids], dtype=np.int64)


def portfolio_stability(
    problem: PortfolioProblem,
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    normalization: Normalization | str = Normalization.VECTOR,
    tolerance: float = 1e-9,
    grid_points: int = 1001,
    precision: float = 1e-6,
    solver: Solver = "highs",
    max_enumerated: int = MAX_ENUMERATED,
    progress: Progress | None = None,
) -> tuple[StabilityInterval, ...]:
    """Per criterion, the interval of its weight within which the chosen portfolio stays optimal.

    Why: the companion of `ranking_stability` for the portfolio: how far can a weight move
    before a different set of projects is worth more? Project values are recomputed as in
    `core_index` along the same proportional path; the portfolio chosen at `weights` (the
    first optimum in enumeration order) holds while its value is within `tolerance` of the
    optimum (a tie still holds). `below` and `above` name the optimal portfolio beyond each
    end. Grid and bisection as in `ranking_stability`; with more projects than
    `max_enumerated` each point is one integer program (slow: lower `grid_points`).
    `progress` (criteria done, criteria) is told before the first and after each criterion.

    References
    ----------
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505.
    Mareschal, B. (1988). Weight stability intervals in multicriteria decision aid. European
    Journal of Operational Research, 33(1), 54-64.
    """
    _require_score_mode(problem)
    w = _current_weights(weights)
    labels = tuple(criteria)
    if len(w) != len(labels):
        raise InvalidMatrix(
            "weights", expected=phrase("{count} weights", count=len(labels)), got=w.tolist()
        )
    values = _value_scorer(problem, matrix, types, labels, w, normalization, tolerance)
    grid = _grid(grid_points)
    step = _precision(precision)
    F = feasible_portfolios(problem, max_projects=max_enumerated)
    if F is not None and not len(F):
        raise diagnose_infeasibility(problem, solver=solver)

    portfolios = None if F is None else F.astype(np.float64)
    scenarios = _Scenarios(problem, solver)

    def optima(V: FloatArray) -> tuple[IntArray, FloatArray]:
        """Each scenario's kept optimum (rows of 0/1) and optimal value."""
        if portfolios is not None:
            picked, _, best = _best_rows(portfolios, V, tolerance)
            return np.asarray(F, dtype=np.int64)[picked], best
        rows = scenarios.solve_many(V)
        return rows, np.einsum("sn,sn->s", V, rows)

    def members(row: IntArray) -> tuple[str, ...]:
        return tuple(p for p, x in zip(problem.ids, row, strict=True) if x)

    current = optima(values(w[None, :]))[0][0]
    intervals = []
    if progress is not None:
        progress(0, len(labels))
    for j, criterion in enumerate(labels):

        def inside(t: FloatArray, j: int = j) -> BoolArray:
            V = values(_path(w, j, t))
            _, best = optima(V)
            return np.asarray(V @ current >= best - tolerance * np.maximum(np.abs(best), 1.0))

        def describe(t: float, j: int = j) -> tuple[str, ...]:
            return members(optima(values(_path(w, j, np.array([t]))))[0][0])

        intervals.append(
            _stability_interval(
                criterion,
                StabilitySubject.PORTFOLIO,
                float(w[j]),
                members(current),
                inside,
                describe,
                grid,
                step,
            )
        )
        if progress is not None:
            progress(j + 1, len(labels))
    return tuple(intervals)
