"""Each scenario's optimum by the reduced recursion equals the full recursion (and brute force):
the same value, the same cheapest cost, nothing found where nothing fits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritizer.core.portfolio import explain, knapsack, reduction, select_portfolio
from prioritizer.core.portfolio.reduction import UNBOUNDED, flip_optima, scenario_optima
from prioritizer.core.robustness import core_index
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.results.portfolio_problem import PortfolioProblem
from tests.test_portfolio_session import (
    assert_why_lines_equal_brute_force,
    brute_force,
    problems,
)


def full_recursion(problem: PortfolioProblem, values: np.ndarray) -> knapsack.Flip:
    """The whole recursion over the budget for one scenario's values (the reference)."""
    layout = knapsack.plan(replace(problem, values=values), problem.budget_pen)
    assert layout is not None
    return knapsack.best(layout, problem.budget_pen)


def assert_same_answers(problem: PortfolioProblem, V: np.ndarray) -> reduction.Reduced:
    layout = knapsack.plan(problem, problem.budget_pen)
    assert layout is not None
    found = scenario_optima(layout, V, problem.budget_pen // layout.unit)
    costs = np.asarray(problem.costs_pen)
    for s, values in enumerate(V):
        reference = full_recursion(problem, values)
        if reference.chosen is None:
            assert found.values[s] == -np.inf
            continue
        row = found.rows[s]
        assert abs(found.values[s] - reference.value) <= 1e-9 * max(1.0, abs(reference.value))
        assert abs(float(values @ row) - found.values[s]) <= 1e-9 * max(1.0, found.values[s])
        assert int(costs @ row) == int(costs @ reference.chosen)  # the cheapest of equal value
        assert int(costs @ row) <= problem.budget_pen
    return found


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 2**16))
def test_prop_scenario_optima_equal_the_full_recursion_and_brute_force(
    problem: PortfolioProblem, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    V = rng.integers(0, 6, size=(6, problem.size)) / 5  # coarse values: ties are common
    found = assert_same_answers(problem, V)
    if problem.min_per_group or problem.max_projects is not None:
        return  # the recursion relaxes these two rules; the caller re-checks them
    for s, values in enumerate(V):
        feasible = brute_force(replace(problem, values=values))
        best = max((v for _, v in feasible), default=None)
        if best is None:
            assert found.values[s] == -np.inf
        else:
            assert abs(found.values[s] - best) <= 1e-9


def call_for_proposals(n: int, seed: int, *, mandatory: bool = True) -> PortfolioProblem:
    """A seeded call of `n` projects with requires, excludes and (by default) one mandatory
    project."""
    rng = np.random.default_rng(seed)
    costs = rng.integers(20, 401, size=n) * 1_000
    ids = [f"P{i:03d}" for i in range(n)]
    order = rng.permutation(n)
    pairs = [(ids[order[k]], ids[order[k + 1]]) for k in range(0, n - 1, 2)]
    return PortfolioProblem.build(
        ids=ids,
        costs_pen=costs.tolist(),
        values=rng.uniform(0.2, 0.9, n).tolist(),
        budget_pen=int(costs.sum()) // 3,
        requires=pairs[: n // 8],
        excludes=pairs[n // 8 : n // 5],
        mandatory=[ids[order[-1]]] if mandatory else [],
    )


def test_a_call_of_120_projects_leaves_few_open_and_equals_the_full_recursion() -> None:
    problem = call_for_proposals(120, seed=3)
    V = np.random.default_rng(4).uniform(0.1, 0.9, size=(25, problem.size))
    found = assert_same_answers(problem, V)
    assert found.median_open < problem.size / 3  # the bound settles most projects
    assert found.recursions >= len(V)


def test_a_first_guess_too_tight_is_widened_until_the_answer_is_proven(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With every first guess of the gap far too small, each scenario runs again: same answers."""
    monkeypatch.setattr(reduction, "_first_delta", lambda gaps, bound: 1e-12)
    problem = call_for_proposals(80, seed=5)
    V = np.random.default_rng(6).uniform(0.1, 0.9, size=(15, problem.size))
    found = assert_same_answers(problem, V)
    assert found.recursions > len(V)


def test_mandatory_projects_over_the_budget_give_nothing() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"],
        costs_pen=[5_000, 6_000, 1_000],
        values=[0.5, 0.5, 0.5],
        budget_pen=10_000,
        mandatory=["a", "b"],
    )
    layout = knapsack.plan(problem, problem.budget_pen)
    assert layout is not None
    found = scenario_optima(layout, np.array([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]), 10)
    assert np.all(found.values == -np.inf)


def test_a_table_too_large_is_left_to_the_solver_and_the_core_index_is_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the table limit a scenario is NaN (not settled), and the core index solves it."""
    problem = call_for_proposals(40, seed=7, mandatory=False)  # an empty row meets the rules
    rng = np.random.default_rng(8)
    matrix = rng.uniform(1, 10, size=(problem.size, 3))
    weights = rng.dirichlet(np.ones(3), size=12)
    expected = core_index(problem, matrix, [1, 1, 1], ["a", "b", "c"], weights, max_enumerated=0)
    monkeypatch.setattr(knapsack, "FORWARD_CELLS", 10)
    layout = knapsack.plan(problem, problem.budget_pen)
    assert layout is not None
    V = rng.uniform(0.1, 0.9, size=(3, problem.size))
    assert np.isnan(scenario_optima(layout, V, problem.budget_pen // layout.unit).values).all()
    found = core_index(problem, matrix, [1, 1, 1], ["a", "b", "c"], weights, max_enumerated=0)
    assert np.array_equal(found.shares, expected.shares)
    assert found.distinct_optima == expected.distinct_optima


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_prop_flip_optima_equal_the_full_recursions_flips(problem: PortfolioProblem) -> None:
    """Every project flipped, by the reduced recursion and by `knapsack.flips`: same value
    (or none), same cheapest cost, the project the other way."""
    layout = knapsack.plan(problem, problem.budget_pen)
    assert layout is not None
    start = knapsack.best(layout, problem.budget_pen)
    if start.chosen is None:
        return
    chosen = start.chosen
    reference = knapsack.flips(layout, problem.budget_pen, chosen)
    top = problem.budget_pen // layout.unit
    found = list(flip_optima(layout, top, chosen, range(problem.size), lambda: False))
    assert [p for p, _, _ in found] == list(range(problem.size))
    costs = np.asarray(problem.costs_pen)
    for (p, row, value), flip in zip(found, reference, strict=True):
        if flip.chosen is None:
            assert row is None and value == -np.inf
            continue
        assert row is not None and row[p] != chosen[p]
        assert abs(value - flip.value) <= 1e-9 * max(1.0, abs(flip.value))
        assert int(costs @ row) <= problem.budget_pen


def test_flip_optima_at_120_projects_equal_the_full_recursions_flips() -> None:
    problem = call_for_proposals(120, seed=9)
    layout = knapsack.plan(problem, problem.budget_pen)
    assert layout is not None
    chosen = knapsack.best(layout, problem.budget_pen).chosen
    assert chosen is not None
    reference = knapsack.flips(layout, problem.budget_pen, chosen)
    top = problem.budget_pen // layout.unit
    asked = list(range(0, 120, 3))
    found = list(flip_optima(layout, top, chosen, asked, lambda: False))
    for p, row, value in found:
        flip = reference[p]
        if flip.chosen is None:
            assert row is None and value == -np.inf
        else:
            assert row is not None and abs(value - flip.value) <= 1e-9 * max(1.0, flip.value)
    calls = iter([False, False, True])
    assert len(list(flip_optima(layout, top, chosen, asked, lambda: next(calls)))) == 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_prop_why_lines_past_one_table_equal_brute_force(problem: PortfolioProblem) -> None:
    """With no table over the whole budget (as past about 1,000 candidates), the why-lines
    come from the reduced recursion line by line: each loss equals brute force's."""
    real = knapsack.plan

    def only_reduced(problem: PortfolioProblem, budget: int | None, *, cells: int = 0) -> Any:
        return real(problem, budget, cells=cells) if cells == UNBOUNDED else None

    with patch.object(explain, "plan", only_reduced):
        assert_why_lines_equal_brute_force(problem)


def test_the_why_lines_of_a_call_of_150_use_the_reduced_recursion_and_agree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """150 projects: the losses with one table and line by line on the open classes agree."""
    problem = call_for_proposals(150, seed=12)
    whole = select_portfolio(problem)
    real = knapsack.plan
    seen: list[int] = []

    def only_reduced(problem: PortfolioProblem, budget: int | None, *, cells: int = 0) -> Any:
        seen.append(cells)
        return real(problem, budget, cells=cells) if cells == UNBOUNDED else None

    monkeypatch.setattr(explain, "plan", only_reduced)
    reduced = select_portfolio(problem)
    assert UNBOUNDED in seen
    assert reduced.selected == whole.selected
    for a, b in zip(whole.reasons, reduced.reasons, strict=True):
        assert (a.flip_loss is None) == (b.flip_loss is None), a.id
        if a.flip_loss is not None and b.flip_loss is not None:
            assert abs(a.flip_loss - b.flip_loss) <= 1e-9
        assert b.loss_bounds is None


def test_rules_that_contradict_give_nothing_and_the_core_index_explains_them() -> None:
    """Two mandatory projects that exclude each other leave a class with no option: every
    scenario and every flip is 'nothing fits', and the core index raises the diagnosis (it
    hung on a NaN gap once)."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"],
        costs_pen=[1_000, 1_000, 1_000],
        values=[0.5, 0.5, 0.5],
        budget_pen=3_000,
        excludes=[("a", "b")],
        mandatory=["a", "b"],
    )
    layout = knapsack.plan(problem, problem.budget_pen)
    assert layout is not None
    V = np.full((3, 3), 0.5)
    assert np.all(scenario_optima(layout, V, 3).values == -np.inf)
    flips = list(flip_optima(layout, 3, np.zeros(3, dtype=np.int64), [0, 2], lambda: False))
    assert flips == [(0, None, -np.inf), (2, None, -np.inf)]
    weights = np.random.default_rng(0).dirichlet(np.ones(3), size=4)
    with pytest.raises(InfeasiblePortfolio, match="exclude each other"):
        core_index(problem, np.ones((3, 3)), [1, 1, 1], ["x", "y", "z"], weights, max_enumerated=0)
