"""Pick the best portfolio of projects under a budget and rules, and say why each is in or out.

The only module that imports pulp. A fresh model is built for every solve, with internal
variable names (x_0, x_1, ... and y_g_k) that never derive from project ids or names.

Model (symbols as in `PortfolioProblem`): binary x_p; maximise value; sum c_p x_p <= B;
x_a <= x_b when a requires b; x_a + x_b <= 1 for exclusions; x_p = 1 for mandatory projects;
group minimums by count and by spend (share of B, in whole soles); at most K projects; each
required gap covered at least once. Value is sum v_p x_p ("score") or the severity-weighted
coverage of gaps with diminishing returns ("coverage"): y_gk in [0, 1] is the k-th cover of
gap g, worth s_g * delta**(k-1), with sum_k y_gk <= sum_p a_pg x_p; the coefficients fall
with k, so the LP fills the covers in order and the value is exact.

Each formula (value, spend, covers, every rule) is one function that evaluates a 0/1 numpy
vector and builds the PuLP expression alike; the optimiser, the feasibility check and the
explainer all call the same functions.

CBC runs with its integer preprocessing off: with it on, the bundled CBC 2.10 answered
"Optimal" with a dearer portfolio on a four-project instance (pinned in the tests). Without
preprocessing it crashes on some infeasible models; those solves are retried with it on.

Trust but verify. Every solve's status is checked ("Infeasible" does not raise in PuLP and
leaves solution-looking values). Only a proven optimum is "optimal"; a time limit that stops
the search gives "best_found" plus the gap to the LP-relaxation bound. Every solution is
rounded and re-checked against every rule with exact integer arithmetic. Because the CBC
bundled with PuLP has been seen to call a non-optimal portfolio "Optimal", `select_portfolio`
(i) solves again with HiGHS (mip_rel_gap = 0) when highspy is installed and keeps the better
portfolio, noting any disagreement, and (ii) the explainer re-solves with each project forced
the other way: the optimum is the better of the two branches for any project, so a re-solve
that beats the incumbent exposes a false "Optimal"; the better portfolio is then adopted and
the explanation redone.

The marginal value of the budget is the dual (`pi`) of the budget row in the LP relaxation,
built as a minimisation so that CBC and HiGHS report it with the same sign. It is an
approximation: integer programmes have no exact shadow prices.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pulp

from prioritizer.errors import SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.portfolio import (
    BindingConstraint,
    InfeasibilityCause,
    IntArray,
    Portfolio,
    PortfolioInfeasible,
    PortfolioProblem,
    PortfolioStatus,
    ProjectReason,
    ReasonKind,
    Rule,
    Selection,
    required_share_pen,
)

__all__ = [
    "SOLVER_NAMES",
    "Solver",
    "cheapest_selection",
    "diagnose_infeasibility",
    "evaluate_portfolio",
    "gap_covers",
    "linear_value",
    "minimum_feasible_budget",
    "optimal_selection",
    "portfolio_value",
    "rule_form",
    "select_portfolio",
    "solve_state",
    "violated_rules",
]

Solver = Literal["cbc", "highs"]
SolveState = Literal["optimal", "best_found", "infeasible", "unbounded", "no_solution"]
Sense = Literal["<=", ">=", "=="]

_INTEGRALITY = 1e-5
_MAX_ROUNDS = 3
SOLVER_NAMES = {"cbc": "CBC", "highs": "HiGHS"}


# --------------------------------------------------------------------------- formulas


def linear_value(coefficients: npt.ArrayLike, terms: Any) -> Any:
    """Sum of coefficient x term: a number for a numpy vector, a PuLP expression for variables.

    Integer coefficients stay integers on both paths, so spend in soles is exact.
    """
    coefs = np.asarray(coefficients)
    if isinstance(terms, np.ndarray):
        return np.dot(coefs, terms).item()
    return pulp.lpSum(c.item() * term for c, term in zip(coefs, terms, strict=True) if c != 0)


def gap_covers(problem: PortfolioProblem, x: Any) -> list[Any]:
    """Times each gap is addressed by the chosen projects (sum_p a_pg x_p), gap by gap."""
    return [linear_value(problem.incidence[:, g], x) for g in range(len(problem.gaps))]


def _cover_weights(problem: PortfolioProblem) -> list[npt.NDArray[np.float64]]:
    depth = problem.incidence.sum(axis=0)
    powers = [np.power(problem.diminishing, np.arange(k, dtype=np.float64)) for k in depth]
    return [float(s) * w for s, w in zip(problem.severity, powers, strict=True)]


def portfolio_value(problem: PortfolioProblem, x: Any, fill: Sequence[Any] | None = None) -> Any:
    """The portfolio's value: sum v_p x_p, or severity-weighted coverage with diminishing returns.

    For a 0/1 numpy vector the coverage fill is computed (the first `covers_g` covers of gap g
    count); for PuLP variables pass `fill`, the y_gk variables, one sequence per gap.

    References
    ----------
    Weingartner, H. M. (1963). Mathematical Programming and the Analysis of Capital Budgeting
    Problems. Prentice-Hall (0-1 project selection under a budget).
    """
    if problem.value_mode == "score":
        return linear_value(problem.values, x)
    weights = _cover_weights(problem)
    if isinstance(x, np.ndarray):
        covers = gap_covers(problem, x)
        filled = [
            (np.arange(len(w)) < c).astype(np.int64) for w, c in zip(weights, covers, strict=True)
        ]
        return float(sum(float(np.dot(w, f)) for w, f in zip(weights, filled, strict=True)))
    if fill is None:
        raise ValueError("coverage value of PuLP variables needs the fill variables")
    return pulp.lpSum(linear_value(w, f) for w, f in zip(weights, fill, strict=True))


def evaluate_portfolio(problem: PortfolioProblem, chosen: IntArray) -> float:
    """The value of a 0/1 selection vector (the same formula the optimiser maximises)."""
    return float(portfolio_value(problem, np.asarray(chosen, dtype=np.int64)))


def rule_form(
    problem: PortfolioProblem, rule: Rule, x: Any, *, share_base: Any, unit: int = 1
) -> tuple[Any, Sense, Any]:
    """A rule as (left side, sense, right side) over `x` (numpy 0/1 vector or PuLP variables).

    `share_base` is the budget that minimum shares refer to (a number, or the budget variable
    of the elastic model). Money stays in whole soles: a share's threshold is rounded up. With
    `unit` (a divisor of every cost, see `money_unit`) money sides count units of that many
    soles and thresholds round the way that keeps the rule exactly the same on 0/1 choices.
    """
    ix = problem.index
    costs = _cost_units(problem, unit)
    if rule.kind == "requires":
        return x[ix(rule.projects[0])] - x[ix(rule.projects[1])], "<=", 0
    if rule.kind == "excludes":
        return x[ix(rule.projects[0])] + x[ix(rule.projects[1])], "<=", 1
    if rule.kind == "mandatory":
        return x[ix(rule.projects[0])], "==", 1
    if rule.kind == "min_per_group":
        return linear_value(_members(problem, rule.group), x), ">=", int(rule.amount or 0)
    if rule.kind == "min_share_per_group":
        spend = linear_value(_members(problem, rule.group) * costs, x)
        share = float(rule.amount or 0.0)
        if isinstance(share_base, int):
            return spend, ">=", -(-required_share_pen(share, share_base) // unit)
        return spend - share * share_base, ">=", 0
    if rule.kind == "max_projects":
        return linear_value(np.ones(problem.size, dtype=np.int64), x), "<=", int(rule.amount or 0)
    if rule.kind == "require_coverage":
        return gap_covers(problem, x)[problem.gaps.index(str(rule.gap))], ">=", 1
    return linear_value(costs, x), "<=", int(rule.amount or 0) // unit


def money_unit(problem: PortfolioProblem) -> int:
    """The largest whole number of soles that divides every cost (1 if all are 0).

    Why: solvers compare sums with tolerances relative to the coefficients, so near S/ 10^8
    they cannot tell a budget from one sol more (CBC then calls a feasible portfolio
    infeasible). Costs planned in round amounts (S/ 50,000,000 and S/ 1,200,000 share S/
    100,000) become small whole numbers of units, with the same 0/1 solutions.
    """
    nonzero = [int(c) for c in problem.costs_pen if int(c)]
    return math.gcd(*nonzero) if nonzero else 1


_FINEST_UNITS = 10**6
"""Money sums up to this many units are decided exactly by both solvers (measured on knapsacks
at the budget boundary: benchmarks/bench_solver_precision.py); beyond it a sol more or less
can be lost in the solvers' tolerances."""

_TOO_FINE = phrase(
    "the costs and the budget are too large and too fine for the solver to tell a budget from "
    "one sol more; round the costs to thousands of soles and try again"
)


def too_fine(problem: PortfolioProblem) -> bool:
    """Whether the money sums, counted in `money_unit`s, exceed what solvers decide exactly."""
    unit = money_unit(problem)
    largest = max(int(problem.budget_pen), int(np.sum(_cost_units(problem, unit))))
    return largest // unit > _FINEST_UNITS if unit > 1 else largest > _FINEST_UNITS


def _cost_units(problem: PortfolioProblem, unit: int) -> IntArray:
    if unit == 1:
        return np.asarray(problem.costs_pen)
    return np.array([int(c) // unit for c in problem.costs_pen], dtype=np.int64)


def violated_rules(
    problem: PortfolioProblem,
    chosen: IntArray,
    *,
    budget_pen: int | None,
    rules: Sequence[Rule] | None = None,
    share_base_pen: int | None = None,
) -> tuple[Rule, ...]:
    """The rules (and the budget, if given) that a 0/1 selection breaks, checked exactly."""
    x = np.asarray(chosen, dtype=np.int64)
    base = _share_base(problem, budget_pen, share_base_pen)
    every = list(problem.rules() if rules is None else rules)
    if budget_pen is not None:
        every.append(Rule("budget", amount=budget_pen))
    broken = []
    for rule in every:
        lhs, sense, rhs = rule_form(problem, rule, x, share_base=base)
        if not _holds(lhs, sense, rhs):
            broken.append(rule)
    return tuple(broken)


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


@dataclass(frozen=True, slots=True)
class _Outcome:
    state: Literal["optimal", "best_found", "infeasible"]
    chosen: IntArray | None = None
    lp_objective: float | None = None
    budget_dual: float | None = None
    budget_found: int | None = None


def _share_base(problem: PortfolioProblem, budget: int | None, base: int | None) -> int:
    if base is not None:
        return base
    return problem.budget_pen if budget is None else budget


def _members(problem: PortfolioProblem, group: str | None) -> IntArray:
    return np.array([g == group for g in problem.groups], dtype=np.int64)


def _holds(lhs: Any, sense: Sense, rhs: Any) -> bool:
    if sense == "<=":
        return bool(lhs <= rhs)
    if sense == ">=":
        return bool(lhs >= rhs)
    return bool(lhs == rhs)


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
    fill: list[list[Any]] = []
    needs_value = spec.objective == "value" or spec.min_value is not None
    if problem.value_mode == "coverage" and needs_value:
        depth = problem.incidence.sum(axis=0)
        fill = [
            [model.add_variable(f"y_{g}_{k}", 0, 1) for k in range(int(depth[g]))]
            for g in range(len(problem.gaps))
        ]
        for g, covers in enumerate(gap_covers(problem, x)):
            if fill[g]:
                model += pulp.lpSum(fill[g]) <= covers
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
    row = model.get_constraint_by_name("budget") if budget_row is not None else None
    return model, x, row, budget_var


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


def _highs_available() -> bool:
    return bool(pulp.HiGHS(msg=False).available())


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send file descriptor 1 to the null device: HiGHS prints its banner even with msg=False."""
    sys.stdout.flush()
    saved = os.dup(1)
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        yield
    finally:
        sys.stdout.flush()  # what Python code printed meanwhile goes to the null device too
        os.dup2(saved, 1)
        os.close(saved)
        os.close(sink)


def _run(problem: PortfolioProblem, spec: _Spec, solver: str, time_limit: float | None) -> _Outcome:
    """Build, solve, check the status and the solution; raise SolverFailure when unusable.

    The bundled CBC, run without preprocessing, crashes (segmentation fault) on some models
    that preprocessing would declare infeasible; such a crash is retried once, on a fresh
    model, with CBC's default preprocessing.
    """
    model, x, budget_row, budget_var = _build(problem, spec)
    engine = _engine(solver, mip=not spec.relax, time_limit=time_limit)
    with _quiet_stdout():
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
    if broken and too_fine(problem):
        raise SolverFailure(_TOO_FINE)
    if broken:
        raise SolverFailure(
            phrase(
                "{solver} returned a portfolio that breaks: {codes}",
                solver=SOLVER_NAMES[solver],
                codes=", ".join(broken),
            )
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
    solver: Solver = "cbc",
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
    solver: Solver = "cbc",
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
    problem: PortfolioProblem, *, at_least_pen: int = 0, solver: Solver = "cbc"
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


# --------------------------------------------------------------------------- select and explain


def select_portfolio(
    problem: PortfolioProblem,
    *,
    solver: Solver = "cbc",
    time_limit: float | None = None,
    cross_check: bool = True,
    explain: bool = True,
) -> Portfolio:
    """The best portfolio within the budget and rules, with a reason for every project.

    `time_limit` (seconds) applies to each solve; a search it stops is reported "best_found"
    with its gap. `cross_check` re-solves a CBC answer with HiGHS when highspy is installed.
    `explain=False` skips the per-project re-solves (reasons then come from the rules alone).
    Among portfolios of equal value the cheapest is returned.

    Raises
    ------
    PortfolioInfeasible
        (an `InfeasiblePortfolio`) when no portfolio meets every rule within the budget,
        with the causes in soles and the smallest extra budget that would help.
    SolverFailure
        When the solver is missing, crashes, or stops without any portfolio.

    References
    ----------
    Lorie, J. H. & Savage, L. J. (1955). Three problems in rationing capital. Journal of
    Business 28(4), 229-239. Weingartner, H. M. (1963), op. cit. (0-1 capital budgeting with
    contingent and mutually exclusive projects).
    """
    spec = _Spec("value", budget_pen=problem.budget_pen)
    first = _run(problem, spec, solver, time_limit)
    notes: list[Phrase] = []
    if first.chosen is None and solver == "cbc" and too_fine(problem) and _highs_available():
        first = _run(problem, spec, "highs", time_limit)  # CBC loses single soles near 10^8
        if first.chosen is not None:
            solver = "highs"
            notes.append(phrase("CBC could not decide amounts this fine; HiGHS solved it"))
    if first.chosen is None:
        raise diagnose_infeasibility(problem, solver=solver)
    chosen: IntArray = first.chosen
    state: PortfolioStatus = "optimal" if first.state == "optimal" else "best_found"
    if cross_check and solver == "cbc" and _highs_available():
        chosen, state = _cross_check(problem, spec, chosen, state, time_limit, notes)
    if state == "optimal":
        chosen = _cheapest_of_equal_value(problem, chosen, solver, time_limit)
    reasons: tuple[ProjectReason, ...] = ()
    for _ in range(_MAX_ROUNDS):
        reasons, better = _explain(problem, chosen, solver, time_limit, resolve=explain)
        if better is None:
            break
        notes.append(
            phrase(
                "a re-solve found a better portfolio ({better:.6g} > {first:.6g}) than the first"
                " answer; it is used",
                better=evaluate_portfolio(problem, better),
                first=evaluate_portfolio(problem, chosen),
            )
        )
        chosen = better
    objective = evaluate_portfolio(problem, chosen)
    bound, dual = _relaxation_bound(problem, spec, solver, time_limit, objective)
    gap: float | None = 0.0
    if state == "best_found":
        gap = None if bound is None else max(0.0, bound - objective) / max(abs(bound), 1e-12)
        if gap is not None and gap <= 1e-9:
            state, gap = "optimal", 0.0
            notes.append(
                phrase("the time limit stopped the solver, but the LP bound proves optimality")
            )
    return Portfolio(
        status=state,
        objective=objective,
        selected=tuple(p for p, c in zip(problem.ids, chosen, strict=True) if c),
        total_cost_pen=int(linear_value(problem.costs_pen, chosen)),
        budget_pen=problem.budget_pen,
        reasons=reasons,
        binding=_binding(problem, chosen),
        marginal_value_per_pen=dual,
        solver=SOLVER_NAMES[solver],
        gap=gap,
        value_mode=problem.value_mode,
        diagnostics=tuple(notes),
    )


def _relaxation_bound(
    problem: PortfolioProblem,
    spec: _Spec,
    solver: Solver,
    time_limit: float | None,
    objective: float,
) -> tuple[float | None, float | None]:
    """The LP relaxation's value (an upper bound on any portfolio) and its budget dual, or
    None for both when the relaxation is not proven optimal (a time limit can stop it with a
    meaningless value) or its value falls below a portfolio's, which a true bound cannot."""
    try:
        relaxation = _run(problem, replace(spec, relax=True), solver, time_limit)
    except SolverFailure:
        return None, None
    if relaxation.state != "optimal" or relaxation.lp_objective is None:
        return None, None
    bound = -float(relaxation.lp_objective)
    if bound < objective - 1e-9 * max(1.0, abs(objective)):
        return None, None
    return bound, relaxation.budget_dual


def _cross_check(
    problem: PortfolioProblem,
    spec: _Spec,
    chosen: IntArray,
    state: PortfolioStatus,
    time_limit: float | None,
    notes: list[Phrase],
) -> tuple[IntArray, PortfolioStatus]:
    """Solve again with HiGHS at gap 0; keep the better portfolio and note a disagreement."""
    try:
        other = _run(problem, spec, "highs", time_limit)
    except SolverFailure as exc:
        notes.append(phrase("HiGHS cross-check not available: {reason}", reason=exc.text))
        return chosen, state
    if other.chosen is None:
        notes.append(phrase("HiGHS found the problem infeasible where CBC found a portfolio"))
        return chosen, state
    mine = evaluate_portfolio(problem, chosen)
    theirs = evaluate_portfolio(problem, other.chosen)
    if theirs > mine + _tolerance(mine):
        notes.append(
            phrase(
                "CBC's answer ({mine:.6g}) was beaten by HiGHS ({theirs:.6g}); HiGHS's used",
                mine=mine,
                theirs=theirs,
            )
        )
        return other.chosen, ("optimal" if other.state == "optimal" else "best_found")
    if mine > theirs + _tolerance(mine):
        notes.append(
            phrase(
                "HiGHS's answer ({theirs:.6g}) was worse than CBC's ({mine:.6g})",
                mine=mine,
                theirs=theirs,
            )
        )
    elif other.state == "optimal":
        state = "optimal"
    return chosen, state


def _cheapest_of_equal_value(
    problem: PortfolioProblem, chosen: IntArray, solver: str, time_limit: float | None
) -> IntArray:
    """Among optimal portfolios, the cheapest: no sol goes to projects that add nothing."""
    objective = evaluate_portfolio(problem, chosen)
    spec = _Spec("cost", budget_pen=problem.budget_pen, min_value=objective - _tolerance(objective))
    outcome = _run(problem, spec, solver, time_limit)
    other = outcome.chosen
    if outcome.state != "optimal" or other is None:
        return chosen
    cheaper = linear_value(problem.costs_pen, other) < linear_value(problem.costs_pen, chosen)
    if cheaper and evaluate_portfolio(problem, other) >= objective - _tolerance(objective):
        return other
    return chosen


def _tolerance(value: float) -> float:
    return 1e-9 * max(1.0, abs(value))


def _explain(
    problem: PortfolioProblem,
    chosen: IntArray,
    solver: str,
    time_limit: float | None,
    *,
    resolve: bool,
) -> tuple[tuple[ProjectReason, ...], IntArray | None]:
    """A reason per project; also returns a better portfolio if a re-solve found one."""
    objective = evaluate_portfolio(problem, chosen)
    leftover = problem.budget_pen - int(linear_value(problem.costs_pen, chosen))
    needs = _prerequisites(problem)
    forced = _closure(needs, [problem.index(p) for p in problem.mandatory])
    reasons = []
    for p in range(problem.size):
        flipped = chosen.copy()
        flipped[p] = 1 - flipped[p]
        contribution = abs(objective - evaluate_portfolio(problem, flipped))
        alone = np.zeros(problem.size, dtype=np.int64)
        alone[p] = 1
        if chosen[p]:
            kind, related, rules = _why_in(problem, chosen, p)
            package = extra = None
        else:
            kind, related, rules, package, extra = _why_out(problem, chosen, p, needs, leftover)
        alternative: _Outcome | None = None
        checked = resolve and kind != "in_mandatory"
        if checked and not _surely_impossible(problem, chosen, p, needs, forced):
            spec = _Spec("value", budget_pen=problem.budget_pen, fixed=((p, 1 - int(chosen[p])),))
            alternative = _run(problem, spec, solver, time_limit)
        loss: float | None = None
        adds: tuple[str, ...] = ()
        drops: tuple[str, ...] = ()
        if alternative is not None and alternative.chosen is not None:
            other = alternative.chosen
            value = evaluate_portfolio(problem, other)
            if value > objective + _tolerance(objective):
                return (), other
            loss = max(0.0, objective - value)
            adds = tuple(
                problem.ids[i] for i in range(problem.size) if other[i] > chosen[i] and i != p
            )
            drops = tuple(
                problem.ids[i] for i in range(problem.size) if other[i] < chosen[i] and i != p
            )
        if kind == "in_value" and checked and loss is None:
            kind = "in_rule"
            rules = _needed_for(problem, chosen, p)
        reasons.append(
            ProjectReason(
                id=problem.ids[p],
                name=problem.names[p],
                selected=bool(chosen[p]),
                kind=kind,
                value=evaluate_portfolio(problem, alone),
                cost_pen=int(problem.costs_pen[p]),
                contribution=contribution,
                flip_loss=loss,
                flip_adds=adds,
                flip_drops=drops,
                related=related,
                rules=rules,
                package_cost_pen=package,
                extra_budget_pen=extra,
                leftover_pen=leftover,
                flip_checked=checked,
            )
        )
    return tuple(reasons), None


def _why_in(
    problem: PortfolioProblem, chosen: IntArray, p: int
) -> tuple[ReasonKind, tuple[str, ...], tuple[Rule, ...]]:
    pid = problem.ids[p]
    if pid in problem.mandatory:
        return "in_mandatory", (), (Rule("mandatory", (pid,)),)
    requirers = tuple(a for a, b in problem.requires if b == pid and chosen[problem.index(a)])
    if requirers:
        return "in_required", requirers, tuple(Rule("requires", (a, pid)) for a in requirers)
    return "in_value", (), ()


def _why_out(
    problem: PortfolioProblem,
    chosen: IntArray,
    p: int,
    needs: dict[int, set[int]],
    leftover: int,
) -> tuple[ReasonKind, tuple[str, ...], tuple[Rule, ...], int | None, int | None]:
    pid = problem.ids[p]
    excluders = tuple(
        (b if a == pid else a)
        for a, b in problem.excludes
        if pid in (a, b) and chosen[problem.index(b if a == pid else a)]
    )
    package_set = _closure(needs, [p])
    missing = sorted(i for i in package_set if not chosen[i] and i != p)
    package = int(sum(int(problem.costs_pen[i]) for i in package_set if not chosen[i]))
    extra = max(0, package - leftover)
    if excluders:
        rules = tuple(Rule("excludes", (pid, q)) for q in excluders)
        return "out_excluded", excluders, rules, package, extra
    if missing:
        ids = tuple(problem.ids[i] for i in missing)
        return "out_requires", ids, tuple(Rule("requires", (pid, q)) for q in ids), package, extra
    count = int(chosen.sum())
    if problem.max_projects is not None and count >= problem.max_projects:
        limit = (Rule("max_projects", amount=problem.max_projects),)
        return "out_max_projects", (), limit, package, extra
    if extra > 0:
        return "out_budget", (), (), package, extra
    return "out_no_value", (), (), package, extra


def _needed_for(problem: PortfolioProblem, chosen: IntArray, p: int) -> tuple[Rule, ...]:
    without = chosen.copy()
    without[p] = 0
    return violated_rules(problem, without, budget_pen=None)


def _surely_impossible(
    problem: PortfolioProblem,
    chosen: IntArray,
    p: int,
    needs: dict[int, set[int]],
    forced: set[int],
) -> bool:
    """True when flipping p cannot meet the rules, known without a solve (saves CBC calls)."""
    if chosen[p]:
        return p in forced
    must = _closure(needs, [p]) | forced
    if sum(int(problem.costs_pen[i]) for i in must) > problem.budget_pen:
        return True
    if problem.max_projects is not None and len(must) > problem.max_projects:
        return True
    return any(problem.index(a) in must and problem.index(b) in must for a, b in problem.excludes)


def _binding(problem: PortfolioProblem, chosen: IntArray) -> tuple[BindingConstraint, ...]:
    """Rules that limit the portfolio: no valuable project fits (budget), limit reached
    (max projects), no selected project can go without breaking it (minimums, coverage)."""
    found: list[BindingConstraint] = []
    objective = evaluate_portfolio(problem, chosen)
    spend = int(linear_value(problem.costs_pen, chosen))
    leftover = problem.budget_pen - spend
    needs = _prerequisites(problem)
    gains = False
    blocked = False
    for p in np.flatnonzero(chosen == 0):
        more = chosen.copy()
        package = _closure(needs, [int(p)])
        more[list(package)] = 1
        if evaluate_portfolio(problem, more) > objective + _tolerance(objective):
            gains = True
            cost = sum(int(problem.costs_pen[i]) for i in package if not chosen[i])
            blocked = blocked or cost > leftover
    if gains and blocked:
        found.append(BindingConstraint(Rule("budget", amount=problem.budget_pen), leftover))
    for rule in problem.rules():
        lhs, _, rhs = rule_form(problem, rule, chosen, share_base=problem.budget_pen)
        if rule.kind == "max_projects" and lhs == rhs:
            found.append(BindingConstraint(rule, 0.0))
        elif rule.kind in ("min_per_group", "min_share_per_group", "require_coverage"):
            relevant = [
                _without(chosen, int(i))
                for i in np.flatnonzero(chosen)
                if rule_form(
                    problem, rule, _without(chosen, int(i)), share_base=problem.budget_pen
                )[0]
                != lhs
            ]
            if relevant and all(
                not _holds(*rule_form(problem, rule, fewer, share_base=problem.budget_pen))
                for fewer in relevant
            ):
                found.append(BindingConstraint(rule, float(lhs - rhs)))
    return tuple(found)


def _without(chosen: IntArray, i: int) -> IntArray:
    out = chosen.copy()
    out[i] = 0
    return out


# --------------------------------------------------------------------------- graph helpers


def _prerequisites(problem: PortfolioProblem) -> dict[int, set[int]]:
    needs: dict[int, set[int]] = {i: set() for i in range(problem.size)}
    for a, b in problem.requires:
        needs[problem.index(a)].add(problem.index(b))
    return needs


def _closure(needs: dict[int, set[int]], start: Iterable[int]) -> set[int]:
    """Projects in `start` plus everything they require, transitively."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in needs[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _chain(needs: dict[int, set[int]], sources: Sequence[int], target: int) -> tuple[int, ...]:
    """Shortest requirement chain from one of `sources` (mandatory projects) to `target`."""
    parent: dict[int, int | None] = {s: None for s in sources}
    queue = deque(sources)
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while (prev := parent[path[-1]]) is not None:
                path.append(prev)
            return tuple(reversed(path))
        for nxt in sorted(needs[node]):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return (target,)


# --------------------------------------------------------------------------- infeasibility


def diagnose_infeasibility(
    problem: PortfolioProblem, *, solver: Solver = "cbc"
) -> PortfolioInfeasible:
    """Why no portfolio meets the rules within the budget, in soles; returned, not raised.

    First direct checks (mandatory projects and what they require: cost, exclusions, count;
    each group minimum, share and required gap against the budget, its cheapest way found by
    a small MIP); then the smallest extra budget that makes everything feasible (the budget
    as a variable), and, when no budget is enough and no check found the conflict, a deletion
    filter over the rules that leaves a minimal set that cannot hold together.

    References
    ----------
    Chinneck, J. W. & Dravnieks, E. W. (1991). Locating minimal infeasible constraint sets
    in linear programs. ORSA Journal on Computing 3(2), 157-168 (deletion filter).
    """
    budget = problem.budget_pen
    labels = tuple(zip(problem.ids, problem.names, strict=True))
    needs = _prerequisites(problem)
    mandatory = [problem.index(p) for p in problem.mandatory]
    forced = _closure(needs, mandatory)
    causes: list[InfeasibilityCause] = []
    consistent = True

    def cause(kind: Any, **fields: Any) -> None:
        causes.append(InfeasibilityCause(kind=kind, labels=labels, **fields))

    for a, b in problem.excludes:
        ia, ib = problem.index(a), problem.index(b)
        if ia in forced and ib in forced:
            consistent = False
            chains = (_chain(needs, mandatory, ia), _chain(needs, mandatory, ib))
            rules = (Rule("excludes", (a, b)),)
            if len(chains[0]) == 1 and len(chains[1]) == 1:
                cause("mandatory_conflict", projects=(a, b), rules=rules)
            else:
                ids = tuple(tuple(problem.ids[i] for i in c) for c in chains)
                cause("requires_excluded", projects=(a, b), chains=ids, rules=rules)
    if problem.max_projects is not None and len(forced) > problem.max_projects:
        consistent = False
        cause(
            "max_projects_mandatory",
            projects=tuple(problem.ids[i] for i in sorted(forced)),
            count=len(forced),
            required=problem.max_projects,
            rules=(Rule("max_projects", amount=problem.max_projects),),
        )
    forced_cost = sum(int(problem.costs_pen[i]) for i in forced)
    if forced_cost > budget:
        closure = forced != set(mandatory)
        kind = "mandatory_closure_over_budget" if closure else "mandatory_over_budget"
        cause(
            kind,
            projects=tuple(problem.ids[i] for i in sorted(forced)),
            cost_pen=forced_cost,
            budget_pen=budget,
            shortfall_pen=forced_cost - budget,
            rules=(
                Rule("budget", amount=budget),
                *(Rule("mandatory", (p,)) for p in problem.mandatory),
            ),
        )
    structural = tuple(
        r
        for r in problem.rules()
        if r.kind in ("requires", "excludes", "mandatory", "max_projects")
    )
    for rule in problem.rules():
        if rule.kind == "min_per_group":
            members = int(_members(problem, rule.group).sum())
            if members < int(rule.amount or 0):
                consistent = False
                cause(
                    "group_too_few",
                    group=rule.group,
                    required=rule.amount,
                    count=members,
                    rules=(rule,),
                )
                continue
        elif rule.kind == "min_share_per_group":
            need = required_share_pen(float(rule.amount or 0.0), budget)
            total = int(linear_value(_members(problem, rule.group), problem.costs_pen))
            if total < need:
                cause(
                    "group_share_unreachable",
                    group=rule.group,
                    required=rule.amount,
                    required_pen=need,
                    cost_pen=total,
                    rules=(rule,),
                )
                continue
        elif rule.kind == "require_coverage":
            if not problem.incidence[:, problem.gaps.index(str(rule.gap))].any():
                consistent = False
                cause("gap_uncoverable", gap=rule.gap, rules=(rule,))
                continue
        else:
            continue
        if consistent:
            _cheapest_way(problem, rule, structural, solver, cause)
    shares = sum(problem.min_share_per_group.values())
    if shares > 1.0:
        cause(
            "shares_over_budget",
            required=shares,
            rules=tuple(r for r in problem.rules() if r.kind == "min_share_per_group"),
        )
    shortfall = None
    enough = minimum_feasible_budget(problem, at_least_pen=budget, solver=solver)
    if enough is not None:
        shortfall = enough - budget
        if not any(c.shortfall_pen == shortfall for c in causes):
            cause(
                "budget_shortfall",
                cost_pen=enough,
                budget_pen=budget,
                shortfall_pen=shortfall,
                rules=(Rule("budget", amount=budget),),
            )
    elif not causes:
        cause("rules_conflict", rules=_minimal_conflict(problem, solver))
    requirements = tuple(dict.fromkeys(r.code for c in causes for r in c.rules))
    return PortfolioInfeasible(causes, requirements=requirements, shortfall_pen=shortfall)


def _cheapest_way(
    problem: PortfolioProblem,
    rule: Rule,
    structural: tuple[Rule, ...],
    solver: str,
    cause: Any,
) -> None:
    """Report a group minimum, share or coverage rule whose cheapest way exceeds the budget."""
    budget = problem.budget_pen
    spec = _Spec("cost", budget_pen=None, share_base_pen=budget, rules=(*structural, rule))
    outcome = _run(problem, spec, solver, None)
    unreachable = {
        "min_per_group": "group_minimum_unreachable",
        "min_share_per_group": "group_share_unreachable",
        "require_coverage": "coverage_unreachable",
    }
    over = {
        "min_per_group": "group_minimum_budget",
        "min_share_per_group": "group_share_budget",
        "require_coverage": "coverage_budget",
    }
    need = (
        required_share_pen(float(rule.amount or 0.0), budget)
        if rule.kind == "min_share_per_group"
        else None
    )
    common = {
        "group": rule.group,
        "gap": rule.gap,
        "required": rule.amount,
        "required_pen": need,
        "rules": (rule,),
    }
    if outcome.chosen is None:
        total = int(linear_value(_members(problem, rule.group), problem.costs_pen))
        cause(unreachable[rule.kind], cost_pen=total, **common)
        return
    cost = int(linear_value(problem.costs_pen, outcome.chosen))
    if cost > budget:
        cause(
            over[rule.kind],
            cost_pen=cost,
            budget_pen=budget,
            shortfall_pen=cost - budget,
            projects=tuple(p for p, c in zip(problem.ids, outcome.chosen, strict=True) if c),
            **common,
        )


def _minimal_conflict(problem: PortfolioProblem, solver: str) -> tuple[Rule, ...]:
    """A minimal set of rules that no budget can satisfy together (deletion filter)."""

    def feasible(rules: tuple[Rule, ...]) -> bool:
        spec = _Spec("budget", budget_pen=problem.budget_pen, elastic=True, rules=rules)
        return _run(problem, spec, solver, None).state != "infeasible"

    keep = problem.rules()
    for rule in problem.rules():
        trial = tuple(r for r in keep if r != rule)
        if not feasible(trial):
            keep = trial
    return keep
