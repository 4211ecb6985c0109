"""The chosen portfolio and why each project is in or out: cross-checked with HiGHS,
the cheapest of equal value, re-solved with each project forced the other way.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from prioritizer.errors import SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.portfolio.formulas import (
    _holds,
    evaluate_portfolio,
    linear_value,
    rule_form,
    too_fine,
    violated_rules,
)
from prioritizer.portfolio.graph import _closure, _prerequisites
from prioritizer.portfolio.infeasible import diagnose_infeasibility
from prioritizer.portfolio.solve import (
    _MAX_ROUNDS,
    SOLVER_NAMES,
    Solver,
    _highs_available,
    _Outcome,
    _run,
    _Spec,
)
from prioritizer.results.portfolio import (
    BindingConstraint,
    IntArray,
    Portfolio,
    PortfolioProblem,
    PortfolioStatus,
    ProjectReason,
    ReasonKind,
    Rule,
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
