"""Why each project is in or out: its rule, or the best portfolio with it forced the other
way; and which rules bind the chosen portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from prioritizer.core.portfolio.formulas import (
    evaluate_portfolio,
    linear_value,
    rule_form,
    violated_rules,
)
from prioritizer.core.portfolio.graph import _closure, _prerequisites, exclusion_partners
from prioritizer.core.portfolio.knapsack import flips, plan
from prioritizer.core.portfolio.limits import Clock, Progress, no_progress
from prioritizer.core.portfolio.reduction import UNBOUNDED, flip_optima
from prioritizer.core.portfolio.repair import (
    flipped_portfolio,
    standalone_values,
    value_per_cost,
)
from prioritizer.core.portfolio.session import Session
from prioritizer.core.portfolio.solve import Engine
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio import BindingConstraint, ProjectReason, ReasonKind
from prioritizer.results.portfolio_problem import PortfolioProblem, Rule


def _tolerance(value: float) -> float:
    return 1e-9 * max(1.0, abs(value))


Better = tuple[IntArray, Engine]
"""A portfolio better than the one explained, and the engine that found it."""


@dataclass(slots=True)
class _Line:
    """What is known about one why-line: the best portfolio found with the project flipped,
    whether it is proven best (or proven impossible), and the bounds on its value."""

    found: IntArray | None = None
    upper: float | None = None
    exact: bool = False


def _explain(
    problem: PortfolioProblem,
    chosen: IntArray,
    session: Session,
    *,
    resolve: bool,
    progress: Progress = no_progress,
) -> tuple[tuple[ProjectReason, ...], Better | None]:
    """A reason per project; also returns a better portfolio, and the engine that found it, if
    a re-solve found one.

    Each line's alternative (the best portfolio with the project flipped) is settled without
    an integer program where bounds allow (a repaired portfolio meeting the LP bound; an LP
    with no solution), then solved exactly on the kept model, most relevant first, until the
    session's deadline; a line not settled by then carries its proven interval.
    """
    objective = evaluate_portfolio(problem, chosen)
    leftover = problem.budget_pen - int(linear_value(problem.costs_pen, chosen))
    needs = _prerequisites(problem)
    forced = _closure(needs, [problem.index(p) for p in problem.mandatory])
    pairs = _Pairs.of(problem)
    kinds = [
        (*_why_in(problem, chosen, p, pairs), None, None)
        if chosen[p]
        else _why_out(problem, chosen, p, needs, leftover, pairs)
        for p in range(problem.size)
    ]
    checked = [resolve and kinds[p][0] != "in_mandatory" for p in range(problem.size)]
    lines = {
        p: _Line(exact=True) if _surely_impossible(problem, chosen, p, needs, forced) else _Line()
        for p in range(problem.size)
        if checked[p]
    }
    better = _settle(problem, chosen, session, lines, needs, forced, progress)
    if better is not None:
        return (), better
    reasons = []
    alone = standalone_values(problem)
    for p in range(problem.size):
        kind, related, rules, package, extra = kinds[p]
        line = lines.get(p)
        loss: float | None = None
        bounds: tuple[float, float | None] | None = None
        adds: tuple[str, ...] = ()
        drops: tuple[str, ...] = ()
        if line is not None and line.exact and line.found is not None:
            other = line.found
            loss = max(0.0, objective - evaluate_portfolio(problem, other))
            adds = tuple(
                problem.ids[i] for i in range(problem.size) if other[i] > chosen[i] and i != p
            )
            drops = tuple(
                problem.ids[i] for i in range(problem.size) if other[i] < chosen[i] and i != p
            )
        elif line is not None and not line.exact:
            low = 0.0 if line.upper is None else max(0.0, objective - line.upper)
            high = None
            if line.found is not None:
                high = max(low, objective - evaluate_portfolio(problem, line.found))
            bounds = (low, high)
        if kind == "in_value" and checked[p] and loss is None and bounds is None:
            kind = "in_rule"
            rules = _needed_for(problem, chosen, p)
        flipped = chosen.copy()
        flipped[p] = 1 - flipped[p]
        reasons.append(
            ProjectReason(
                id=problem.ids[p],
                name=problem.names[p],
                selected=bool(chosen[p]),
                kind=kind,
                value=float(alone[p]),
                cost_pen=int(problem.costs_pen[p]),
                contribution=abs(objective - evaluate_portfolio(problem, flipped)),
                flip_loss=loss,
                flip_adds=adds,
                flip_drops=drops,
                related=related,
                rules=rules,
                package_cost_pen=package,
                extra_budget_pen=extra,
                leftover_pen=leftover,
                flip_checked=checked[p],
                loss_bounds=bounds,
            )
        )
    return tuple(reasons), None


def _settle(
    problem: PortfolioProblem,
    chosen: IntArray,
    session: Session,
    lines: dict[int, _Line],
    needs: dict[int, set[int]],
    forced: set[int],
    progress: Progress,
) -> Better | None:
    """Bound every open line, then solve the open ones exactly, most relevant first; returns a
    better portfolio than `chosen` if one turns up (the chosen one was not optimal)."""
    objective = evaluate_portfolio(problem, chosen)
    tolerance = _tolerance(objective)
    needed_by: dict[int, set[int]] = {i: set() for i in range(problem.size)}
    for needer, prerequisites in needs.items():
        for prerequisite in prerequisites:
            needed_by[prerequisite].add(needer)
    partners = exclusion_partners(problem)
    better = _by_recursion(problem, chosen, lines, session.deadline, progress)
    if better is not None:
        return better, "dp"
    ratio = value_per_cost(problem)
    pending = [p for p, line in lines.items() if not line.exact]
    for done, p in enumerate(pending):
        progress("bounds", done, len(pending))
        if session.deadline.expired():
            break
        line = lines[p]
        flip = {p: 1 - int(chosen[p])}
        repaired = flipped_portfolio(problem, chosen, p, needs, needed_by, partners, forced, ratio)
        if repaired is not None and (
            line.found is None
            or evaluate_portfolio(problem, repaired) > evaluate_portfolio(problem, line.found)
        ):
            line.found = repaired
        relaxed = session.relax(budget_pen=problem.budget_pen, fixed=flip)
        if relaxed.state == "infeasible":
            line.exact, line.found = True, None
        elif relaxed.value is not None:
            line.upper = relaxed.value if line.upper is None else min(line.upper, relaxed.value)
            found = -np.inf if line.found is None else evaluate_portfolio(problem, line.found)
            line.exact = found >= line.upper - tolerance
    progress("bounds", len(pending), len(pending))
    pending = sorted(
        (p for p in pending if not lines[p].exact),
        key=lambda p: (-int(chosen[p]), -(lines[p].upper or 0.0)),
    )
    for done, p in enumerate(pending):
        progress("why", done, len(pending))
        if session.deadline.expired():
            break
        line = lines[p]
        answer = session.maximise(
            budget_pen=problem.budget_pen, fixed={p: 1 - int(chosen[p])}, start=line.found
        )
        if answer.state == "infeasible":
            line.exact, line.found = True, None
            continue
        if answer.chosen is None:
            continue
        value = evaluate_portfolio(problem, answer.chosen)
        if value > objective + tolerance:
            return answer.chosen, "highs"
        known = -np.inf if line.found is None else evaluate_portfolio(problem, line.found)
        if value >= known:
            line.found = answer.chosen
        if answer.bound is not None:
            line.upper = answer.bound if line.upper is None else min(line.upper, answer.bound)
        line.exact = answer.state == "optimal"
    progress("why", len(pending), len(pending))
    return None


def _by_recursion(
    problem: PortfolioProblem,
    chosen: IntArray,
    lines: dict[int, _Line],
    deadline: Clock,
    progress: Progress,
) -> IntArray | None:
    """Settle what the dynamic programme over the budget settles: with one table over the
    budget, every line at once (`knapsack.flips`); past it, line by line on the classes each
    flip's bound leaves open (`reduction.flip_optima`, projects in the portfolio first, until
    the deadline). A flip that meets every rule is exact, one that breaks a relaxed rule gives
    an upper bound, none at all proves the flip impossible. Returns a better portfolio than
    `chosen` if one shows."""
    open_lines = [p for p, line in lines.items() if not line.exact]
    if not open_lines:
        return None  # nothing left to settle (no why-line re-solves asked for)
    budget = problem.budget_pen
    layout = plan(problem, budget)
    answers: Iterable[tuple[int, IntArray | None, float, bool | None]]
    if layout is not None:
        answers = (
            (p, f.chosen, f.value, f.holds) for p, f in enumerate(flips(layout, budget, chosen))
        )
    else:
        layout = plan(problem, budget, cells=UNBOUNDED)
        if layout is None:
            return None
        order = sorted(open_lines, key=lambda p: -int(chosen[p]))
        found = flip_optima(layout, budget // layout.unit, chosen, order, deadline.expired)
        answers = ((p, row, value, None) for p, row, value in found)
    objective = evaluate_portfolio(problem, chosen)
    for done, (p, row, value, holds) in enumerate(answers):
        if holds is None:  # the reduced recursion, line by line: it can take seconds
            progress("why", done, len(open_lines))
            holds = row is not None and not violated_rules(problem, row, budget_pen=budget)
        line = lines.get(p)
        if line is None or line.exact or np.isnan(value):
            continue
        if row is None:
            line.exact, line.found = True, None
        elif holds:
            if evaluate_portfolio(problem, row) > objective + _tolerance(objective):
                return row
            line.exact, line.found, line.upper = True, row, value
        else:
            line.upper = value
    progress("why", len(open_lines), len(open_lines))
    return None


@dataclass(frozen=True, slots=True)
class _Pairs:
    """Each project's requirers and exclusion partners (ids, in the rules' order), read once
    for all why-lines instead of scanning every rule per project."""

    requirers: dict[str, list[str]]
    partners: dict[str, list[str]]

    @classmethod
    def of(cls, problem: PortfolioProblem) -> _Pairs:
        requirers: dict[str, list[str]] = {}
        partners: dict[str, list[str]] = {}
        for a, b in problem.requires:
            requirers.setdefault(b, []).append(a)
        for a, b in problem.excludes:
            partners.setdefault(a, []).append(b)
            partners.setdefault(b, []).append(a)
        return cls(requirers, partners)


def _why_in(
    problem: PortfolioProblem, chosen: IntArray, p: int, pairs: _Pairs
) -> tuple[ReasonKind, tuple[str, ...], tuple[Rule, ...]]:
    pid = problem.ids[p]
    if pid in problem.mandatory:
        return "in_mandatory", (), (Rule("mandatory", (pid,)),)
    requirers = tuple(a for a in pairs.requirers.get(pid, ()) if chosen[problem.index(a)])
    if requirers:
        return "in_required", requirers, tuple(Rule("requires", (a, pid)) for a in requirers)
    return "in_value", (), ()


def _why_out(
    problem: PortfolioProblem,
    chosen: IntArray,
    p: int,
    needs: dict[int, set[int]],
    leftover: int,
    pairs: _Pairs,
) -> tuple[ReasonKind, tuple[str, ...], tuple[Rule, ...], int | None, int | None]:
    pid = problem.ids[p]
    excluders = tuple(q for q in pairs.partners.get(pid, ()) if chosen[problem.index(q)])
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
    score = problem.value_mode == "score"  # a package's gain is then its scores' sum
    for p in np.flatnonzero(chosen == 0):
        added = [i for i in _closure(needs, [int(p)]) if not chosen[i]]
        if score:
            worth = objective + float(np.sum(problem.values[added]))
        else:
            more = chosen.copy()
            more[added] = 1
            worth = evaluate_portfolio(problem, more)
        if worth > objective + _tolerance(objective):
            gains = True
            cost = sum(int(problem.costs_pen[i]) for i in added)
            blocked = blocked or cost > leftover
    if gains and blocked:
        found.append(BindingConstraint(Rule("budget", amount=problem.budget_pen), leftover))
    for rule in problem.rules():
        lhs, _, rhs = rule_form(problem, rule, chosen, share_base=problem.budget_pen)
        if rule.kind == "max_projects" and lhs == rhs:
            found.append(BindingConstraint(rule, 0.0))
        elif rule.kind in _MINIMUMS and _every_drop_breaks(problem, rule, chosen, lhs):
            found.append(BindingConstraint(rule, float(lhs - rhs)))
    return tuple(found)


def _every_drop_breaks(problem: PortfolioProblem, rule: Rule, chosen: IntArray, lhs: Any) -> bool:
    """Whether dropping any one chosen project that counts for `rule` breaks it (and one does):
    the rule's form evaluated on blocks of portfolios (one chosen project dropped each)."""
    selected = np.flatnonzero(chosen)
    counted = False
    for first in range(0, selected.size, _BLOCK):
        drop = selected[first : first + _BLOCK]
        fewer = np.repeat(np.asarray(chosen)[:, None], drop.size, axis=1)
        fewer[drop, np.arange(drop.size)] = 0
        side, sense, rhs = rule_form(problem, rule, fewer, share_base=problem.budget_pen)
        side = np.asarray(side)
        relevant = side != lhs
        counted = counted or bool(relevant.any())
        kept = side >= rhs if sense == ">=" else side <= rhs if sense == "<=" else side == rhs
        if bool((kept & relevant).any()):
            return False
    return counted


_MINIMUMS = ("min_per_group", "min_share_per_group", "require_coverage")
_BLOCK = 512
"""Portfolios evaluated at once when checking which rules bind (projects x block of them)."""
