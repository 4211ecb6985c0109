"""The chosen portfolio and why each project is in or out: one kept HiGHS model answers
every question of the run; the optimum is cross-checked by the other engine; the cheapest of
equal value is returned.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from prioritizer.core.portfolio.explain import _binding, _explain, _tolerance
from prioritizer.core.portfolio.formulas import (
    evaluate_portfolio,
    linear_value,
    too_fine,
)
from prioritizer.core.portfolio.infeasible import diagnose_infeasibility
from prioritizer.core.portfolio.knapsack import FORWARD_CELLS, best, plan
from prioritizer.core.portfolio.limits import Clock, Progress, as_deadline, no_progress
from prioritizer.core.portfolio.repair import rounded_down
from prioritizer.core.portfolio.session import Relaxation, Session
from prioritizer.core.portfolio.solve import (
    _MAX_ROUNDS,
    SOLVER_NAMES,
    Engine,
    Solver,
    _run,
    _Spec,
)
from prioritizer.errors import SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio import Portfolio, PortfolioStatus, ProjectReason
from prioritizer.results.portfolio_problem import PortfolioProblem

# --------------------------------------------------------------------------- select and explain


def select_portfolio(
    problem: PortfolioProblem,
    *,
    solver: Solver = "highs",
    time_limit: float | None = None,
    cross_check: bool = True,
    explain: bool = True,
    deadline: float | Clock | None = None,
    progress: Progress = no_progress,
) -> Portfolio:
    """The best portfolio within the budget and rules, with a reason for every project.

    One model is kept in HiGHS (in process) for every question of the run: the optimum (when
    `solver` is "highs", the default), the cheapest of equal value, the LP relaxation and each
    project's why-line. `solver="cbc"` finds the optimum with CBC instead. `cross_check`
    solves the optimum with the other engine too and keeps the better portfolio, so a false
    "optimal" from either engine is caught by design; the portfolio names the engine whose
    answer it shows. `time_limit` (seconds) bounds each solve, `deadline` (seconds, or a
    clock the whole run shares) the whole call: a
    search they stop is "best_found" with its gap, and why-lines not settled by the deadline
    carry proven intervals (`loss_bounds`). `explain=False` skips the why-line searches.
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
    clock = as_deadline(deadline)
    spec = _Spec("value", budget_pen=problem.budget_pen)
    notes: list[Phrase] = []
    session = Session(problem, time_limit=time_limit, deadline=clock)
    progress("optimum", 0, 1)
    first = _optimum(problem, session, spec, solver, clock, cross_check, notes)
    if first is None:
        raise diagnose_infeasibility(problem, solver=solver)
    chosen, state, engine, bound = first
    if state == "optimal" and engine != "dp":  # the recursion's answer is already the cheapest
        chosen = _cheapest_of_equal_value(problem, chosen, session)
    progress("optimum", 1, 1)
    reasons: tuple[ProjectReason, ...] = ()
    for _ in range(_MAX_ROUNDS):
        reasons, found = _explain(problem, chosen, session, resolve=explain, progress=progress)
        if found is None:
            break
        better, engine = found  # the output names the engine whose answer it shows
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
    try:
        relaxation = session.relax(budget_pen=problem.budget_pen)
    except SolverFailure:
        relaxation = Relaxation("stopped")  # no bound: the gap stays unknown
    floor = objective - _tolerance(objective)  # a "bound" below a portfolio's value is none
    lp_bound = relaxation.value if relaxation.state == "optimal" else None
    if lp_bound is not None and lp_bound < floor:
        lp_bound = None
    bounds = [b for b in (bound, lp_bound) if b is not None and b >= floor]
    gap: float | None = 0.0
    if state == "best_found":
        top = min(bounds) if bounds else None
        gap = None if top is None else max(0.0, top - objective) / max(abs(top), 1e-12)
        if gap is not None and gap <= 1e-9:
            state, gap = "optimal", 0.0
            notes.append(
                phrase("the time limit stopped the solver, but the LP bound proves optimality")
            )
    if any(r.loss_bounds is not None for r in reasons):
        notes.append(
            phrase(
                "the deadline of {seconds:g} s came before every why-line was settled; those"
                " lines give proven intervals",
                seconds=clock.seconds or 0,
            )
        )
    return Portfolio(
        status=state,
        objective=objective,
        selected=tuple(p for p, c in zip(problem.ids, chosen, strict=True) if c),
        total_cost_pen=int(linear_value(problem.costs_pen, chosen)),
        budget_pen=problem.budget_pen,
        reasons=reasons,
        binding=_binding(problem, chosen),
        marginal_value_per_pen=relaxation.dual_per_pen if lp_bound is not None else None,
        solver=SOLVER_NAMES[engine],
        gap=gap,
        value_mode=problem.value_mode,
        diagnostics=tuple(notes),
        lp_relaxation=lp_bound,
    )


def _optimum(
    problem: PortfolioProblem,
    session: Session,
    spec: _Spec,
    solver: Solver,
    clock: Clock,
    cross_check: bool,
    notes: list[Phrase],
) -> tuple[IntArray, PortfolioStatus, Engine, float | None] | None:
    """The optimum by `solver`, cross-checked by the other engine; None when none exists.

    Returns the portfolio, its status, the engine whose answer it is and an upper bound on
    the optimum when the engine gave one.
    """
    limit = clock.limit(session.time_limit)
    if solver == "highs":
        with ThreadPoolExecutor(max_workers=1) as pool:
            # CBC runs as its own process: it cross-checks while the dynamic programme or
            # HiGHS searches in process (highspy releases the interpreter lock while it runs).
            pending = (
                pool.submit(_other_engine, problem, spec, "cbc", clock, session, notes)
                if cross_check
                else None
            )
            mine = _in_process(problem, session, limit)
            other = None if pending is None else pending.result()
        if mine is None:
            return None
        return _better_of(problem, mine, other, "cbc", notes) if cross_check else mine
    first = _run(problem, spec, solver, limit)
    if first.chosen is None and solver == "cbc" and too_fine(problem):
        answer = session.maximise(budget_pen=problem.budget_pen)  # CBC loses single soles
        if answer.chosen is None:
            return None
        notes.append(phrase("CBC could not decide amounts this fine; HiGHS solved it"))
        state: PortfolioStatus = "optimal" if answer.state == "optimal" else "best_found"
        return answer.chosen, state, "highs", answer.bound
    if first.chosen is None:
        return None
    state = "optimal" if first.state == "optimal" else "best_found"
    if cross_check:
        other = _other_engine(problem, spec, "highs", clock, session, notes)
        return _better_of(problem, (first.chosen, state, solver, None), other, "highs", notes)
    return first.chosen, state, solver, None


def _in_process(
    problem: PortfolioProblem, session: Session, limit: float | None
) -> tuple[IntArray, PortfolioStatus, Engine, float | None] | None:
    """The optimum by the dynamic programme over the budget where it holds the problem and its
    answer meets every rule (exact, and the cheapest of its value); else by HiGHS."""
    layout = plan(problem, problem.budget_pen, cells=FORWARD_CELLS)
    exact = None if layout is None else best(layout, problem.budget_pen)
    if exact is not None and exact.chosen is None:
        return None  # not even the relaxed rules can be met
    if exact is not None and exact.holds and exact.chosen is not None:
        return exact.chosen, "optimal", "dp", evaluate_portfolio(problem, exact.chosen)
    start, settled = _warm_start(problem, session)
    answer = session.maximise(budget_pen=problem.budget_pen, fixed=settled, start=start)
    if answer.state == "infeasible":
        return None
    if answer.chosen is None:
        raise SolverFailure(_no_portfolio("highs", limit))
    state: PortfolioStatus = "optimal" if answer.state == "optimal" else "best_found"
    return answer.chosen, state, "highs", answer.bound


def _warm_start(
    problem: PortfolioProblem, session: Session
) -> tuple[IntArray | None, dict[int, int]]:
    """A portfolio rounded from the LP relaxation, and the projects every portfolio at least
    as good must take or leave (reduced-cost fixing): the search starts from it over the rest.

    Exact: every optimal portfolio is worth at least the start, so it meets the fixings, and
    the best portfolio that meets them is the optimum (at 2,000 structured candidates HiGHS's
    search takes half the time, at 1,000 a fifth).
    """
    try:
        relaxation = session.relax(budget_pen=problem.budget_pen)
        start = None if relaxation.levels is None else rounded_down(problem, relaxation.levels)
        if start is None:
            return None, {}
        worth = evaluate_portfolio(problem, start)
        floor = worth - _tolerance(worth)
        return start, session.settled_by_reduced_costs(
            budget_pen=problem.budget_pen, min_value=floor
        )
    except SolverFailure:  # no LP, no warm start: the search runs over every project
        return None, {}


def _no_portfolio(solver: Solver, limit: float | None) -> Phrase:
    if limit is None:
        return phrase("{solver} found no portfolio", solver=SOLVER_NAMES[solver])
    return phrase(
        "{solver} found no portfolio within the time limit of {seconds:g} s",
        solver=SOLVER_NAMES[solver],
        seconds=limit,
    )


def _other_engine(
    problem: PortfolioProblem,
    spec: _Spec,
    engine: Solver,
    clock: Clock,
    session: Session,
    notes: list[Phrase],
) -> tuple[IntArray, PortfolioStatus] | None:
    """The optimum by the cross-checking engine, or None (noted) when it has none."""
    name = SOLVER_NAMES[engine]
    other = SOLVER_NAMES["highs" if engine == "cbc" else "cbc"]
    if engine == "cbc":
        try:
            outcome = _run(problem, spec, "cbc", clock.limit(session.time_limit))
        except SolverFailure as exc:
            notes.append(
                phrase("{solver} cross-check not available: {reason}", solver=name, reason=exc.text)
            )
            return None
        chosen, done = outcome.chosen, outcome.state
    else:
        answer = session.maximise(budget_pen=problem.budget_pen)
        chosen, done = answer.chosen, "optimal" if answer.state == "optimal" else "best_found"
    if chosen is None:
        notes.append(
            phrase(
                "{solver} found no portfolio where {other} found one (infeasible or stopped)",
                solver=name,
                other=other,
            )
        )
        return None
    return chosen, ("optimal" if done == "optimal" else "best_found")


def _better_of(
    problem: PortfolioProblem,
    mine: tuple[IntArray, PortfolioStatus, Engine, float | None],
    other: tuple[IntArray, PortfolioStatus] | None,
    checker: Engine,
    notes: list[Phrase],
) -> tuple[IntArray, PortfolioStatus, Engine, float | None]:
    """Keep the better of two engines' portfolios; note any disagreement, in both directions.

    A "best_found" that the other engine proves optimal at the same value becomes optimal.
    """
    if other is None:
        return mine
    chosen, state, solver, bound = mine
    value = evaluate_portfolio(problem, chosen)
    theirs = evaluate_portfolio(problem, other[0])
    names = {"solver": SOLVER_NAMES[solver], "other": SOLVER_NAMES[checker]}
    if theirs > value + _tolerance(value):
        notes.append(
            phrase(
                "{solver}'s answer ({mine:.6g}) was beaten by {other} ({theirs:.6g}); {other}'s"
                " is used",
                mine=value,
                theirs=theirs,
                **names,
            )
        )
        return other[0], other[1], checker, None
    if value > theirs + _tolerance(value):
        notes.append(
            phrase(
                "{other}'s answer ({theirs:.6g}) was worse than {solver}'s ({mine:.6g})",
                mine=value,
                theirs=theirs,
                **names,
            )
        )
    elif other[1] == "optimal":
        state = "optimal"
    return chosen, state, solver, bound


def _cheapest_of_equal_value(
    problem: PortfolioProblem, chosen: IntArray, session: Session
) -> IntArray:
    """Among optimal portfolios, the cheapest: no sol goes to projects that add nothing."""
    objective = evaluate_portfolio(problem, chosen)
    floor = objective - _tolerance(objective)
    cost = int(linear_value(problem.costs_pen, chosen))
    lowest = session.cheapest_bound(budget_pen=problem.budget_pen, min_value=floor)
    if lowest is not None and lowest > cost - session.unit * (1 - 1e-6):
        return chosen  # the LP proves no portfolio of this value is a unit cheaper
    settled = session.settled_by_reduced_costs(budget_pen=problem.budget_pen, min_value=floor)
    answer = session.cheapest(budget_pen=problem.budget_pen, min_value=floor, fixed=settled)
    other = answer.chosen
    if answer.state != "optimal" or other is None:
        return chosen
    cheaper = linear_value(problem.costs_pen, other) < linear_value(problem.costs_pen, chosen)
    if cheaper and evaluate_portfolio(problem, other) >= floor:
        return other
    return chosen
