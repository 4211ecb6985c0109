"""Budget frontier: exact breakpoints against brute force, evenly spaced budgets, edge cases."""

from __future__ import annotations

import contextlib
import itertools
import json
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from test_portfolio import Instance, brute_best, chosen_vector, instances, subsets

import prioritizer.core.frontier.recursion as frontier_module
import prioritizer.core.frontier.reduced as reduced_module
from prioritizer.core.frontier import sweep_budget
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.phrases import show
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio_problem import PortfolioProblem


def brute_staircase(inst: Instance) -> list[tuple[int, float]]:
    """(budget, best value) at every budget where the best value rises, by enumeration."""
    options = sorted((inst.spend(c), inst.value(c)) for c in subsets(inst.n) if inst.rules_ok(c))
    steps: list[tuple[int, float]] = []
    for cost, value in options:
        if not steps:
            steps.append((cost, value))
        elif value > steps[-1][1] + 1e-9:
            if cost == steps[-1][0]:
                steps[-1] = (cost, value)
            else:
                steps.append((cost, value))
    return steps


def assert_consistent(frontier: Frontier) -> None:
    previous: tuple[str, ...] = ()
    for point in frontier.points:
        assert set(point.added) == set(point.selected) - set(previous)
        assert set(point.removed) == set(previous) - set(point.selected)
        assert point.total_cost_pen <= point.budget_pen
        previous = point.selected


def sweeper(recursion: bool | str) -> Any:
    """The frontier by the dynamic programme where it holds (True), by the solver's sweep
    only (False), or ("reduced") as for a problem too large for one table: even points by the
    reduced recursion, the rest by the solver."""
    if recursion is True:
        return contextlib.nullcontext()
    stack = contextlib.ExitStack()
    stack.enter_context(patch.object(frontier_module, "plan", lambda *args, **kwargs: None))
    if recursion is False:
        stack.enter_context(patch.object(reduced_module, "plan", lambda *args, **kwargs: None))
    return stack


@pytest.mark.parametrize("recursion", [True, False])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=7, shares=False))
@example(  # HiGHS 1.16's presolve called a portfolio costing 3 the cheapest worth > 1 here
    Instance(
        costs=[1, 2, 1],
        values=[0.0, 0.0, 0.0],
        budget=0,
        groups=["a", "a", "a"],
        requires=[],
        excludes=[],
        mandatory=[],
        min_count={},
        min_share={},
        max_projects=None,
        mode="coverage",
        severity=[1, 1],
        incidence=[[0, 0], [1, 1], [0, 1]],
        delta=0.0,
        require_cov=[],
    )
)
@example(  # ... and, without presolve, called "cheapest worth > 2" infeasible here
    Instance(
        costs=[1, 0, 2],
        values=[0.0, 0.0, 0.0],
        budget=0,
        groups=["a", "a", "a"],
        requires=[],
        excludes=[],
        mandatory=[],
        min_count={},
        min_share={},
        max_projects=None,
        mode="coverage",
        severity=[1, 2],
        incidence=[[0, 0], [0, 1], [1, 0]],
        delta=0.0,
        require_cov=[],
    )
)
def test_prop_breakpoints_match_brute_force(recursion: bool, inst: Instance) -> None:
    problem = inst.problem()
    steps = brute_staircase(inst)
    if not steps:
        with pytest.raises(InfeasiblePortfolio), sweeper(recursion):
            sweep_budget(problem)
        return
    with sweeper(recursion):
        frontier = sweep_budget(problem)
    assert frontier.method == "breakpoints"
    assert [p.budget_pen for p in frontier.points] == [b for b, _ in steps]
    assert [p.objective for p in frontier.points] == pytest.approx([v for _, v in steps], abs=1e-9)
    assert frontier.infeasible_below_pen == steps[0][0]
    for point in frontier.points:
        assert point.total_cost_pen == point.budget_pen  # the cheapest way to that value
        assert inst.feasible(chosen_vector(inst, point.selected), point.budget_pen)
    assert_consistent(frontier)


@pytest.mark.parametrize("recursion", [True, False, "reduced"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=7), st.integers(2, 6))
def test_prop_even_points_are_optimal_at_their_budget(
    recursion: bool | str, inst: Instance, count: int
) -> None:
    top = sum(inst.costs) + 1
    try:
        with sweeper(recursion):
            frontier = sweep_budget(inst.problem(), points=count, min_budget=0, max_budget=top)
    except InfeasiblePortfolio:
        assert all(brute_best(inst, b) is None for b in range(top + 1))
        return
    shown = {p.budget_pen for p in frontier.points} | set(frontier.skipped_budgets_pen)
    assert len(shown) <= count and min(shown) == 0 and max(shown) == top
    for budget in frontier.skipped_budgets_pen:
        assert brute_best(inst, budget) is None
    for point in frontier.points:
        oracle = brute_best(inst, point.budget_pen)
        assert oracle is not None
        assert point.objective == pytest.approx(oracle[0], abs=1e-9)
    assert_consistent(frontier)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=7, shares=False))
def test_prop_frontier_values_never_decrease(inst: Instance) -> None:
    try:
        frontier = sweep_budget(inst.problem())
    except InfeasiblePortfolio:
        return
    values = [p.objective for p in frontier.points]
    budgets = [p.budget_pen for p in frontier.points]
    assert values == sorted(values) and budgets == sorted(set(budgets))


def test_california_manufacturing_frontier() -> None:
    """Hillier & Lieberman's Sec. 12.1 data (see test_portfolio); the staircase by hand:
    nothing S/ 0; factory SF 5 at 3; SF + warehouse SF 9 at 5; LA 9 ties; LA + SF 14 at 9;
    LA + SF + warehouse SF 18 at 11; LA + warehouse LA + SF 20 at 14."""
    problem = PortfolioProblem.build(
        ids=["f-la", "f-sf", "w-la", "w-sf"],
        costs_pen=[6, 3, 5, 2],
        values=[9, 5, 6, 4],
        budget_pen=10,
        requires=[("w-la", "f-la"), ("w-sf", "f-sf")],
        excludes=[("w-la", "w-sf")],
    )
    frontier = sweep_budget(problem)
    assert [(p.budget_pen, p.objective) for p in frontier.points] == [
        (0, 0.0),
        (3, 5.0),
        (5, 9.0),
        (9, 14.0),
        (11, 18.0),
        (14, 20.0),
    ]
    assert frontier.points[3].added == ("f-la",)
    assert frontier.points[3].removed == ("w-sf",)
    capped = sweep_budget(problem, max_budget=10)
    assert [p.budget_pen for p in capped.points] == [0, 3, 5, 9]
    data = frontier.to_dict()
    json.dumps(data)
    assert set(data["points"][0]) >= {"budget", "objective", "selected", "added", "removed"}


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_solver_tolerance_cannot_fake_a_breakpoint(solver: str) -> None:
    """Asked for value >= 1e-6 at cost >= 1, both solvers offer b plus x_a = 1e-6 (which
    they count as 0): cost 1, no real coverage. The sweep must not report S/ 1."""
    problem = PortfolioProblem.build(
        ids=["a", "b"],
        costs_pen=[5, 1],
        budget_pen=5,
        value_mode="coverage",
        gaps=["g"],
        severity=[2],
        incidence=[[1], [0]],
    )
    frontier = sweep_budget(problem, solver=solver)  # type: ignore[arg-type]
    assert [(p.budget_pen, p.objective, p.selected) for p in frontier.points] == [
        (0, 0.0, ()),
        (5, 2.0, ("a",)),
    ]


def test_low_budgets_without_a_portfolio_are_skipped_and_reported() -> None:
    problem = PortfolioProblem.build(
        ids=["m", "x"], costs_pen=[500, 300], values=[1, 2], budget_pen=1000, mandatory=["m"]
    )
    exact = sweep_budget(problem)
    assert exact.infeasible_below_pen == 500
    assert [p.budget_pen for p in exact.points] == [500, 800]
    even = sweep_budget(problem, points=5, min_budget=0, max_budget=1000)
    assert even.skipped_budgets_pen == (0, 250)
    assert [p.budget_pen for p in even.points] == [500, 750, 1000]
    assert [p.objective for p in even.points] == [1.0, 1.0, 3.0]


def test_budget_shares_fall_back_to_even_budgets() -> None:
    problem = PortfolioProblem.build(
        ids=["c", "t"],
        costs_pen=[100, 100],
        values=[1, 1],
        budget_pen=200,
        groups=["coffee", "textiles"],
        min_share_per_group={"coffee": 0.5},
    )
    frontier = sweep_budget(problem, max_budget=200)
    assert frontier.method == "even"
    assert "evenly spaced" in frontier.diagnostics[0]
    assert show(frontier.diagnostics[0], "es") == (
        "las participaciones mínimas en el presupuesto hacen que el mejor valor no siempre crezca"
        " con el presupuesto; se usan presupuestos equiespaciados (21) en lugar de los puntos de"
        " quiebre exactos"
    )
    # 50% of S/ 200 is S/ 100, met by coffee alone; at S/ 201 the rule would need S/ 101.
    assert frontier.points[-1].budget_pen == 200 and frontier.points[-1].objective == 2.0


def test_rules_that_no_budget_meets_raise_with_the_explanation() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b"],
        names=["A", "B"],
        costs_pen=[1, 1],
        budget_pen=5,
        mandatory=["a", "b"],
        excludes=[("a", "b")],
    )
    for points in (None, 4):
        with pytest.raises(InfeasiblePortfolio, match="both mandatory") as caught:
            sweep_budget(problem, points=points)
        assert caught.value.message("es") == (
            "A y B son ambos obligatorios, pero se excluyen mutuamente."
        )


@pytest.mark.parametrize("points", [None, 7])
def test_the_recursion_and_the_solver_sweep_agree(
    monkeypatch: pytest.MonkeyPatch, points: int | None
) -> None:
    """One pass of the dynamic programme gives the same frontier as the solver's sweep."""
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(8)],
        costs_pen=[120, 150, 200, 350, 180, 90, 260, 140],
        values=[0.31, 0.42, 0.55, 0.8, 0.35, 0.12, 0.6, 0.29],
        budget_pen=800,
        requires=[("p1", "p0"), ("p2", "p1")],
        excludes=[("p3", "p6")],
    )
    exact = sweep_budget(problem, points=points)
    assert exact.solver == "DP"
    monkeypatch.setattr(frontier_module, "plan", lambda *args, **kwargs: None)
    monkeypatch.setattr(reduced_module, "plan", lambda *args, **kwargs: None)
    swept = sweep_budget(problem, points=points)
    assert swept.solver == "HiGHS"
    assert [p.budget_pen for p in exact.points] == [p.budget_pen for p in swept.points]
    assert [p.objective for p in exact.points] == pytest.approx([p.objective for p in swept.points])
    assert [p.total_cost_pen for p in exact.points] == [p.total_cost_pen for p in swept.points]
    assert exact.infeasible_below_pen == swept.infeasible_below_pen


class _AfterCalls:
    """A deadline that passes after a number of checks (a stand-in for the clock)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.checks = 0

    def expired(self) -> bool:
        self.checks += 1
        return self.checks > 2

    def remaining(self) -> float | None:
        return None

    def limit(self, per_solve: float | None) -> float | None:
        return per_solve


@pytest.mark.parametrize("points", [None, 6])
def test_a_deadline_keeps_the_points_found_and_says_where_it_stopped(points: int | None) -> None:
    """A solver sweep (coverage value: the recursion does not hold it) cut by the deadline."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c", "d"],
        costs_pen=[10, 20, 30, 40],
        budget_pen=100,
        value_mode="coverage",
        gaps=["g", "h", "i"],
        severity=[1, 2, 3],
        incidence=[[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]],
    )
    whole = sweep_budget(problem, points=points)
    cut = sweep_budget(problem, points=points, deadline=_AfterCalls(5.0))
    assert 0 < len(cut.points) < len(whole.points)
    assert [p.objective for p in cut.points] == [p.objective for p in whole.points][
        : len(cut.points)
    ]
    assert any("the deadline of 5 s stopped the sweep at budget" in n for n in cut.diagnostics)
    assert any("el plazo de 5 s detuvo el barrido" in show(n, "es") for n in cut.diagnostics)


@pytest.mark.parametrize("cap", [None, 3])
def test_where_a_relaxed_rule_bites_the_kept_model_climbs_only_that_stretch(
    monkeypatch: pytest.MonkeyPatch, cap: int | None
) -> None:
    """A group minimum that the cheapest answers break (and a cap the dearest break): the
    recursion keeps the steps where its portfolio meets every rule and the kept model climbs
    the rest; the staircase is the solver sweep's and brute force's."""
    costs = [100, 120, 90, 300, 250, 60, 80, 400]
    values = [0.5, 0.6, 0.45, 0.3, 0.25, 0.2, 0.35, 0.9]
    groups = ["a", "a", "a", "b", "b", "a", "a", "b"]
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(8)],
        costs_pen=costs,
        values=values,
        budget_pen=900,
        groups=groups,
        min_per_group={"b": 1},
        max_projects=cap,
    )
    hybrid = sweep_budget(problem)
    assert hybrid.solver == "DP, HiGHS"
    best: dict[int, float] = {}
    for mask in itertools.product([0, 1], repeat=8):
        picked = [i for i in range(8) if mask[i]]
        if any(groups[i] == "b" for i in picked) and (cap is None or len(picked) <= cap):
            spend = sum(costs[i] for i in picked)
            best[spend] = max(best.get(spend, 0.0), sum(values[i] for i in picked))
    steps: list[tuple[int, float]] = []
    for spend in sorted(best):
        if not steps or best[spend] > steps[-1][1] + 1e-9:
            steps.append((spend, best[spend]))
    assert [(p.budget_pen, pytest.approx(p.objective)) for p in hybrid.points] == steps
    monkeypatch.setattr(frontier_module, "plan", lambda *args, **kwargs: None)
    monkeypatch.setattr(reduced_module, "plan", lambda *args, **kwargs: None)
    swept = sweep_budget(problem)
    assert [p.total_cost_pen for p in hybrid.points] == [p.total_cost_pen for p in swept.points]
    assert hybrid.infeasible_below_pen == swept.infeasible_below_pen == steps[0][0]
    assert_consistent(hybrid)


def test_even_points_past_one_table_by_the_reduced_recursion_equal_the_solver_sweep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """60 projects with a group minimum the cheapest answers break: with no table over every
    budget, the points come from the reduced recursion (and the kept model where its answer
    breaks the minimum), the same as the solver's own sweep."""
    rng = np.random.default_rng(11)
    costs = (rng.integers(20, 401, size=60) * 1_000).tolist()
    groups = ["a" if k % 5 else "b" for k in range(60)]
    problem = PortfolioProblem.build(
        ids=[f"p{k}" for k in range(60)],
        costs_pen=costs,
        values=rng.uniform(0.1, 0.9, 60).round(4).tolist(),
        budget_pen=sum(costs) // 3,
        groups=groups,
        min_per_group={"b": 3},
        requires=[("p1", "p2"), ("p7", "p9")],
        excludes=[("p3", "p4")],
    )
    monkeypatch.setattr(frontier_module, "plan", lambda *args, **kwargs: None)
    reduced = sweep_budget(problem, points=12)
    assert reduced.solver == "DP, HiGHS"
    monkeypatch.setattr(reduced_module, "plan", lambda *args, **kwargs: None)
    swept = sweep_budget(problem, points=12)
    assert swept.solver == "HiGHS"
    assert [p.budget_pen for p in reduced.points] == [p.budget_pen for p in swept.points]
    assert [p.objective for p in reduced.points] == pytest.approx(
        [p.objective for p in swept.points], abs=1e-9
    )
    assert [p.total_cost_pen for p in reduced.points] == [p.total_cost_pen for p in swept.points]
    assert_consistent(reduced)


@pytest.mark.parametrize("recursion", [True, False])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=6, shares=False), st.integers(0, 200), st.integers(0, 200))
def test_prop_breakpoints_between_min_and_max_budget_match_brute_force(
    recursion: bool, inst: Instance, a: int, b: int
) -> None:
    """The staircase from max(least, min_budget) to max_budget: the value at its first budget,
    then every brute-force step up to max_budget (nothing at all when they cross)."""
    low, high = min(a, b), max(a, b)
    steps = brute_staircase(inst)
    assume(steps)
    with sweeper(recursion):
        frontier = sweep_budget(inst.problem(), min_budget=low, max_budget=high)
    start = max(steps[0][0], low)
    expected = []
    if start <= high:
        first = brute_best(inst, start)
        assert first is not None
        expected = [(start, first[0])] + [(s, v) for s, v in steps if start < s <= high]
    got = [(p.budget_pen, p.objective) for p in frontier.points]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [g[1] for g in got] == pytest.approx([e[1] for e in expected], abs=1e-9)


def test_a_min_budget_between_money_units_is_worth_what_the_units_below_it_buy() -> None:
    """Costs in thousands, min_budget 2,500: the first point is the best within 2,500 (that is,
    within 2,000), never what 3,000 buys."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"],
        costs_pen=[1_000, 2_000, 3_000],
        values=[0.2, 0.5, 0.9],
        budget_pen=6_000,
    )
    frontier = sweep_budget(problem, min_budget=2_500)
    assert frontier.solver == "DP"
    assert frontier.points[0].budget_pen == 2_500
    assert frontier.points[0].objective == pytest.approx(0.5)
    assert frontier.points[0].total_cost_pen <= 2_500


@pytest.mark.parametrize("recursion", [True, "reduced"])
def test_a_deadline_keeps_the_recursions_even_points_and_names_the_ones_not_solved(
    recursion: bool | str,
) -> None:
    """Even points where a group minimum bites: with the deadline gone, the points the
    recursion proves (one table, or reduced) stay, and the note lists the budgets the solver
    did not answer."""
    rng = np.random.default_rng(11)
    costs = (rng.integers(20, 401, size=60) * 1_000).tolist()
    problem = PortfolioProblem.build(
        ids=[f"p{k}" for k in range(60)],
        costs_pen=costs,
        values=rng.uniform(0.1, 0.9, 60).round(4).tolist(),
        budget_pen=sum(costs) // 3,
        groups=["a" if k % 5 else "b" for k in range(60)],
        min_per_group={"b": 6},
    )
    with sweeper(recursion):
        whole = sweep_budget(problem, points=10)
        cut = sweep_budget(problem, points=10, deadline=_AfterCalls(5.0))
    assert whole.solver == cut.solver == "DP, HiGHS"
    assert 0 < len(cut.points) < len(whole.points)
    kept = {p.budget_pen: p.objective for p in whole.points}
    assert all(kept[p.budget_pen] == pytest.approx(p.objective) for p in cut.points)
    missing = sorted(set(kept) - {p.budget_pen for p in cut.points})
    note = next(n for n in cut.diagnostics if "came before the solver answered" in show(n, "en"))
    assert str(missing) in show(note, "en")
    assert "llegó antes de que el solver respondiera" in show(note, "es")


def test_even_points_reach_as_far_as_the_best_portfolio_that_meets_the_rules() -> None:
    """Without max_budget the even points run up to where the best value is reached; when the
    recursion's best without a budget limit breaks a group minimum, that end is the solver's
    (here 160, both b projects and the a one), not the recursion's 100."""
    problem = PortfolioProblem.build(
        ids=["p0", "p1", "p2"],
        costs_pen=[60, 40, 60],
        values=[0.0, 1.2, 0.5],
        budget_pen=80,
        groups=["b", "a", "b"],
        min_per_group={"b": 2},
    )
    frontier = sweep_budget(problem, points=3)
    assert frontier.points[-1].budget_pen == 160
    assert frontier.points[-1].objective == pytest.approx(1.7)


def test_the_recursions_staircase_tells_its_progress() -> None:
    """Tracing thousands of steps takes seconds: stage 'frontier', from 0 to every step."""
    told: list[tuple[str, int, int]] = []
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(8)],
        costs_pen=[120, 150, 200, 350, 180, 90, 260, 140],
        values=[0.31, 0.42, 0.55, 0.8, 0.35, 0.12, 0.6, 0.29],
        budget_pen=800,
    )
    frontier = sweep_budget(problem, progress=lambda *args: told.append(args))
    assert frontier.solver == "DP"
    steps = len(frontier.points)
    assert told[0] == ("frontier", 0, steps) and told[-1] == ("frontier", steps, steps)
