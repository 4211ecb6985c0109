"""The k best portfolios and every portfolio within x % of the optimum, against brute force.

The oracle is `Instance` of test_portfolio.py: plain Python over all 2^n subsets, sharing no
code with prioritizer.core.portfolio. Both engines are run on the same instances: the
recursion's ranking (Lawler's partition) where it holds the problem, and the kept HiGHS model
with no-good cuts (`recursion=False`) for every problem.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritizer.core.portfolio import alternatives, evaluate_portfolio, select_portfolio
from prioritizer.core.portfolio.alternatives import rank_portfolios
from prioritizer.core.portfolio.kbest import Ranked
from prioritizer.core.portfolio.knapsack import plan
from prioritizer.core.portfolio.limits import Deadline
from prioritizer.core.portfolio.session import Session
from prioritizer.core.portfolio.solve import _run, _Spec
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.results.portfolio_problem import PortfolioProblem
from tests.test_portfolio import Instance, instances

TOLERANCE = 1e-9
ENGINES = pytest.mark.parametrize("recursion", [True, False], ids=["recursion", "highs"])


def oracle(inst: Instance) -> list[tuple[tuple[int, ...], float]]:
    """Every subset meeting the budget and every rule, with its value, best first."""
    feasible = [
        (chosen, inst.value(chosen))
        for chosen in itertools.product((0, 1), repeat=inst.n)
        if inst.feasible(chosen, inst.budget)
    ]
    return sorted(feasible, key=lambda item: -item[1])


def vector(inst: Instance, selected: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(int(p in selected) for p in inst.ids())


def close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def check_listing(inst: Instance, result: Any) -> None:
    """Every listed portfolio meets the rules (by the oracle), is distinct, and the list is
    sorted best first with exact objectives, costs and differences from the best."""
    seen = set()
    best = result.alternatives[0]
    for rank, item in enumerate(result.alternatives, start=1):
        chosen = vector(inst, item.selected)
        assert inst.feasible(chosen, inst.budget), item
        assert chosen not in seen
        seen.add(chosen)
        assert item.rank == rank
        assert close(item.objective, inst.value(chosen))
        assert item.total_cost_pen == inst.spend(chosen) <= inst.budget
        assert set(item.adds) == set(item.selected) - set(best.selected)
        assert set(item.drops) == set(best.selected) - set(item.selected)
        assert close(item.value_gap, best.objective - item.objective)
    objectives = [a.objective for a in result.alternatives]
    assert all(b <= a + TOLERANCE * max(1.0, a) for a, b in itertools.pairwise(objectives))


def same_values(found: list[float], expected: list[float]) -> bool:
    """Equal as multisets of objectives (ties may come in any order)."""
    return len(found) == len(expected) and all(
        close(a, b) for a, b in zip(sorted(found), sorted(expected), strict=True)
    )


@ENGINES
@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=instances(max_n=7), count=st.integers(1, 12))
def test_prop_the_k_found_are_the_k_best(recursion: bool, inst: Instance, count: int) -> None:
    feasible = oracle(inst)
    problem = inst.problem()
    try:
        result = rank_portfolios(problem, count=count, recursion=recursion)
    except InfeasiblePortfolio:
        assert not feasible
        return
    check_listing(inst, result)
    expected = [value for _, value in feasible[:count]]
    assert same_values([a.objective for a in result.alternatives], expected)
    assert result.end == ("count" if len(feasible) >= count else "all")
    assert all(a.status == "optimal" for a in result.alternatives)


@ENGINES
@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=instances(max_n=7), within=st.sampled_from([0.0, 0.5, 1.0, 5.0, 10.0, 25.0, 100.0]))
def test_prop_within_returns_exactly_the_brute_force_set(
    recursion: bool, inst: Instance, within: float
) -> None:
    feasible = oracle(inst)
    problem = inst.problem()
    try:
        result = rank_portfolios(problem, within_pct=within, limit=200, recursion=recursion)
    except InfeasiblePortfolio:
        assert not feasible
        return
    check_listing(inst, result)
    top = feasible[0][1]
    threshold = (1 - within / 100) * top
    expected = {c for c, v in feasible if v >= threshold - TOLERANCE * max(1.0, abs(threshold))}
    assert {vector(inst, a.selected) for a in result.alternatives} == expected
    assert result.end == "all" and result.complete


@ENGINES
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=instances(max_n=7, shares=False, coverage=False), count=st.integers(1, 6))
def test_prop_within_and_count_give_the_best_of_those_within(
    recursion: bool, inst: Instance, count: int
) -> None:
    feasible = oracle(inst)
    if not feasible:
        return
    result = rank_portfolios(inst.problem(), count=count, within_pct=10.0, recursion=recursion)
    threshold = 0.9 * feasible[0][1]
    within = [v for _, v in feasible if v >= threshold - TOLERANCE * max(1.0, threshold)]
    assert same_values([a.objective for a in result.alternatives], within[:count])
    assert result.end == ("count" if len(within) >= count else "all")


def test_the_first_is_the_portfolio_select_portfolio_returns() -> None:
    """The optimum shown by `portfolio` leads the list, and ties in value are listed cheapest
    first: {a, d} is worth 5.5; {a} (S/ 4) and {b, c} (S/ 5) are both worth 5."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c", "d"],
        costs_pen=[4, 2, 3, 1],
        values=[5.0, 2.0, 3.0, 0.5],
        budget_pen=5,
    )
    best = select_portfolio(problem, explain=False)
    result = rank_portfolios(problem, count=4, best=best)
    assert result.alternatives[0].selected == best.selected == ("a", "d")
    assert [a.selected for a in result.alternatives[:3]] == [("a", "d"), ("a",), ("b", "c")]
    second, third = result.alternatives[1:3]
    assert second.adds == () and second.drops == ("d",) and second.cost_difference_pen == -1
    assert third.adds == ("b", "c") and third.drops == ("a", "d")
    assert third.cost_difference_pen == 0
    assert third.value_gap == pytest.approx(0.5)
    assert third.value_gap_share == pytest.approx(0.5 / 5.5)
    assert result.differing == ("a", "b", "c", "d") and result.common == ()


def test_more_within_than_the_limit_says_so() -> None:
    """Eight projects of value 1 costing 1, budget 8: every one of the 256 subsets fits, and
    256 of them lie within 100 %; a limit of 10 lists the 10 best and ends at "limit"."""
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(8)], costs_pen=[1] * 8, values=[1.0] * 8, budget_pen=8
    )
    for recursion in (True, False):
        result = rank_portfolios(problem, within_pct=100, limit=10, recursion=recursion)
        assert len(result.alternatives) == 10 and result.end == "limit"
        assert not result.complete
        objectives = [a.objective for a in result.alternatives]
        assert objectives == [8.0] + [7.0] * 8 + [6.0]


def test_a_passed_deadline_returns_the_best_and_says_so() -> None:
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(6)],
        costs_pen=[3, 4, 5, 6, 7, 8],
        values=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        budget_pen=15,
    )
    best = select_portfolio(problem, explain=False)
    for recursion in (True, False):
        result = rank_portfolios(
            problem, count=5, best=best, deadline=Deadline(0.0), recursion=recursion
        )
        assert [a.selected for a in result.alternatives] == [best.selected]
        assert result.end == "deadline" and not result.complete


def test_too_many_broken_relaxed_rules_hand_over_to_the_solver() -> None:
    """At most 2 projects of 30 equal ones: the recursion ranks the subsets of 3 or more first
    (they are worth more), all breaking the cap, so after `MAX_SKIPPED` the solver continues;
    the answer is still the 3 best subsets of at most 2 projects."""
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(30)],
        costs_pen=[1] * 30,
        values=[1.0 + i / 100 for i in range(30)],
        budget_pen=30,
        max_projects=2,
    )
    result = rank_portfolios(problem, count=3)
    assert [a.selected for a in result.alternatives] == [
        ("p28", "p29"),
        ("p27", "p29"),
        ("p26", "p29"),
    ]
    assert result.solver == "HiGHS"  # the recursion found none meeting the cap
    alone = rank_portfolios(problem, count=3, recursion=False)
    assert [a.selected for a in alone.alternatives] == [a.selected for a in result.alternatives]


@st.composite
def capped(draw: st.DrawFn) -> Instance:
    """Problems whose cap and group minimum the recursion relaxes: in its order of value,
    portfolios breaking them come between those that meet them."""
    n = draw(st.integers(4, 8))
    costs = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    values = [v / 10 for v in draw(st.lists(st.integers(1, 30), min_size=n, max_size=n))]
    groups = draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    return Instance(
        costs,
        values,
        budget=draw(st.integers(sum(costs) * 3 // 4, sum(costs))),
        groups=groups,
        min_count={"a": draw(st.integers(0, 1))},
        max_projects=draw(st.integers(n - 2, n - 1)),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=capped(), count=st.integers(2, 10), skipped=st.integers(0, 3))
def test_prop_the_solver_continues_where_the_recursion_hands_over(
    inst: Instance, count: int, skipped: int
) -> None:
    """With the recursion allowed to skip only a few portfolios that break a group minimum or
    the cap, it hands over early, often after finding some: the list is still the k best."""
    feasible = oracle(inst)
    if not feasible:
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(alternatives, "MAX_SKIPPED", skipped)
        result = rank_portfolios(inst.problem(), count=count)
    assert result.solver in ("DP", "HiGHS", "DP, HiGHS")
    check_listing(inst, result)
    expected = [value for _, value in feasible[:count]]
    assert same_values([a.objective for a in result.alternatives], expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=instances(max_n=7, shares=False, coverage=False))
def test_prop_the_recursion_ranks_every_portfolio_it_holds(inst: Instance) -> None:
    """Lawler's partition over the recursion pops every subset meeting the budget, requires,
    excludes and mandatory projects exactly once, in order of value."""
    relaxed = Instance(inst.costs, inst.values, inst.budget, inst.groups, inst.requires,
                       inst.excludes, inst.mandatory)  # fmt: skip
    problem = relaxed.problem()
    layout = plan(problem, problem.budget_pen)
    assert layout is not None
    expected = oracle(relaxed)
    ranked = Ranked(layout, problem.budget_pen)
    popped = []
    while (item := ranked.pop()) is not None:
        chosen, value = item
        assert close(value, evaluate_portfolio(problem, chosen))
        popped.append((tuple(int(v) for v in chosen), value))
    assert Counter(c for c, _ in popped) == Counter(c for c, _ in expected)
    values = [v for _, v in popped]
    assert all(b <= a + TOLERANCE * max(1.0, a) for a, b in itertools.pairwise(values))


def test_forbid_and_allow_all_on_the_kept_model() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"], costs_pen=[2, 2, 2], values=[3.0, 2.0, 1.0], budget_pen=4
    )
    session = Session(problem)
    first = session.maximise(budget_pen=4).chosen
    assert first is not None and first.tolist() == [1, 1, 0]
    session.forbid(first)
    second = session.maximise(budget_pen=4).chosen
    assert second is not None and second.tolist() == [1, 0, 1]
    session.forbid(second)
    assert session.maximise(budget_pen=4, min_value=4.5).state == "infeasible"
    session.allow_all()
    again = session.maximise(budget_pen=4).chosen
    assert again is not None and again.tolist() == [1, 1, 0]


def test_cbc_honours_the_cuts_too() -> None:
    """The kept model's fallback (a fresh model for CBC) carries the same cuts."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"], costs_pen=[2, 2, 2], values=[3.0, 2.0, 1.5], budget_pen=4
    )
    spec = _Spec("value", budget_pen=4, forbidden=((1, 1, 0), (1, 0, 1)))
    outcome = _run(problem, spec, "cbc", None)
    assert outcome.chosen is not None and outcome.chosen.tolist() == [0, 1, 1]
    again = _run(problem, _Spec("value", budget_pen=4, forbidden=((1, 1, 0),)), "cbc", None)
    assert again.chosen is not None and np.array_equal(again.chosen, np.array([1, 0, 1]))


def test_bad_arguments_are_refused() -> None:
    problem = PortfolioProblem.build(ids=["a"], costs_pen=[1], values=[1.0], budget_pen=1)
    for kwargs in ({}, {"count": 0}, {"within_pct": -1.0}, {"within_pct": 101.0}):
        with pytest.raises(ValueError):
            rank_portfolios(problem, **kwargs)


def test_the_progress_stage_ends_when_the_search_ends_early() -> None:
    """`--within` counts towards its limit, but the search usually ends long before it: the
    stage is still told it is done, so a progress bar on the terminal is closed."""
    calls: list[tuple[str, int, int]] = []
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"], costs_pen=[2, 2, 2], values=[3.0, 2.0, 1.5], budget_pen=4
    )
    for recursion in (True, False):
        calls.clear()
        result = rank_portfolios(
            problem,
            within_pct=10,
            recursion=recursion,
            progress=lambda *call: calls.append(call),
        )
        assert result.end == "all" and len(result.alternatives) == 2
        stage, done, total = calls[-1]
        assert stage == "alternatives" and done == total == 101
