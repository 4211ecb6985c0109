"""The dynamic programme over the budget against brute force (n <= 9): the optimum, every
budget, and every project's flip; answers breaking a relaxed rule are upper bounds."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings

from prioritizer.core.portfolio.knapsack import best, flips, forward, plan
from prioritizer.results.portfolio_problem import PortfolioProblem
from tests.test_portfolio_session import brute_force, flip_loss, problems


def best_value(feasible: list[tuple[Any, float]]) -> float | None:
    return max((v for _, v in feasible), default=None)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_prop_the_recursion_equals_brute_force(problem: PortfolioProblem) -> None:
    layout = plan(problem, problem.budget_pen)
    assert layout is not None  # score mode, small components, small budget
    feasible = brute_force(problem)
    optimum = best_value(feasible)
    answer = best(layout, problem.budget_pen)
    found = answer.chosen if answer.holds else None
    if answer.chosen is None:
        assert optimum is None
    if found is not None:
        value = float(np.dot(problem.values, found))
        assert optimum is not None and abs(value - optimum) <= 1e-9
        cheaper = [x for x, v in feasible if v >= optimum - 1e-9]
        assert int(np.dot(problem.costs_pen, found)) == min(
            int(np.dot(problem.costs_pen, x)) for x in cheaper
        )
    elif optimum is not None:  # relaxed rules broken: the recursion's answer is not one
        assert problem.min_per_group or problem.max_projects is not None
    if optimum is None:
        return
    chosen = max(feasible, key=lambda item: item[1])[0]
    for p, flip in enumerate(flips(layout, problem.budget_pen, chosen)):
        expected = flip_loss(feasible, chosen, p)
        true_best = None if expected is None else optimum - expected
        if flip.chosen is None:
            assert true_best is None
        elif flip.holds:
            assert true_best is not None and abs(flip.value - true_best) <= 1e-9
            assert flip.chosen[p] != chosen[p]
        else:
            assert true_best is None or flip.value >= true_best - 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_prop_every_budget_at_once(problem: PortfolioProblem) -> None:
    """The last table holds the best value (rules relaxed as said) within every budget."""
    plain = PortfolioProblem.build(
        ids=problem.ids,
        costs_pen=problem.costs_pen,
        values=problem.values,
        budget_pen=problem.budget_pen,
        requires=problem.requires,
        excludes=problem.excludes,
    )
    layout = plan(plain, None)
    assert layout is not None
    unit = layout.unit
    final = forward(layout, int(np.sum(plain.costs_pen)) // unit).final
    for budget in range(0, int(np.sum(plain.costs_pen)) + 1, unit):
        other = PortfolioProblem.build(
            ids=plain.ids,
            costs_pen=plain.costs_pen,
            values=plain.values,
            budget_pen=budget,
            requires=plain.requires,
            excludes=plain.excludes,
        )
        optimum = best_value(brute_force(other))
        assert optimum is not None and abs(final[budget // unit] - optimum) <= 1e-9
