"""One portfolio model kept in HiGHS, in process, answering a family of related questions.

PuLP builds the model once (the same formulas as every other solve: `formulas.py`); PuLP's
HiGHS interface hands it to highspy, and the session then changes only what a question
changes — a project's bounds (forced in or out), the budget row, the minimum-share rows that
follow the budget, the objective (value or cost), a floor on value or spend, integrality for
the LP relaxation — and runs HiGHS again on the kept model. No process and no model file per
question; HiGHS starts a search from a known portfolio where the caller has one.

Every answer is checked as `solve.py` checks a fresh model's: status mapped strictly (a
stopped search is "best_found", never "optimal"), the solution rounded and re-checked
against every rule in exact integer arithmetic.

Why one long module (~480 lines): it is one class over one kept HiGHS model; every question
changes the same model state (bounds, rows, objective, options) and restores it, so splitting
the questions from the state would only spread that contract over several files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Literal

import highspy
import numpy as np
import pulp

from prioritizer.core.portfolio.formulas import (
    _cost_units,
    evaluate_portfolio,
    linear_value,
    money_unit,
    portfolio_value,
    rule_form,
    violated_rules,
)
from prioritizer.core.portfolio.lagrange import lagrangian_terms
from prioritizer.core.portfolio.limits import NO_DEADLINE, Clock
from prioritizer.core.portfolio.solve import (
    _constraint,
    _fill_variables,
    _quiet_stdout,
    _run,
    _Spec,
    refuse_broken,
)
from prioritizer.errors import SolverFailure
from prioritizer.phrases import phrase
from prioritizer.results.arrays import FloatArray, IntArray
from prioritizer.results.portfolio_problem import PortfolioProblem, Rule

_INTEGRALITY = 1e-5
_INF = float("inf")
# The cheapest portfolio worth more than a value is asked with a floor a millionth above it; at
# HiGHS 1.16's default tolerances (1e-6 on integrality, 1e-7 on rows) such a floor can be met
# by a project chosen 0.000002 times, and its presolve then returned a portfolio costing 3 as
# "Optimal" (one costing 2 met the floor) or, without presolve, called a feasible question
# infeasible (both found by the frontier's brute-force property test). Cost questions run
# without presolve and with tolerances far below the floor's margin.
_COST_OPTIONS = {
    "presolve": "off",
    "mip_feasibility_tolerance": 1e-9,
    "primal_feasibility_tolerance": 1e-9,
}
_DEFAULT_OPTIONS = {
    "presolve": "choose",
    "mip_feasibility_tolerance": 1e-6,
    "primal_feasibility_tolerance": 1e-7,
}

State = Literal["optimal", "best_found", "infeasible", "stopped"]
_INFEASIBLE = (
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)
_STOPPED = (
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kInterrupt,
    highspy.HighsModelStatus.kIterationLimit,
)


@dataclass(frozen=True, slots=True)
class Answer:
    """One question's answer: the state, the chosen 0/1 vector and the solver's bound.

    `bound` (questions of value only) is an upper bound on the value of any portfolio meeting
    the question's constraints: HiGHS's dual bound; None when not known. "stopped"
    means the time ran out before any portfolio was found.
    """

    state: State
    chosen: IntArray | None = None
    bound: float | None = None


@dataclass(frozen=True, slots=True)
class Relaxation:
    """The LP relaxation of a question: its state, value (an upper bound on any portfolio of
    the question, when "optimal") and the budget's dual per sol (an approximation)."""

    state: State
    value: float | None = None
    dual_per_pen: float | None = None
    levels: FloatArray | None = None
    """Each project's level in the LP optimum (0 to 1), when "optimal"."""


_NAMED_ROWS = ("budget", "value_floor", "spend_floor")


class _SolveError(Exception):
    """HiGHS ended a run with "Solve error" (see `Session._with_cbc`)."""


def highs_available() -> bool:
    """Whether highspy (HiGHS in process) is installed."""
    return bool(pulp.HiGHS(msg=False).available())


class Session:
    """A portfolio model held by HiGHS; `maximise`, `cheapest` and `relax` change and re-run it.

    Money rows count `money_unit`s (exact on 0/1 choices). Minimum shares refer to the budget
    asked for (to the problem's budget when a question has none), as in `solve.py`.
    """

    def __init__(
        self,
        problem: PortfolioProblem,
        *,
        time_limit: float | None = None,
        deadline: Clock = NO_DEADLINE,
    ) -> None:
        if not highs_available():
            raise SolverFailure(
                phrase("HiGHS was asked for but highspy is not installed: pip install highspy")
            )
        self.problem = problem
        self.time_limit = time_limit
        self.deadline = deadline
        self.unit = money_unit(problem)
        model = pulp.LpProblem("portfolio", pulp.LpMinimize)
        x = [model.add_variable(f"x_{i}", 0, 1, pulp.LpBinary) for i in range(problem.size)]
        fill = _fill_variables(model, problem, x) if problem.value_mode == "coverage" else []
        value = portfolio_value(problem, x, fill)
        spend = linear_value(_cost_units(problem, self.unit), x)
        model += -1 * value
        # Placeholders (PuLP refuses infinite sides): the bounds are set per question.
        model += spend <= 0, "budget"
        model += value >= 0, "value_floor"
        model += spend >= 0, "spend_floor"
        shares: list[tuple[str, Rule]] = []
        for k, rule in enumerate(problem.rules()):
            if rule.kind == "min_share_per_group":
                shares.append((f"share_{k}", rule))
                lhs, _, _ = rule_form(problem, rule, x, share_base=0, unit=self.unit)
                model += lhs >= 0, f"share_{k}"
            else:
                form = rule_form(problem, rule, x, share_base=problem.budget_pen, unit=self.unit)
                model += _constraint(*form)
        model += pulp.lpSum(x) <= problem.size, "count"  # every project is a column
        engine = pulp.HiGHS(msg=False, gapRel=0.0, gapAbs=0.0)
        with _quiet_stdout():
            engine.createAndConfigureSolver(model)
            engine.buildSolverModel(model)
        self._highs: Any = model.solverModel
        self._columns = np.array([v.index for v in x], dtype=np.int64)
        row = {name: model.get_constraint_by_name(name).index for name in _NAMED_ROWS}
        self._row = row
        self._shares = [(model.get_constraint_by_name(name).index, rule) for name, rule in shares]
        for row in self._row.values():
            self._highs.changeRowBounds(row, -_INF, _INF)
        self._value_cost = np.array(self._highs.getLp().col_cost_, dtype=np.float64)
        spend_cost = np.zeros(self._highs.getNumCol())
        spend_cost[self._columns] = _cost_units(problem, self.unit).astype(np.float64)
        self._spend_cost = spend_cost
        self._integer = np.array([int(v) for v in self._highs.getLp().integrality_], dtype=np.uint8)
        self._share_base: int | None = None
        self._budget: int | None = None
        self._fixed: dict[int, int] = {}
        self._floors: dict[str, float] = {}
        self._forbidden: list[IntArray] = []
        self._first_cut = int(self._highs.getNumRow())

    # ------------------------------------------------------------------ questions

    def maximise(
        self,
        *,
        budget_pen: int | None,
        fixed: Mapping[int, int] | None = None,
        start: IntArray | None = None,
        min_value: float | None = None,
    ) -> Answer:
        """The best portfolio at `budget_pen` (None: no budget) with projects `fixed` (index
        to 0/1) worth at least `min_value`; `start` seeds the search when it fits (its answer
        is checked, see `_solve`)."""
        floors = None if min_value is None else {"value_floor": min_value}
        with self._question(budget_pen, fixed or {}, objective="value", floors=floors):
            return self._solve(start, value=True)

    def forbid(self, chosen: IntArray) -> None:
        """Exclude one portfolio from every later question (a "no-good" cut, kept until
        `allow_all`): sum over its projects of (1 - x) plus sum over the others of x >= 1.

        Why: the k best portfolios are found one by one on the kept model, each after cutting
        off those found before (Balas & Jeroslow 1972, canonical cuts on the unit hypercube).
        """
        x = np.asarray(chosen, dtype=np.int64)
        signs = np.where(x == 1, -1.0, 1.0)
        lower = 1.0 - float(x.sum())
        self._highs.addRow(lower, _INF, len(x), self._columns.astype(np.int32), signs)
        self._forbidden.append(x)

    def allow_all(self) -> None:
        """Remove every cut made by `forbid`: the model answers for all portfolios again."""
        count = len(self._forbidden)
        if count:
            rows = np.arange(self._first_cut, self._first_cut + count, dtype=np.int32)
            self._highs.deleteRows(count, rows)
        self._forbidden = []

    def cheapest(
        self,
        *,
        budget_pen: int | None = None,
        min_value: float | None = None,
        min_cost_pen: int | None = None,
        share_base_pen: int | None = None,
        fixed: Mapping[int, int] | None = None,
    ) -> Answer:
        """The cheapest portfolio worth at least `min_value` and costing at least
        `min_cost_pen`, within `budget_pen` if given, with projects `fixed` (index to 0/1);
        `bound` is then a lower bound on cost."""
        floor = {
            "value_floor": -_INF if min_value is None else min_value,
            "spend_floor": -_INF if min_cost_pen is None else -(-min_cost_pen // self.unit),
        }
        base = share_base_pen if share_base_pen is not None else budget_pen
        with self._question(
            budget_pen, fixed or {}, objective="cost", floors=floor, share_base=base
        ):
            return self._solve(None, value=False)

    def settled_by_reduced_costs(
        self, *, budget_pen: int | None, min_value: float
    ) -> dict[int, int]:
        """Projects every portfolio worth at least `min_value` within `budget_pen` must take or
        leave (index to 0/1), from the value LP's duals; {} when the LP is not solved.

        Why: for any multipliers y (each signed as its row's bound allows) and d = c - A'y, every
        portfolio x costs c'x >= L(y) + sum_j d_j (x_j - best_j), where L(y) is the Lagrangian
        bound and best_j the bound of x_j that minimises d_j x_j; so a project with
        L(y) + |d_j| > -`min_value` stays at best_j (reduced-cost fixing, made rigorous by
        recomputing the bound from the duals rather than trusting the LP's tolerances;
        Nemhauser & Wolsey 1988, II.2.6). The cheapest of equal value then searches the few
        projects left."""
        with self._question(budget_pen, {}, objective="value"):
            if self._run_lp() != "optimal":
                return {}
            lp = self._highs.getLp()
            duals = np.asarray(self._highs.getSolution().row_dual, dtype=np.float64)
        at_lower, at_upper, rows = lagrangian_terms(lp, duals)
        least = np.minimum(at_lower, at_upper)
        bound = rows + float(least.sum())  # L(y): no portfolio's c'x = -value is below it
        if not np.isfinite(bound):  # an unbounded column or row: no fixing is proven
            return {}
        moved = np.abs(at_upper - at_lower)[self._columns]  # what leaving best_j costs at least
        settled = bound + moved > -min_value + 1e-9 * max(1.0, abs(min_value))
        upper_best = (at_upper < at_lower)[self._columns]
        return {int(i): int(upper_best[i]) for i in np.flatnonzero(settled)}

    def relax(
        self, *, budget_pen: int | None, fixed: Mapping[int, int] | None = None
    ) -> Relaxation:
        """The LP relaxation: an upper bound on every portfolio of the question, proof that
        none exists ("infeasible"), and the budget row's dual per sol."""
        with self._question(budget_pen, fixed or {}, objective="value"):
            state = self._run_lp()
            if state != "optimal":
                return Relaxation(state)
            highs = self._highs
            value = -float(highs.getInfo().objective_function_value)
            dual = highs.getSolution().row_dual[self._row["budget"]]
            per_pen = None if budget_pen is None else -float(dual) / self.unit
            levels = np.asarray(highs.getSolution().col_value, dtype=np.float64)[self._columns]
            return Relaxation(state, value, per_pen, levels)

    def cheapest_bound(self, *, budget_pen: int | None, min_value: float) -> float | None:
        """A lower bound (soles, from the LP) on the cost of any portfolio worth at least
        `min_value`; None when the LP was not solved to optimality."""
        floors = {"value_floor": min_value}
        with self._question(budget_pen, {}, objective="cost", floors=floors):
            if self._run_lp() != "optimal":
                return None
            return float(self._highs.getInfo().objective_function_value) * self.unit

    def _run_lp(self) -> State:
        """Run the current question with every variable continuous (the LP relaxation)."""
        highs = self._highs
        n = highs.getNumCol()
        columns = np.arange(n, dtype=np.int32)
        highs.changeColsIntegrality(n, columns, np.zeros(n, dtype=np.uint8))
        try:
            return self._run(None)
        finally:
            highs.changeColsIntegrality(n, columns, self._integer)

    def revalue(self, values: np.ndarray[Any, Any]) -> None:
        """Give the projects new values (score mode): the objective of every later question."""
        if self.problem.value_mode != "score":
            raise ValueError("only a score-mode portfolio can be revalued")
        self._value_cost[self._columns] = -np.asarray(values, dtype=np.float64)
        self._set_costs(self._value_cost)
        self.problem = replace(self.problem, values=np.asarray(values, dtype=np.float64))

    # ------------------------------------------------------------------ mechanics

    @contextmanager
    def _question(
        self,
        budget_pen: int | None,
        fixed: Mapping[int, int],
        *,
        objective: Literal["value", "cost"],
        floors: Mapping[str, float] | None = None,
        share_base: int | None = None,
    ) -> Iterator[None]:
        """Set the budget, fixed projects, objective and floors; undo the temporary ones."""
        highs = self._highs
        if share_base is None:
            share_base = self.problem.budget_pen if budget_pen is None else budget_pen
        self._set_shares(share_base)
        upper = _INF if budget_pen is None else float(budget_pen // self.unit)
        highs.changeRowBounds(self._row["budget"], -_INF, upper)
        self._budget = budget_pen
        for row, lower in (floors or {}).items():
            highs.changeRowBounds(self._row[row], lower, _INF)
        self._floors = {row: lower for row, lower in (floors or {}).items() if lower > -_INF}
        if objective == "cost":
            self._set_costs(self._spend_cost)
            self._set_options(_COST_OPTIONS)
        for index, level in fixed.items():
            highs.changeColBounds(int(self._columns[index]), float(level), float(level))
        self._fixed = dict(fixed)
        try:
            yield
        finally:
            for index in fixed:
                highs.changeColBounds(int(self._columns[index]), 0.0, 1.0)
            self._fixed = {}
            for row in floors or {}:
                highs.changeRowBounds(self._row[row], -_INF, _INF)
            self._floors = {}
            if objective == "cost":
                self._set_costs(self._value_cost)
                self._set_options(_DEFAULT_OPTIONS)

    def _set_options(self, options: Mapping[str, object]) -> None:
        for name, value in options.items():
            self._highs.setOptionValue(name, value)

    def _set_costs(self, costs: np.ndarray[Any, Any]) -> None:
        n = len(costs)
        self._highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs)

    def _set_shares(self, base: int) -> None:
        """Minimum shares follow the budget they refer to (rounded up to whole units)."""
        if base == self._share_base:
            return
        x = np.zeros(self.problem.size, dtype=np.int64)
        for row, rule in self._shares:
            _, _, rhs = rule_form(self.problem, rule, x, share_base=int(base), unit=self.unit)
            self._highs.changeRowBounds(row, float(rhs), _INF)
        self._share_base = base

    def _run(self, start: IntArray | None) -> State:
        highs = self._highs
        limit = self.deadline.limit(self.time_limit)
        if limit is not None and limit <= 0.0:
            return "stopped"
        highs.setOptionValue("time_limit", _INF if limit is None else max(limit, 1e-3))
        seed = start
        if seed is not None:
            highs.setSolution(
                len(self._columns), self._columns.astype(np.int32), seed.astype(np.float64)
            )
        with _quiet_stdout():
            highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return "optimal"
        if status in _INFEASIBLE:
            return "infeasible"
        if status in _STOPPED:
            return "best_found" if highs.getInfo().primal_solution_status == 2 else "stopped"
        if status == highspy.HighsModelStatus.kSolveError:
            raise _SolveError
        raise SolverFailure(
            phrase(
                "{solver} failed: {reason}",
                solver="HiGHS",
                reason=highs.modelStatusToString(status),
            )
        )

    def _solve(self, start: IntArray | None, *, value: bool) -> Answer:
        """Run the question; trust HiGHS's answer only if its own objective matches the
        portfolio it returns (exact arithmetic), else run again without a start, then CBC.

        Why: HiGHS 1.16 mapped a MIP start into its presolved space with a wrong objective
        (1.5 for a start worth 1.0) and then called that start "Optimal" (found by the
        why-line brute-force property test).
        """
        for seed in (start, None):
            try:
                state = self._run(seed)
            except _SolveError:
                return self._with_cbc(value)
            if state in ("infeasible", "stopped"):
                return Answer(state)
            chosen = self._read()
            if self._consistent(chosen, value):
                bound = -float(self._highs.getInfo().mip_dual_bound) if value else np.nan
                return Answer(state, chosen, bound if np.isfinite(bound) else None)
            self._highs.clearSolver()  # forget the start and the wrong incumbent
        return self._with_cbc(value)

    def _read(self) -> IntArray:
        """The rounded project choices of the last run, re-checked against every rule."""
        raw = np.asarray(self._highs.getSolution().col_value, dtype=np.float64)[self._columns]
        chosen = np.rint(raw).astype(np.int64)
        if raw.size and np.max(np.abs(chosen - raw)) > _INTEGRALITY:
            raise SolverFailure(
                phrase("{solver} returned fractional project choices", solver="HiGHS")
            )
        self._check(chosen)
        chosen.setflags(write=False)
        return chosen

    def _consistent(self, chosen: IntArray, value: bool) -> bool:
        """Whether HiGHS's objective equals the returned portfolio's value (or spend)."""
        reported = float(self._highs.getInfo().objective_function_value)
        if value:
            exact = -evaluate_portfolio(self.problem, chosen)
        else:
            exact = float(linear_value(_cost_units(self.problem, self.unit), chosen))
        return abs(reported - exact) <= 1e-6 * max(1.0, abs(exact))

    def _with_cbc(self, value: bool) -> Answer:
        """The same question on a fresh model solved by CBC: HiGHS 1.16 ends some borderline
        models (a value floor a millionth above reach) with "Solve error"."""
        units = self._floors.get("spend_floor")
        spec = _Spec(
            "value" if value else "cost",
            budget_pen=self._budget,
            share_base_pen=self._share_base,
            fixed=tuple(self._fixed.items()),
            min_value=self._floors.get("value_floor"),
            min_cost_pen=None if units is None else int(units) * self.unit,
            forbidden=tuple(tuple(int(v) for v in x) for x in self._forbidden),
        )
        outcome = _run(self.problem, spec, "cbc", self.deadline.limit(self.time_limit))
        if outcome.chosen is None:
            return Answer("infeasible")
        state: State = "optimal" if outcome.state == "optimal" else "best_found"
        return Answer(state, outcome.chosen)

    def _check(self, chosen: IntArray) -> None:
        """Exact re-check of the rounded answer: the budget, every rule, the fixed projects."""
        broken = [
            r.code
            for r in violated_rules(
                self.problem,
                chosen,
                budget_pen=self._budget,
                share_base_pen=self._share_base,
            )
        ]
        broken += [f"fixed:{self.problem.ids[i]}" for i, v in self._fixed.items() if chosen[i] != v]
        broken += ["forbidden"] * any(np.array_equal(chosen, x) for x in self._forbidden)
        refuse_broken("HiGHS", broken)


def selected_ids(problem: PortfolioProblem, chosen: IntArray) -> tuple[str, ...]:
    """The ids of a 0/1 vector's chosen projects, in the problem's order."""
    return tuple(p for p, c in zip(problem.ids, chosen, strict=True) if c)
