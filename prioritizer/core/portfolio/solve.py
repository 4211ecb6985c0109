"""One solve: a fresh PuLP model, CBC or HiGHS kept quiet, the status checked, the answer
rounded and re-checked with exact arithmetic.

Why one long module (~440 lines): the solver's quiet mode, its status mapping and the exact
re-check are one guarantee ("an answer called optimal is"); a reader checks it in one place.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pulp

from prioritizer.core.portfolio.formulas import (
    _TOO_FINE,
    Sense,
    _cost_units,
    _share_base,
    evaluate_portfolio,
    gap_covers,
    linear_value,
    money_unit,
    portfolio_value,
    rule_form,
    too_fine,
    violated_rules,
)
from prioritizer.errors import SolverFailure
from prioritizer.phrases import phrase
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio import PortfolioStatus, Selection
from prioritizer.results.portfolio_problem import PortfolioProblem, Rule

Solver = Literal["cbc", "highs"]
Engine = Literal["cbc", "highs", "dp"]
"""What found an answer: a solver, or the exact dynamic programme over the budget."""
SolveState = Literal["optimal", "best_found", "infeasible", "unbounded", "no_solution"]

_INTEGRALITY = 1e-5
_MAX_ROUNDS = 3
SOLVER_NAMES = {"cbc": "CBC", "highs": "HiGHS", "dp": "DP"}


# --------------------------------------------------------------------------- model and solve


@dataclass(frozen=True, slots=True)
class _Spec:
    """What to solve: objective, budget, fixed projects, extra bounds, rules, relaxation."""

    objective: Literal["value", "cost", "budget"]
    budget_pen: int | None
    share_base_pen: int | None = None
    elastic: bool = False
    fixed: tuple[tuple[int, int], ...] = ()
    min_value: float | None = None
    min_cost_pen: int | None = None
    rules: tuple[Rule, ...] | None = None
    relax: bool = False
    forbidden: tuple[tuple[int, ...], ...] = ()
    """Portfolios (0/1 per project) the answer must differ from (see `Session.forbid`)."""


@dataclass(frozen=True, slots=True)
class _Outcome:
    state: Literal["optimal", "best_found", "infeasible"]
    chosen: IntArray | None = None
    lp_objective: float | None = None
    budget_dual: float | None = None
    budget_found: int | None = None


def _constraint(lhs: Any, sense: Sense, rhs: Any) -> Any:
    if sense == "<=":
        return lhs <= rhs
    if sense == ">=":
        return lhs >= rhs
    return lhs == rhs


def _build(problem: PortfolioProblem, spec: _Spec) -> tuple[Any, list[Any], Any, Any]:
    """A fresh PuLP model; returns (problem, x variables, budget row or None, budget variable)."""
    model = pulp.LpProblem("portfolio", pulp.LpMinimize)
    category = pulp.LpContinuous if spec.relax else pulp.LpBinary
    x = [model.add_variable(f"x_{i}", 0, 1, category) for i in range(problem.size)]
    model += pulp.lpSum(x) <= problem.size, "count"  # every project is a column: never empty
    fill: list[list[Any]] = []
    needs_value = spec.objective == "value" or spec.min_value is not None
    if problem.value_mode == "coverage" and needs_value:
        fill = _fill_variables(model, problem, x)
    value: Any = portfolio_value(problem, x, fill) if needs_value else None
    unit = money_unit(problem)
    spend = linear_value(_cost_units(problem, unit), x)
    budget_var: Any = None
    budget_row: Any = None
    share_base: Any = _share_base(problem, spec.budget_pen, spec.share_base_pen)
    if spec.elastic:  # the budget variable counts units too: spend is a multiple of the unit
        kind = pulp.LpContinuous if spec.relax else pulp.LpInteger
        lowest = -(-(spec.budget_pen or 0) // unit)
        budget_var = model.add_variable("budget_var", lowest, None, kind)
        model += spend <= budget_var
        share_base = budget_var
    elif spec.budget_pen is not None:
        budget_row = spend <= spec.budget_pen // unit
        model += budget_row, "budget"
    if spec.objective == "value":
        model += -1 * value
    elif spec.objective == "cost":
        model += spend
    else:
        model += budget_var
    for rule in problem.rules() if spec.rules is None else spec.rules:
        model += _constraint(*rule_form(problem, rule, x, share_base=share_base, unit=unit))
    for index, fixed in spec.fixed:
        model += x[index] == fixed
    if spec.min_value is not None:
        model += value >= spec.min_value
    if spec.min_cost_pen is not None:
        model += spend >= -(-spec.min_cost_pen // unit)
    for seen in spec.forbidden:
        model += pulp.lpSum(1 - v if s else v for s, v in zip(seen, x, strict=True)) >= 1
    row = model.get_constraint_by_name("budget") if budget_row is not None else None
    return model, x, row, budget_var


def _fill_variables(model: Any, problem: PortfolioProblem, x: list[Any]) -> list[list[Any]]:
    """The coverage value's y_gk (the k-th cover of gap g), each gap's no more than its covers."""
    depth = problem.incidence.sum(axis=0)
    fill = [
        [model.add_variable(f"y_{g}_{k}", 0, 1) for k in range(int(depth[g]))]
        for g in range(len(problem.gaps))
    ]
    for g, covers in enumerate(gap_covers(problem, x)):
        if fill[g]:
            model += pulp.lpSum(fill[g]) <= covers
    return fill


def solve_state(status: int, sol_status: int) -> SolveState:
    """Map PuLP's (status, sol_status) to what we report; "Optimal" alone is not enough.

    PuLP reports a time-limited CBC or HiGHS run that found a portfolio as status Optimal with
    sol_status IntegerFeasible: that is "best_found", never "optimal".
    """
    if sol_status == pulp.LpSolutionOptimal and status == pulp.LpStatusOptimal:
        return "optimal"
    if sol_status == pulp.LpSolutionIntegerFeasible:
        return "best_found"
    if sol_status == pulp.LpSolutionInfeasible or status == pulp.LpStatusInfeasible:
        return "infeasible"
    if sol_status == pulp.LpSolutionUnbounded or status == pulp.LpStatusUnbounded:
        return "unbounded"
    return "no_solution"


def _engine(solver: str, *, mip: bool, time_limit: float | None, preprocess: bool = False) -> Any:
    if solver == "cbc":
        options = [] if preprocess else ["preprocess off"]
        with warnings.catch_warnings():
            # PuLP 3.3 deprecates the bundled CBC for 4.0; pyproject pins pulp < 4.
            warnings.filterwarnings("ignore", "PULP_CBC_CMD is deprecated", DeprecationWarning)
            engine = pulp.PULP_CBC_CMD(msg=False, mip=mip, timeLimit=time_limit, options=options)
        missing = phrase(
            "the CBC solver bundled with PuLP was not found; reinstall pulp (>=3.3,<4)"
        )
    elif solver == "highs":
        engine = pulp.HiGHS(msg=False, mip=mip, timeLimit=time_limit, gapRel=0.0, gapAbs=0.0)
        missing = phrase("HiGHS was asked for but highspy is not installed: pip install highspy")
    else:
        raise SolverFailure(
            phrase("unknown solver {solver!r}; expected 'cbc' or 'highs'", solver=solver)
        )
    if not engine.available():
        raise SolverFailure(missing)
    return engine


_QUIET_LOCK = threading.Lock()
_QUIET: list[int] = []  # the saved stdout descriptor while some solve runs quiet


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send file descriptor 1 to the null device: HiGHS prints its banner even with msg=False.

    Reference-counted, so that solves running at once in several threads (the cross-check)
    restore the real stdout only when the last one ends.
    """
    with _QUIET_LOCK:
        if not _QUIET:
            if sys.stdout is not None:  # None when the program's stdout was closed
                sys.stdout.flush()
            try:
                saved = os.dup(1)
            except OSError:  # descriptor 1 is closed: nothing to keep quiet
                saved = -1
            else:
                sink = os.open(os.devnull, os.O_WRONLY)
                os.dup2(sink, 1)
                os.close(sink)
            _QUIET.append(saved)
        _QUIET.append(-1)
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _QUIET.pop()
            if len(_QUIET) == 1:
                if sys.stdout is not None:  # what Python printed meanwhile goes there too
                    sys.stdout.flush()
                saved = _QUIET.pop()
                if saved >= 0:
                    os.dup2(saved, 1)
                    os.close(saved)


@contextmanager
def _scratch() -> Iterator[str]:
    """A folder of its own for one solve's files, removed when the solve ends, even when the
    run is stopped (SIGTERM ends the program through `SystemExit`, see `entry.main`)."""
    folder = tempfile.mkdtemp(prefix="prioritizer-solve-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(problem: PortfolioProblem, spec: _Spec, solver: str, time_limit: float | None) -> _Outcome:
    """Build, solve, check the status and the solution; raise SolverFailure when unusable.

    The bundled CBC, run without preprocessing, crashes (segmentation fault) on some models
    that preprocessing would declare infeasible; such a crash is retried once, on a fresh
    model, with CBC's default preprocessing.
    """
    model, x, budget_row, budget_var = _build(problem, spec)
    engine = _engine(solver, mip=not spec.relax, time_limit=time_limit)
    with _quiet_stdout(), _scratch() as folder:
        engine.tmpDir = folder  # CBC's model and solution files, removed whatever happens
        try:
            model.solve(engine)
        except pulp.PulpSolverError as exc:
            if solver != "cbc":
                raise SolverFailure(
                    phrase(
                        "{solver} failed: {reason}", solver=SOLVER_NAMES[solver], reason=str(exc)
                    )
                ) from exc
            model, x, budget_row, budget_var = _build(problem, spec)
            engine = _engine(solver, mip=not spec.relax, time_limit=time_limit, preprocess=True)
            engine.tmpDir = folder
            try:
                model.solve(engine)
            except pulp.PulpSolverError as again:
                raise SolverFailure(
                    phrase(
                        "{solver} failed: {reason}", solver=SOLVER_NAMES[solver], reason=str(again)
                    )
                ) from again
    state = solve_state(model.status, model.sol_status)
    if state == "infeasible":
        return _Outcome("infeasible")
    if state == "unbounded":
        raise SolverFailure(
            phrase("{solver} reports an unbounded model (a bug)", solver=SOLVER_NAMES[solver])
        )
    if state == "no_solution" and solver == "highs" and _solve_error(model):
        return _run(problem, spec, "cbc", time_limit)  # HiGHS erred on a borderline model
    if state == "no_solution":
        if time_limit is None:
            raise SolverFailure(phrase("{solver} found no portfolio", solver=SOLVER_NAMES[solver]))
        raise SolverFailure(
            phrase(
                "{solver} found no portfolio within the time limit of {seconds:g} s",
                solver=SOLVER_NAMES[solver],
                seconds=time_limit,
            )
        )
    # A variable in no constraint and with no objective term is not written to the solver and
    # comes back as None; 0 is then as good as any value.
    present = {v.name for v in model.variables()}
    raw = [0.0 if v.varValue is None and v.name not in present else v.varValue for v in x]
    if any(v is None for v in raw):
        raise SolverFailure(
            phrase("{solver} returned no values for the projects", solver=SOLVER_NAMES[solver])
        )
    if spec.relax:
        pi = None if budget_row is None else budget_row.pi
        dual = None if pi is None else -float(pi) / money_unit(problem)
        return _Outcome(
            state, lp_objective=float(model.objective.valueOrDefault()), budget_dual=dual
        )
    chosen = np.rint(np.array(raw, dtype=np.float64)).astype(np.int64)
    if np.max(np.abs(chosen - np.array(raw, dtype=np.float64))) > _INTEGRALITY:
        raise SolverFailure(
            phrase("{solver} returned fractional project choices", solver=SOLVER_NAMES[solver])
        )
    # The least budget for the chosen set is its exact cost (or the floor asked for): larger
    # budgets only make minimum shares harder. The solver's budget variable can be a sol off.
    spent = int(linear_value(problem.costs_pen, chosen))
    found = None if budget_var is None else max(spec.budget_pen or 0, spent)
    _verify(problem, spec, chosen, found, solver)
    chosen.setflags(write=False)
    return _Outcome(state, chosen=chosen, budget_found=found)


def _solve_error(model: Any) -> bool:
    """Whether HiGHS stopped with a solve error rather than a time limit.

    HiGHS 1.16 ends some tiny models whose only constraint is a value floor a millionth above
    what the projects can reach (the frontier's "worth more than" question) with "Solve
    error" instead of "Infeasible"; CBC answers those.
    """
    solver_model = getattr(model, "solverModel", None)
    if solver_model is None:
        return False
    status = solver_model.getModelStatus()
    return bool(solver_model.modelStatusToString(status) == "Solve error")


def _verify(
    problem: PortfolioProblem, spec: _Spec, chosen: IntArray, found: int | None, solver: str
) -> None:
    """Re-check the rounded solution with exact arithmetic against the budget and every rule.

    The bounds on value and cost that searches add (`min_value`, `min_cost_pen`) are left to
    the callers, which compare the exact value and cost they get back: a solver's integrality
    tolerance (x = 1e-6 counts as 0) can meet a tiny value bound with a portfolio that, once
    rounded, does not.
    """
    budget = found if spec.elastic else spec.budget_pen
    base = found if spec.elastic else spec.share_base_pen
    broken = [
        r.code
        for r in violated_rules(
            problem, chosen, budget_pen=budget, rules=spec.rules, share_base_pen=base
        )
    ]
    broken += [f"fixed:{problem.ids[i]}" for i, v in spec.fixed if int(chosen[i]) != v]
    broken += ["forbidden"] * (tuple(int(v) for v in chosen) in spec.forbidden)
    if broken and too_fine(problem):
        raise SolverFailure(_TOO_FINE)
    refuse_broken(SOLVER_NAMES[solver], broken)


def refuse_broken(
    solver: str, broken: list[str], *, what: Literal["portfolio", "plan"] = "portfolio"
) -> None:
    """SolverFailure naming the rules a solver's rounded answer breaks (`broken` codes), if any:
    the exact re-check behind every answer called optimal (here, in the session and the plan)."""
    if not broken:
        return
    codes = ", ".join(broken)
    if what == "plan":
        raise SolverFailure(
            phrase("{solver} returned a plan that breaks: {codes}", solver=solver, codes=codes)
        )
    raise SolverFailure(
        phrase("{solver} returned a portfolio that breaks: {codes}", solver=solver, codes=codes)
    )


def _selection(
    problem: PortfolioProblem, outcome: _Outcome, budget_pen: int | None
) -> Selection | None:
    chosen = outcome.chosen
    if chosen is None:
        return None
    status: PortfolioStatus = "optimal" if outcome.state == "optimal" else "best_found"
    return Selection(
        selected=tuple(p for p, c in zip(problem.ids, chosen, strict=True) if c),
        objective=evaluate_portfolio(problem, chosen),
        total_cost_pen=int(linear_value(problem.costs_pen, chosen)),
        budget_pen=budget_pen,
        status=status,
    )


def optimal_selection(
    problem: PortfolioProblem,
    *,
    budget_pen: int | None,
    solver: Solver = "highs",
    time_limit: float | None = None,
) -> Selection | None:
    """The best selection at `budget_pen` (None: no budget), or None when nothing fits.

    Minimum shares refer to `budget_pen` (to the problem's budget when it is None).
    """
    outcome = _run(problem, _Spec("value", budget_pen=budget_pen), solver, time_limit)
    return _selection(problem, outcome, budget_pen)


def cheapest_selection(
    problem: PortfolioProblem,
    *,
    min_value: float | None = None,
    min_cost_pen: int | None = None,
    solver: Solver = "highs",
    time_limit: float | None = None,
) -> Selection | None:
    """The cheapest selection meeting the rules (no budget) with value >= `min_value` and
    cost >= `min_cost_pen`; None when there is none. Minimum shares refer to the problem's
    budget. The two bounds hold up to the solver's tolerances: callers compare the exact
    `objective` and `total_cost_pen` returned.
    """
    spec = _Spec("cost", budget_pen=None, min_value=min_value, min_cost_pen=min_cost_pen)
    outcome = _run(problem, spec, solver, time_limit)
    return _selection(problem, outcome, None)


def minimum_feasible_budget(
    problem: PortfolioProblem, *, at_least_pen: int = 0, solver: Solver = "highs"
) -> int | None:
    """The smallest budget >= `at_least_pen` at which some portfolio meets every rule.

    Solved with the budget as an integer variable (minimum shares scale with it), then
    confirmed by solving at that budget; None when no budget is enough.
    """
    outcome = _run(problem, _Spec("budget", budget_pen=at_least_pen, elastic=True), solver, None)
    if outcome.state == "infeasible" or outcome.budget_found is None:
        return None
    budget = max(outcome.budget_found, at_least_pen)
    for step in range(_MAX_ROUNDS):
        if optimal_selection(problem, budget_pen=budget + step, solver=solver) is not None:
            return budget + step
    return None
