"""The chosen portfolio and why each project is in or out: cross-checked with HiGHS,
the cheapest of equal value, re-solved with each project forced the other way.
"""

from __future__ import annotations

from dataclasses import replace

from prioritizer.errors import SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.portfolio.explain import _binding, _explain, _tolerance
from prioritizer.portfolio.formulas import (
    evaluate_portfolio,
    linear_value,
    too_fine,
)
from prioritizer.portfolio.infeasible import diagnose_infeasibility
from prioritizer.portfolio.solve import (
    _MAX_ROUNDS,
    SOLVER_NAMES,
    Solver,
    _highs_available,
    _run,
    _Spec,
)
from prioritizer.results.portfolio import (
    IntArray,
    Portfolio,
    PortfolioProblem,
    PortfolioStatus,
    ProjectReason,
)

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
