"""Why no portfolio meets the rules within the budget, in soles: direct checks first,
then the smallest budget that would do and a minimal set of conflicting rules.
"""

from __future__ import annotations

from typing import Any

from prioritizer.core.portfolio.formulas import _members, linear_value
from prioritizer.core.portfolio.graph import _chain, _closure, _prerequisites
from prioritizer.core.portfolio.solve import Solver, _run, _Spec, minimum_feasible_budget
from prioritizer.errors.portfolio import PortfolioInfeasible
from prioritizer.results.portfolio import InfeasibilityCause
from prioritizer.results.portfolio_problem import PortfolioProblem, Rule, required_share_pen

# --------------------------------------------------------------------------- infeasibility


def diagnose_infeasibility(
    problem: PortfolioProblem, *, solver: Solver = "highs"
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
