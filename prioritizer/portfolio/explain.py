"""Why each project is in or out: its rule, or the best portfolio with it forced the other
way; and which rules bind the chosen portfolio.
"""

from __future__ import annotations

import numpy as np

from prioritizer.portfolio.formulas import (
    _holds,
    evaluate_portfolio,
    linear_value,
    rule_form,
    violated_rules,
)
from prioritizer.portfolio.graph import _closure, _prerequisites
from prioritizer.portfolio.solve import _Outcome, _run, _Spec
from prioritizer.results.portfolio import (
    BindingConstraint,
    IntArray,
    PortfolioProblem,
    ProjectReason,
    ReasonKind,
    Rule,
)


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
