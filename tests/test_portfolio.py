"""Portfolio selection: a published example, brute-force agreement, invariants, explanations,
infeasibility in soles, exact money, solver quirks (silence, status, time limits).

The oracle here (`Instance`, `brute_best`, `brute_shortfall`) is plain Python over all 2^n
subsets and shares no code with prioritizer.core.portfolio; test_frontier.py imports it.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritizer.core.portfolio import (
    cheapest_selection,
    evaluate_portfolio,
    money_unit,
    optimal_selection,
    select_portfolio,
    solve_state,
    too_fine,
)
from prioritizer.core.portfolio import select as portfolio_module
from prioritizer.core.portfolio import solve as solve_module
from prioritizer.core.portfolio.knapsack import Flip
from prioritizer.core.portfolio.session import Answer, Relaxation, Session
from prioritizer.errors import InfeasiblePortfolio, InvalidMatrix, SolverFailure
from prioritizer.errors.portfolio import PortfolioInfeasible, infeasible_to_dict
from prioritizer.formats import format_number, format_pen
from prioritizer.phrases import phrase, show
from prioritizer.present.explain.portfolio import reason_text
from prioritizer.present.render.portfolio import describe_reason, render_portfolio
from prioritizer.results.portfolio_problem import PortfolioProblem, required_share_pen
from tests.test_render_portfolio import text_of

REFERENCE = Path(__file__).parent / "data" / "reference"
ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- oracle


@dataclass
class Instance:
    """A small problem as plain data, so the oracle can check it without the library."""

    costs: list[int]
    values: list[float]
    budget: int
    groups: list[str | None]
    requires: list[tuple[int, int]] = field(default_factory=list)
    excludes: list[tuple[int, int]] = field(default_factory=list)
    mandatory: list[int] = field(default_factory=list)
    min_count: dict[str, int] = field(default_factory=dict)
    min_share: dict[str, Fraction] = field(default_factory=dict)
    max_projects: int | None = None
    mode: str = "score"
    severity: list[int] = field(default_factory=list)
    incidence: list[list[int]] = field(default_factory=list)
    delta: float = 0.5
    require_cov: list[int] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.costs)

    def ids(self) -> list[str]:
        return [f"p{i}" for i in range(self.n)]

    def problem(self, budget: int | None = None) -> PortfolioProblem:
        ids = self.ids()
        gaps = [f"g{g}" for g in range(len(self.severity))]
        return PortfolioProblem.build(
            ids=ids,
            names=[f"Proyecto {i} – «{i}»" for i in range(self.n)],
            costs_pen=self.costs,
            values=self.values,
            budget_pen=self.budget if budget is None else budget,
            groups=self.groups,
            requires=[(ids[a], ids[b]) for a, b in self.requires],
            excludes=[(ids[a], ids[b]) for a, b in self.excludes],
            mandatory=[ids[i] for i in self.mandatory],
            min_per_group=self.min_count,
            min_share_per_group={g: float(s) for g, s in self.min_share.items()},
            max_projects=self.max_projects,
            value_mode="coverage" if self.mode == "coverage" else "score",
            gaps=gaps,
            severity=self.severity,
            incidence=self.incidence if gaps else None,
            diminishing=self.delta,
            require_coverage=[gaps[g] for g in self.require_cov],
        )

    def value(self, chosen: tuple[int, ...]) -> float:
        if self.mode == "score":
            return sum(v for v, c in zip(self.values, chosen, strict=True) if c)
        total = 0.0
        for g, sev in enumerate(self.severity):
            covers = sum(self.incidence[p][g] for p in range(self.n) if chosen[p])
            total += sum(sev * self.delta**k for k in range(covers))
        return total

    def rules_ok(self, chosen: tuple[int, ...]) -> bool:
        """Every rule except the budget and the budget shares."""
        if any(chosen[a] > chosen[b] for a, b in self.requires):
            return False
        if any(chosen[a] + chosen[b] > 1 for a, b in self.excludes):
            return False
        if any(not chosen[i] for i in self.mandatory):
            return False
        for group, minimum in self.min_count.items():
            if sum(1 for p in range(self.n) if chosen[p] and self.groups[p] == group) < minimum:
                return False
        if self.max_projects is not None and sum(chosen) > self.max_projects:
            return False
        for g in self.require_cov:
            if not any(chosen[p] and self.incidence[p][g] for p in range(self.n)):
                return False
        return True

    def spend(self, chosen: tuple[int, ...], group: str | None = None) -> int:
        return sum(
            c
            for p, c in enumerate(self.costs)
            if chosen[p] and (group is None or self.groups[p] == group)
        )

    def feasible(self, chosen: tuple[int, ...], budget: int) -> bool:
        if not self.rules_ok(chosen) or self.spend(chosen) > budget:
            return False
        return all(self.spend(chosen, g) >= s * budget for g, s in self.min_share.items())


def subsets(n: int) -> list[tuple[int, ...]]:
    return list(itertools.product((0, 1), repeat=n))


def brute_best(
    inst: Instance, budget: int, fixed: tuple[int, int] | None = None
) -> tuple[float, tuple[int, ...]] | None:
    """The optimum over all subsets at `budget` (optionally with project fixed[0] = fixed[1])."""
    best: tuple[float, tuple[int, ...]] | None = None
    for chosen in subsets(inst.n):
        if fixed is not None and chosen[fixed[0]] != fixed[1]:
            continue
        if inst.feasible(chosen, budget):
            value = inst.value(chosen)
            if best is None or value > best[0]:
                best = (value, chosen)
    return best


def brute_shortfall(inst: Instance) -> int | None:
    """The smallest budget increase that makes some subset feasible (shares scale with it)."""
    best: int | None = None
    for chosen in subsets(inst.n):
        if not inst.rules_ok(chosen):
            continue
        low = max(inst.budget, inst.spend(chosen))
        high = math.inf
        for group, share in inst.min_share.items():
            if share > 0:
                high = min(high, math.floor(Fraction(inst.spend(chosen, group)) / share))
        if low <= high and (best is None or low - inst.budget < best):
            best = low - inst.budget
    return best


@st.composite
def instances(
    draw: st.DrawFn,
    max_n: int = 8,
    shares: bool = True,
    coverage: bool = True,
) -> Instance:
    n = draw(st.integers(1, max_n))
    costs = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    values = [v / 100 for v in draw(st.lists(st.integers(0, 500), min_size=n, max_size=n))]
    budget = draw(st.integers(0, max(sum(costs), 1)))
    groups = draw(st.lists(st.sampled_from(["a", "b", None]), min_size=n, max_size=n))
    requires: list[tuple[int, int]] = []
    excludes: list[tuple[int, int]] = []
    if n > 1:
        pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(
            lambda pair: pair[0] != pair[1]
        )
        requires = draw(st.lists(pairs, max_size=3, unique=True))
        excludes = draw(st.lists(pairs, max_size=2, unique=True))
    mandatory = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True))
    min_count = draw(st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 2), max_size=2))
    min_share: dict[str, Fraction] = {}
    if shares:
        raw = draw(st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 10), max_size=1))
        min_share = {g: Fraction(k, 20) for g, k in raw.items()}
    max_projects = draw(st.none() | st.integers(0, n))
    mode = draw(st.sampled_from(["score", "coverage"])) if coverage else "score"
    gaps = draw(st.integers(1, 3))
    severity = draw(st.lists(st.integers(1, 4), min_size=gaps, max_size=gaps))
    row = st.lists(st.integers(0, 1), min_size=gaps, max_size=gaps)
    incidence = draw(st.lists(row, min_size=n, max_size=n))
    delta = draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))
    require_cov = draw(st.lists(st.integers(0, gaps - 1), max_size=1, unique=True))
    return Instance(
        costs,
        values,
        budget,
        groups,
        requires,
        excludes,
        mandatory,
        min_count,
        min_share,
        max_projects,
        mode,
        severity,
        incidence,
        delta,
        require_cov,
    )


def chosen_vector(inst: Instance, selected: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(int(pid in selected) for pid in inst.ids())


# --------------------------------------------------------------------------- published example


def test_capital_budgeting_hillier_lieberman_california_manufacturing() -> None:
    """Hillier, F. S. & Lieberman, G. J., Introduction to Operations Research (McGraw-Hill),
    Sec. 12.1, prototype example "California Manufacturing Co.": NPV 9, 5, 6, 4 and capital
    6, 3, 5, 2 ($ millions) for factory LA, factory SF, warehouse LA, warehouse SF; capital 10;
    at most one warehouse; a warehouse only where a factory is built. Data transcribed in
    tests/data/reference/portfolio_hillier_lieberman_california.yaml (sources listed there).
    The optimum (both factories, no warehouse, NPV 14) is checked by exhaustive enumeration.
    """
    data = yaml.safe_load((REFERENCE / "portfolio_hillier_lieberman_california.yaml").read_text())
    projects = data["projects"]
    problem = PortfolioProblem.build(
        ids=[p["id"] for p in projects],
        names=[p["name"] for p in projects],
        costs_pen=[p["capital"] for p in projects],
        values=[p["npv"] for p in projects],
        budget_pen=data["budget"],
        requires=[tuple(pair) for pair in data["requires"]],
        excludes=[tuple(pair) for pair in data["excludes"]],
    )
    index = {p["id"]: i for i, p in enumerate(projects)}
    inst = Instance(
        costs=[p["capital"] for p in projects],
        values=[float(p["npv"]) for p in projects],
        budget=data["budget"],
        groups=[None] * 4,
        requires=[(index[a], index[b]) for a, b in data["requires"]],
        excludes=[(index[a], index[b]) for a, b in data["excludes"]],
    )
    oracle = brute_best(inst, inst.budget)
    assert oracle is not None and oracle[0] == 14.0 and oracle[1] == (1, 1, 0, 0)
    for solver in ("cbc", "highs"):
        result = select_portfolio(problem, solver=solver)
        assert result.status == "optimal"
        assert result.objective == 14.0
        assert result.selected == ("factory-la", "factory-sf")
        assert result.total_cost_pen == 9 and result.leftover_pen == 1
    reasons = {r.id: r for r in result.reasons}
    # Warehouse LA needs factory LA (chosen) but 6 + 5 > 10: no portfolio can include it.
    assert reasons["warehouse-la"].kind == "out_budget"
    assert reasons["warehouse-la"].flip_loss is None
    # Warehouse SF fits only by dropping factory LA: 5 + 4 = 9 against 14.
    assert reasons["warehouse-sf"].flip_loss == pytest.approx(5.0)
    assert reasons["warehouse-sf"].flip_drops == ("factory-la",)
    assert reasons["warehouse-sf"].extra_budget_pen == 1


# --------------------------------------------------------------------------- brute force


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_prop_optimum_matches_brute_force(inst: Instance) -> None:
    problem = inst.problem()
    oracle = brute_best(inst, inst.budget)
    if oracle is None:
        with pytest.raises(InfeasiblePortfolio) as caught:
            select_portfolio(problem, cross_check=False, explain=False)
        assert caught.value.shortfall_pen == brute_shortfall(inst)
        assert caught.value.explanation
        return
    result = select_portfolio(problem, cross_check=False, explain=False)
    chosen = chosen_vector(inst, result.selected)
    assert inst.feasible(chosen, inst.budget)
    assert result.objective == pytest.approx(oracle[0], abs=1e-9)
    assert inst.value(chosen) == pytest.approx(oracle[0], abs=1e-9)
    assert result.status == "optimal"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_prop_highs_matches_brute_force(inst: Instance) -> None:
    oracle = brute_best(inst, inst.budget)
    if oracle is None:
        with pytest.raises(InfeasiblePortfolio):
            select_portfolio(inst.problem(), solver="highs", explain=False)
        return
    result = select_portfolio(inst.problem(), solver="highs", explain=False)
    assert inst.feasible(chosen_vector(inst, result.selected), inst.budget)
    assert result.objective == pytest.approx(oracle[0], abs=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_prop_highs_search_from_the_rounded_lp_matches_brute_force(inst: Instance) -> None:
    """With HiGHS searching (the recursion off), from a portfolio rounded from the LP and over
    the projects its reduced costs leave open: the brute force's optimum, every rule met."""
    oracle = brute_best(inst, inst.budget)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(portfolio_module, "plan", lambda *args, **kwargs: None)  # HiGHS, not DP
        if oracle is None:
            with pytest.raises(InfeasiblePortfolio):
                select_portfolio(inst.problem(), explain=False, cross_check=False)
            return
        result = select_portfolio(inst.problem(), explain=False, cross_check=False)
    assert result.solver == "HiGHS" and result.status == "optimal"
    assert inst.feasible(chosen_vector(inst, result.selected), inst.budget)
    assert result.objective == pytest.approx(oracle[0], abs=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from([0.0, 1e-9, 0.01, 0.1, 1.0]))
def test_prop_reduced_cost_fixing_keeps_every_portfolio_worth_the_floor(
    inst: Instance, below: float
) -> None:
    """Every feasible portfolio (brute force) worth at least the floor takes each project the
    value LP's reduced costs settle as they settle it: the cheapest of equal value searches
    only the others, so a wrong fixing would hide a cheaper portfolio."""
    oracle = brute_best(inst, inst.budget)
    if oracle is None:
        return
    floor = oracle[0] - below
    settled = Session(inst.problem()).settled_by_reduced_costs(
        budget_pen=inst.budget, min_value=floor
    )
    for chosen in subsets(inst.n):
        if inst.feasible(chosen, inst.budget) and inst.value(chosen) >= floor:
            assert all(chosen[i] == level for i, level in settled.items()), (chosen, settled)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=6))
def test_prop_reoptimised_losses_match_brute_force(inst: Instance) -> None:
    oracle = brute_best(inst, inst.budget)
    if oracle is None:
        return
    result = select_portfolio(inst.problem(), cross_check=False)
    for p, reason in enumerate(result.reasons):
        if not reason.flip_checked:
            assert reason.kind == "in_mandatory"
            continue
        other = brute_best(inst, inst.budget, fixed=(p, 0 if reason.selected else 1))
        if other is None:
            assert reason.flip_loss is None
        else:
            assert reason.flip_loss == pytest.approx(oracle[0] - other[0], abs=1e-9)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(shares=False), st.integers(0, 40))
def test_prop_spend_within_budget_and_optimum_monotone_in_budget(inst: Instance, more: int) -> None:
    low = select_or_none(inst.problem())
    high = select_or_none(inst.problem(budget=inst.budget + more))
    if low is not None:
        assert low.total_cost_pen <= inst.budget
        assert high is not None
        assert high.objective >= low.objective - 1e-9
    if high is not None:
        assert high.total_cost_pen <= inst.budget + more


def select_or_none(problem: PortfolioProblem) -> Any:
    try:
        return select_portfolio(problem, cross_check=False, explain=False)
    except InfeasiblePortfolio:
        return None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(shares=False, coverage=False))
def test_prop_precedence_and_exclusion_always_respected(inst: Instance) -> None:
    result = select_or_none(inst.problem())
    if result is None:
        return
    chosen = chosen_vector(inst, result.selected)
    assert all(chosen[a] <= chosen[b] for a, b in inst.requires)
    assert all(chosen[a] + chosen[b] <= 1 for a, b in inst.excludes)


# --------------------------------------------------------------------------- money


@settings(max_examples=30, deadline=None)
@given(
    unit=st.sampled_from([1_000, 100_000, 1_000_000]),
    multiples=st.lists(st.integers(1, 99), min_size=2, max_size=6),
    data=st.data(),
)
def test_prop_large_round_amounts_are_exact_at_the_budget(
    unit: int, multiples: list[int], data: st.DataObject
) -> None:
    """Costs up to S/ 99 million in round amounts, the budget exactly at a subset's cost or
    one sol below: both solvers give the brute-force optimum within the budget, because the
    solver counts money in `money_unit`s (alone, CBC loses single soles near 10^8)."""
    costs = [unit * k for k in multiples]
    values = data.draw(st.lists(st.floats(0.01, 1.0), min_size=len(costs), max_size=len(costs)))
    subset = data.draw(st.lists(st.sampled_from(range(len(costs))), min_size=1, unique=True))
    budget = sum(costs[i] for i in subset) - data.draw(st.sampled_from([0, 1]))
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(len(costs))], costs_pen=costs, values=values, budget_pen=budget
    )
    assert money_unit(problem) % unit == 0
    best = max(
        sum(v for v, m in zip(values, mask, strict=True) if m)
        for mask in itertools.product([0, 1], repeat=len(costs))
        if sum(c for c, m in zip(costs, mask, strict=True) if m) <= budget
    )
    for solver in ("cbc", "highs"):
        result = select_portfolio(problem, solver=solver, cross_check=False, explain=False)
        assert result.total_cost_pen <= budget
        assert result.objective == pytest.approx(best, abs=1e-9)


def test_cbc_too_fine_to_decide_falls_back_to_highs() -> None:
    """Two projects of S/ 50,000,001 and S/ 50,000,000 (no common unit) and S/ 100,000,000:
    bare CBC calls this infeasible; the answer is one project, found by HiGHS and said so."""
    problem = PortfolioProblem.build(
        ids=["a", "b"], costs_pen=[50_000_001, 50_000_000], values=[1, 1], budget_pen=100_000_000
    )
    assert money_unit(problem) == 1 and too_fine(problem)
    result = select_portfolio(problem, solver="cbc")
    assert len(result.selected) == 1 and result.status == "optimal"
    assert "HiGHS solved it" in " ".join(result.diagnostics) and result.solver == "HiGHS"
    default = select_portfolio(problem)  # HiGHS first; CBC's cross-check finds nothing
    assert len(default.selected) == 1 and default.solver == "HiGHS"
    assert "CBC found no portfolio where HiGHS found one" in " ".join(default.diagnostics)
    round_amounts = PortfolioProblem.build(
        ids=["a", "b"], costs_pen=[50_000_000, 1_200_000], values=[1, 1], budget_pen=99_999_999
    )
    assert money_unit(round_amounts) == 400_000 and not too_fine(round_amounts)
    # The costs' sum counts units of 2 soles, once: 1,000,002 units is beyond the exact range.
    halves = PortfolioProblem.build(
        ids=["a", "b"], costs_pen=[2, 2_000_002], values=[1, 1], budget_pen=4
    )
    assert money_unit(halves) == 2 and too_fine(halves)
    assert not too_fine(
        PortfolioProblem.build(ids=["a"], costs_pen=[2_000_000], values=[1], budget_pen=2_000_000)
    )


def test_budget_boundary_is_exact_in_soles() -> None:
    costs = [1_234_567, 2_345_678, 3_456_789]
    total = sum(costs)

    def problem(budget: int) -> PortfolioProblem:
        return PortfolioProblem.build(
            ids=["a", "b", "c"], costs_pen=costs, values=[1.0, 1.0, 1.0], budget_pen=budget
        )

    for solver in ("cbc", "highs"):
        at = select_portfolio(problem(total), solver=solver)
        assert at.selected == ("a", "b", "c") and at.leftover_pen == 0
        below = select_portfolio(problem(total - 1), solver=solver)
        assert len(below.selected) == 2
    mandatory = PortfolioProblem.build(
        ids=["a", "b"], costs_pen=[600_000, 400_001], budget_pen=1_000_001, mandatory=["a", "b"]
    )
    assert select_portfolio(mandatory).total_cost_pen == 1_000_001
    with pytest.raises(InfeasiblePortfolio) as caught:
        select_portfolio(
            PortfolioProblem.build(
                ids=["a", "b"],
                costs_pen=[600_000, 400_001],
                budget_pen=1_000_000,
                mandatory=["a", "b"],
            )
        )
    assert caught.value.shortfall_pen == 1


def test_share_threshold_is_read_as_a_decimal() -> None:
    assert required_share_pen(0.3, 1_000_000) == 300_000
    assert required_share_pen(0.1, 3) == 1
    assert required_share_pen(1 / 3, 900_000) == 300_000


# --------------------------------------------------------------------------- infeasible


def test_infeasible_mandatory_over_budget_in_soles() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"],
        names=["Café Cusco", "Alpaca Puno", "Otro"],
        costs_pen=[300_000, 180_000, 10_000],
        values=[1, 1, 1],
        budget_pen=400_000,
        mandatory=["a", "b"],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    error = caught.value
    assert error.explanation.startswith(
        "The mandatory projects (Café Cusco, Alpaca Puno) cost S/ 480,000; "
        "the budget is S/ 400,000, short by S/ 80,000."
    )
    assert error.shortfall_pen == 80_000
    assert "budget<=400000" in error.requirements
    assert infeasible_to_dict(error)["status"] == "infeasible"
    json.dumps(infeasible_to_dict(error))


def test_infeasible_explanation_in_spanish_with_spanish_soles() -> None:
    """The one-line error, the JSON and a pickled copy all explain the causes in Spanish."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"],
        names=["Café Cusco", "Alpaca Puno", "Otro"],
        costs_pen=[300_000, 180_000, 10_000],
        values=[1, 1, 1],
        budget_pen=400_000,
        mandatory=["a", "b"],
        min_share_per_group={"textiles": 0.25},
        groups=["coffee", "coffee", "textiles"],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    error = caught.value
    spanish = (
        "Los proyectos obligatorios (Café Cusco, Alpaca Puno) cuestan S/ 480.000; el presupuesto "
        "es de S/ 400.000, faltan S/ 80.000. El grupo textiles debe recibir al menos S/ 100.000 "
        "(un 25,0 % del presupuesto), pero sus proyectos elegibles cuestan S/ 10.000 en total."
    )
    assert error.message("es") == spanish
    assert error.message() == error.explanation == str(error)
    assert "S/ 480,000" in error.message() and "25.0%" in error.message()
    assert infeasible_to_dict(error, "es")["explanation"] == spanish
    assert infeasible_to_dict(error)["explanation"] == error.explanation
    again = pickle.loads(pickle.dumps(error.explanation))
    assert again == error.explanation and show(again, "es") == spanish


def test_infeasible_mandatory_pair_excluded() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b"],
        names=["A", "B"],
        costs_pen=[1, 1],
        budget_pen=10,
        mandatory=["a", "b"],
        excludes=[("a", "b")],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation == "A and B are both mandatory but exclude each other."
    assert caught.value.shortfall_pen is None


def test_infeasible_requirement_chain_to_an_excluded_project() -> None:
    problem = PortfolioProblem.build(
        ids=["m", "p", "q", "r"],
        names=["Fase 3", "Fase 2", "Fase 1", "Variante"],
        costs_pen=[1, 1, 1, 1],
        budget_pen=10,
        mandatory=["m", "r"],
        requires=[("m", "p"), ("p", "q")],
        excludes=[("q", "r")],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation == (
        "These requirements cannot all hold: mandatory Fase 3 requires Fase 2, which requires "
        "Fase 1; mandatory Variante; but Fase 1 and Variante exclude each other."
    )
    assert caught.value.causes[0].chains == (("m", "p", "q"), ("r",))


def test_infeasible_group_minimum_unreachable_within_budget() -> None:
    problem = PortfolioProblem.build(
        ids=["c1", "c2", "c3", "t1"],
        costs_pen=[150_000, 200_000, 100_000, 50_000],
        values=[1, 1, 1, 1],
        budget_pen=250_000,
        groups=["coffee", "coffee", "coffee", "textiles"],
        min_per_group={"coffee": 2},
        requires=[("c3", "c2")],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation == (
        "The cheapest way to have 2 projects in group coffee (with the other rules) costs "
        "S/ 300,000; the budget is S/ 250,000, short by S/ 50,000."
    )
    assert caught.value.shortfall_pen == 50_000  # c1 + c3 would fit, but c3 needs c2


def test_infeasible_group_with_too_few_candidates() -> None:
    problem = PortfolioProblem.build(
        ids=["c1"],
        costs_pen=[1],
        budget_pen=5,
        groups=["coffee"],
        min_per_group={"coffee": 1, "camelid-fabrics": 1},
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation == (
        "Group camelid-fabrics needs at least 1 project, but only 0 candidates belong to it."
    )


def test_infeasible_gap_no_project_addresses() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b"],
        costs_pen=[1, 1],
        budget_pen=5,
        gaps=["lack-of-information", "other"],
        incidence=[[0, 1], [0, 1]],
        require_coverage=["lack-of-information"],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation == (
        "Gap lack-of-information must be covered, but no project addresses it."
    )


def test_infeasible_group_share_larger_than_the_group() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b"],
        costs_pen=[100_000, 500_000],
        budget_pen=1_000_000,
        groups=["coffee", "textiles"],
        min_share_per_group={"coffee": 0.3},
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation.startswith(
        "Group coffee must receive at least S/ 300,000 (30.0% of the budget), but its projects "
        "that can be chosen cost S/ 100,000 in all."
    )


def test_infeasible_only_together_reports_the_total_shortfall() -> None:
    problem = PortfolioProblem.build(
        ids=["c", "t"],
        costs_pen=[60, 70],
        budget_pen=100,
        groups=["coffee", "textiles"],
        min_per_group={"coffee": 1, "textiles": 1},
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation == (
        "All the rules together need a budget of at least S/ 130; the budget is S/ 100, "
        "short by S/ 30."
    )
    assert caught.value.shortfall_pen == 30


def test_infeasible_at_any_budget_names_a_minimal_set_of_rules() -> None:
    problem = PortfolioProblem.build(
        ids=["c", "t", "x"],
        costs_pen=[1, 1, 1],
        budget_pen=100,
        groups=["coffee", "textiles", None],
        min_per_group={"coffee": 1, "textiles": 1},
        max_projects=1,
        requires=[("x", "c")],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.explanation == (
        "These rules cannot all hold at any budget: at least 1 project in group coffee; "
        "at least 1 project in group textiles; at most 1 projects."
    )
    assert caught.value.shortfall_pen is None


# --------------------------------------------------------------------------- explanations


def explained() -> tuple[PortfolioProblem, Any]:
    problem = PortfolioProblem.build(
        ids=["base", "phase-2", "big", "variant", "cheap-zero", "needs-big", "alt"],
        names=["Base", "Fase 2", "Grande", "Variante", "Gratis", "Necesita grande", "Alt"],
        costs_pen=[100_000, 200_000, 500_000, 150_000, 10_000, 50_000, 120_000],
        values=[0.2, 0.9, 0.95, 0.5, 0.0, 0.3, 0.45],
        budget_pen=600_000,
        mandatory=["base"],
        requires=[("phase-2", "base"), ("needs-big", "big")],
        excludes=[("variant", "alt")],
    )
    return problem, select_portfolio(problem)


def test_every_project_gets_a_reason_with_its_numbers() -> None:
    problem, result = explained()
    assert result.selected == ("base", "phase-2", "variant")  # the free, worthless one stays out
    assert result.objective == pytest.approx(1.6)
    kinds = {r.id: r.kind for r in result.reasons}
    assert kinds == {
        "base": "in_mandatory",
        "phase-2": "in_value",
        "big": "out_budget",
        "variant": "in_value",
        "cheap-zero": "out_no_value",
        "needs-big": "out_requires",
        "alt": "out_excluded",
    }
    names = problem.name_map()
    text = {
        r.id: reason_text(r, names=names, pen=format_pen, number=format_number)
        for r in result.reasons
    }
    assert text["base"] == "Mandatory; worth 0.200 for S/ 100,000."
    assert text["phase-2"] == (
        "Worth 0.900 for S/ 200,000 (0.045 per S/ 10,000). Dropping it frees S/ 200,000; the "
        "best portfolio without it takes Grande instead, drops Variante too and is worth 0.450 "
        "less."
    )
    spanish = reason_text(
        result.reason("phase-2"), lang="es", names=names, pen=format_pen, number=format_number
    )
    assert spanish.endswith("toma en su lugar Grande, quita también Variante y vale 0.450 menos.")
    assert result.reason("phase-2").flip_drops == ("variant",)
    assert text["variant"].endswith("takes Alt instead and is worth 0.050 less.")
    assert text["big"] == (
        "Costs S/ 500,000: S/ 350,000 more than the S/ 150,000 left. Taking it means dropping "
        "Fase 2, Variante and losing 0.450 in value."
    )
    assert text["alt"] == (
        "Excluded by Variante, which is chosen. Taking it means dropping Variante and losing "
        "0.050 in value."
    )
    assert text["needs-big"] == (
        "Needs Grande, which is not chosen; together they cost S/ 550,000, S/ 400,000 more than "
        "the S/ 150,000 left. No portfolio within the budget and rules can include it."
    )
    assert text["cheap-zero"] == (
        "Fits in the S/ 150,000 left but adds no value to the chosen projects. Taking it would "
        "give an equally good portfolio."
    )
    assert result.reason("big").extra_budget_pen == 350_000
    assert result.reason("phase-2").frees_pen == 200_000


def test_max_projects_and_required_and_rule_reasons() -> None:
    """Best of three is {a, b, d} = 8.1: b needs a, and d is the only textiles project."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c", "d"],
        costs_pen=[1, 1, 1, 1],
        values=[0.1, 5.0, 4.0, 3.0],
        budget_pen=10,
        max_projects=3,
        requires=[("b", "a")],
        groups=[None, None, None, "textiles"],
        min_per_group={"textiles": 1},
    )
    result = select_portfolio(problem)
    assert result.selected == ("a", "b", "d")
    kinds = {r.id: r.kind for r in result.reasons}
    assert kinds == {"a": "in_required", "b": "in_value", "c": "out_max_projects", "d": "in_rule"}
    assert result.reason("a").related == ("b",)
    assert [r.code for r in result.reason("d").rules] == ["min_per_group:textiles>=1"]
    binding = {b.rule.code for b in result.binding}
    assert binding == {"max_projects<=3", "min_per_group:textiles>=1"}


def test_marginal_value_is_the_lp_relaxation_budget_dual() -> None:
    """Fractional knapsack (Dantzig 1957): the LP optimum fills by value per sol, and the
    budget's dual is the ratio of the item cut in part: here 4/200 = 0.02 per sol."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"], costs_pen=[100, 200, 300], values=[3, 4, 3], budget_pen=250
    )
    for solver in ("cbc", "highs"):
        result = select_portfolio(problem, solver=solver)
        assert result.marginal_value_per_pen == pytest.approx(0.02)
        assert result.marginal_value_per_10k == pytest.approx(200.0)
        assert result.binding[0].rule.kind == "budget"


def test_coverage_value_with_diminishing_returns() -> None:
    problem = PortfolioProblem.build(
        ids=["a", "b", "c"],
        costs_pen=[1, 1, 1],
        budget_pen=2,
        value_mode="coverage",
        gaps=["g1", "g2"],
        severity=[4, 3],
        incidence=[[1, 0], [1, 0], [0, 1]],
        diminishing=0.5,
    )
    assert evaluate_portfolio(problem, np.array([1, 1, 0])) == 6.0
    assert evaluate_portfolio(problem, np.array([1, 1, 1])) == 9.0
    result = select_portfolio(problem)
    assert result.objective == 7.0 and set(result.selected) in ({"a", "c"}, {"b", "c"})


def test_to_dict_contract() -> None:
    _, result = explained()
    names = {r.id: r.name for r in result.reasons}
    data = result.to_dict(describe=lambda r: describe_reason(r, lang="en", names=names))
    json.dumps(data)
    assert data["status"] == "optimal"
    assert isinstance(data["objective"], float)
    assert data["selected"] == list(result.selected)
    assert data["total_cost"] == result.total_cost_pen and data["budget"] == 600_000
    first = data["projects"][0]
    assert {"id", "selected", "reason", "reason_kind", "cost", "value"} <= set(first)
    assert first["reason"] == "Mandatory; worth 0.200 for S/ 100,000."
    custom = result.to_dict(describe=lambda r: r.kind)
    assert custom["projects"][0]["reason"] == "in_mandatory"


# --------------------------------------------------------------------------- names and ids


def test_unicode_names_and_ids_that_collide_once_sanitised() -> None:
    ids = ["a-b", "a_b", "a.b", "A-B", "x"]
    names = ["Café – Puno (fase 1)", "[bold]Alpaca[/bold]", "x_0", "budget", "ñandú/ü"]
    costs = [3, 4, 5, 6, 2]
    values = [3.0, 4.5, 4.0, 6.0, 1.0]
    problem = PortfolioProblem.build(
        ids=ids,
        names=names,
        costs_pen=costs,
        values=values,
        budget_pen=11,
        excludes=[("a-b", "a_b")],
        requires=[("a.b", "A-B")],
    )
    inst = Instance(costs, values, 11, [None] * 5, requires=[(2, 3)], excludes=[(0, 1)])
    oracle = brute_best(inst, 11)
    assert oracle is not None
    result = select_portfolio(problem)
    assert result.objective == pytest.approx(oracle[0])
    assert chosen_vector(Instance([0] * 5, [0.0] * 5, 0, [None] * 5), ()) == (0,) * 5
    assert tuple(int(p in result.selected) for p in ids) == oracle[1]
    assert [r.name for r in result.reasons] == names


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requires": [("a", "zz")]}, "requires"),
        ({"requires": [("a", "a")]}, "requires"),
        ({"excludes": [("b", "b")]}, "excludes"),
        ({"mandatory": ["nope"]}, "mandatory"),
        ({"costs_pen": [-1, 2]}, "costs_pen"),
        ({"costs_pen": [1.5, 2]}, "costs_pen"),
        ({"values": [float("nan"), 1.0]}, "values"),
        ({"values": [-1.0, 1.0]}, "values"),
        ({"values": ["high", 1.0]}, "values"),
        ({"gaps": ["g"], "severity": ["x"]}, "severity"),
        ({"ids": ["a", "a"]}, "ids"),
        ({"ids": ["a", "b;c"]}, "ids"),
        ({"ids": ["a", " b"]}, "ids"),
        ({"budget_pen": -5}, "budget_pen"),
        ({"min_share_per_group": {"g": 1.5}}, "min_share_per_group[g]"),
        ({"min_per_group": {"g": -1}}, "min_per_group[g]"),
        ({"gaps": ["g"], "incidence": [[2], [0]]}, "incidence"),
        ({"gaps": ["g"], "severity": [0.0]}, "severity"),
        ({"gaps": ["g"], "require_coverage": ["h"]}, "require_coverage"),
        ({"value_mode": "coverage"}, "gaps"),
        ({"diminishing": 1.5, "gaps": ["g"]}, "diminishing"),
    ],
)
def test_invalid_problems_name_the_field(changes: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {
        "ids": ["a", "b"],
        "costs_pen": [1, 2],
        "values": [1.0, 2.0],
        "budget_pen": 3,
    }
    arguments.update(changes)
    with pytest.raises(InvalidMatrix) as caught:
        PortfolioProblem.build(**arguments)
    assert caught.value.field == field
    assert "expected" in str(caught.value)
    assert "se esperaba" in caught.value.message("es")


@pytest.mark.parametrize(
    ("changes", "english", "spanish"),
    [
        (
            {"costs_pen": [1.5, 2]},
            "costs_pen (row 1) is 1.5; expected a whole number of soles.",
            "costs_pen (fila 1) vale 1.5; se esperaba un número entero de soles.",
        ),
        (
            {"gaps": ["g"], "incidence": [[0], [2]]},
            "incidence (row 2, column 1) is 2; expected 0 or 1.",
            "incidence (fila 2, columna 1) vale 2; se esperaba 0 o 1.",
        ),
        (
            {"min_share_per_group": {"g": 1.5}},
            "min_share_per_group[g] is 1.5; expected a share between 0 and 1.",
            "min_share_per_group[g] vale 1.5; se esperaba una participación entre 0 y 1.",
        ),
        (
            {"excludes": [("b", "b")]},
            "excludes (row 1) is 'b / b'; expected two different projects.",
            "excludes (fila 1) vale 'b / b'; se esperaba dos proyectos distintos.",
        ),
        (
            {"gaps": ["g", "h"], "incidence": [[0, 1]]},
            "incidence is (1, 2); expected a 2 x 2 matrix of 0/1.",
            "incidence vale (1, 2); se esperaba una matriz de 2 x 2 con 0/1.",
        ),
    ],
)
def test_invalid_problem_messages_in_both_languages(
    changes: dict[str, Any], english: str, spanish: str
) -> None:
    arguments: dict[str, Any] = {"ids": ["a", "b"], "costs_pen": [1, 2], "budget_pen": 3}
    arguments.update(changes)
    with pytest.raises(InvalidMatrix) as caught:
        PortfolioProblem.build(**arguments)
    assert caught.value.message() == english
    assert caught.value.message("es") == spanish


# --------------------------------------------------------------------------- solver quirks


def test_no_solver_output_on_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    problem, _ = explained()
    capfd.readouterr()
    for solver in ("cbc", "highs"):
        select_portfolio(problem, solver=solver)
        out, _ = capfd.readouterr()
        assert out == ""


def test_highs_banner_is_silenced_in_a_fresh_interpreter() -> None:
    """HiGHS prints its banner once per process, so only a fresh interpreter can show it."""
    raw = subprocess.run(
        [sys.executable, "-c", "import highspy; highspy.Highs()"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "HiGHS" in raw.stdout  # the quirk is real: the test below could fail
    script = (
        "from prioritizer.results.portfolio_problem import PortfolioProblem\n"
        "from prioritizer.core.portfolio import select_portfolio\n"
        "p = PortfolioProblem.build(ids=['a', 'b'], costs_pen=[1, 2], values=[1, 2], "
        "budget_pen=2)\n"
        "select_portfolio(p, solver='highs')\n"
        "select_portfolio(p, solver='cbc')\n"
    )
    quiet = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert quiet.stdout == ""


def test_what_python_prints_during_a_solve_never_reaches_stdout() -> None:
    """A solver interface that print()s (into Python's buffer, not straight to the descriptor)
    is silenced too: the buffer is flushed while stdout still points at the null device."""
    script = (
        "import json, pulp\n"
        "real = pulp.LpProblem.solve\n"
        "def chatty(self, *a, **k):\n"
        "    print('solver chatter')\n"
        "    return real(self, *a, **k)\n"
        "pulp.LpProblem.solve = chatty\n"
        "from prioritizer.results.portfolio_problem import PortfolioProblem\n"
        "from prioritizer.core.portfolio import select_portfolio\n"
        "p = PortfolioProblem.build(ids=['a', 'b'], costs_pen=[1, 2], values=[1, 2], "
        "budget_pen=2)\n"
        "print(json.dumps(select_portfolio(p).selected))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["b"]


def test_status_mapping_never_calls_a_stopped_search_optimal() -> None:
    # PuLP constants: status Optimal 1, Not Solved 0, Infeasible -1, Unbounded -2;
    # sol_status Optimal 1, IntegerFeasible 2, NoSolutionFound 0, Infeasible -1, Unbounded -2.
    assert solve_state(1, 1) == "optimal"
    assert solve_state(1, 2) == "best_found"  # what PuLP gives for a time-limited run
    assert solve_state(-1, -1) == "infeasible"
    assert solve_state(-1, 0) == "infeasible"  # CBC's "Integer infeasible"
    assert solve_state(-2, -2) == "unbounded"
    assert solve_state(0, 0) == "no_solution"


def test_time_limit_that_stops_early_is_best_found_with_a_gap() -> None:
    """A strongly correlated knapsack (value = cost + constant) that CBC needs ~45 s to prove
    and HiGHS does not prove in 5 s."""
    rng = np.random.default_rng(0)
    costs = rng.integers(100_000, 1_000_000, 300)
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(300)],
        costs_pen=[int(c) for c in costs],
        values=[float(c + 100_000) for c in costs],
        budget_pen=int(costs.sum() // 2) + 1,
    )
    result = select_portfolio(problem, time_limit=0.5, cross_check=False, explain=False)
    assert result.status == "best_found"
    assert 0 < result.gap < 0.01
    assert result.total_cost_pen <= problem.budget_pen


@pytest.mark.parametrize("relaxation", ["stopped", "below", "failed"])
def test_a_stopped_search_is_never_called_optimal_without_a_proven_bound(
    monkeypatch: pytest.MonkeyPatch, relaxation: str
) -> None:
    """A time limit that also stops the LP relaxation (HiGHS then reports an LP value of 0)
    gives no bound: the answer stays best_found, with an unknown gap and no budget dual."""
    problem, _ = explained()
    real = Session.maximise

    def stopped_search(self: Session, **kwargs: Any) -> Answer:
        return replace(real(self, **kwargs), state="best_found", bound=None)

    def stopped_relaxation(self: Session, **kwargs: Any) -> Relaxation:
        if relaxation == "failed":
            raise SolverFailure(phrase("simulated"))
        if relaxation == "stopped":
            return Relaxation("best_found")
        return Relaxation("optimal", value=0.0, dual_per_pen=1.0)

    monkeypatch.setattr(portfolio_module, "plan", lambda *args, **kwargs: None)  # HiGHS, not the DP
    monkeypatch.setattr(Session, "maximise", stopped_search)
    monkeypatch.setattr(Session, "relax", stopped_relaxation)
    result = select_portfolio(problem, cross_check=False, explain=False)
    assert result.status == "best_found" and result.gap is None
    assert result.marginal_value_per_pen is None
    assert result.to_dict(describe=lambda r: r.kind)["gap"] is None
    text = text_of(render_portfolio(result, lang="en", names={}))
    assert "how far below the optimum it may be is unknown" in " ".join(text.split())


def test_missing_or_unknown_solver_is_a_solver_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    problem, _ = explained()
    with pytest.raises(SolverFailure, match="unknown solver") as unknown:
        select_portfolio(problem, solver="gurobi")  # type: ignore[arg-type]
    assert unknown.value.message("es") == (
        "solucionador desconocido 'gurobi'; se esperaba 'cbc' o 'highs'"
    )

    class NoHighs:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def available(self) -> bool:
            return False

    monkeypatch.setattr("pulp.HiGHS", NoHighs)
    for solver in ("highs", "cbc"):  # highspy is a core dependency: the kept model needs it
        with pytest.raises(SolverFailure, match="highspy") as missing:
            select_portfolio(problem, solver=solver)  # type: ignore[arg-type]
        assert missing.value.message("es") == (
            "se pidió HiGHS, pero highspy no está instalado: pip install highspy"
        )


@pytest.mark.parametrize("cross_check", [True, False])
def test_a_false_optimal_from_cbc_is_caught(
    monkeypatch: pytest.MonkeyPatch, cross_check: bool
) -> None:
    """Simulate CBC calling a poor portfolio "Optimal" (as the bundled CBC 2.10 has done)."""
    problem, honest = explained()
    real = portfolio_module._run

    def lying(problem: PortfolioProblem, spec: Any, solver: str, limit: Any) -> Any:
        real(problem, spec, solver, limit)
        poor = np.array([1, 0, 0, 0, 0, 0, 0], dtype=np.int64)
        return solve_module._Outcome("optimal", chosen=poor)

    monkeypatch.setattr(portfolio_module, "_run", lying)
    result = select_portfolio(problem, solver="cbc", cross_check=cross_check)
    assert result.objective == pytest.approx(honest.objective)
    caught_by = "beaten by HiGHS" if cross_check else "a re-solve found a better portfolio"
    assert caught_by in " ".join(result.diagnostics)
    spanish = "superó la respuesta de CBC" if cross_check else "al resolver de nuevo se halló"
    assert spanish in " ".join(show(note, "es") for note in result.diagnostics)
    # the portfolio shown is the engine's that found it: HiGHS's cross-check, or the recursion
    # that settles the why-lines
    assert result.solver == ("HiGHS" if cross_check else "DP")


@pytest.mark.parametrize("cross_check", [True, False])
def test_a_false_optimal_from_highs_is_caught(
    monkeypatch: pytest.MonkeyPatch, cross_check: bool
) -> None:
    """The default engine is checked by design too: CBC's cross-check, or the why-lines."""
    problem, honest = explained()
    real = Session.maximise
    calls = {"n": 0}

    def lying(self: Session, **kwargs: Any) -> Answer:
        calls["n"] += 1
        answer = real(self, **kwargs)
        if calls["n"] == 1:
            poor = np.array([1, 0, 0, 0, 0, 0, 0], dtype=np.int64)
            return Answer("optimal", poor, evaluate_portfolio(problem, poor))
        return answer

    monkeypatch.setattr(portfolio_module, "plan", lambda *args, **kwargs: None)  # HiGHS, not the DP
    monkeypatch.setattr(Session, "maximise", lying)
    result = select_portfolio(problem, cross_check=cross_check)
    assert result.objective == pytest.approx(honest.objective)
    caught_by = "beaten by CBC" if cross_check else "a re-solve found a better portfolio"
    assert caught_by in " ".join(result.diagnostics)
    assert result.solver == ("CBC" if cross_check else "DP")  # the why-lines' recursion


@pytest.mark.parametrize("cross_check", [True, False])
def test_a_wrong_answer_from_the_dynamic_programme_is_caught(
    monkeypatch: pytest.MonkeyPatch, cross_check: bool
) -> None:
    """The exact recursion answers first where it holds the problem; it is checked too."""
    problem, honest = explained()
    assert select_portfolio(problem).solver == "DP"
    poor = np.array([1, 0, 0, 0, 0, 0, 0], dtype=np.int64)
    monkeypatch.setattr(
        portfolio_module, "best", lambda *args: Flip(poor, evaluate_portfolio(problem, poor), True)
    )
    result = select_portfolio(problem, cross_check=cross_check)
    assert result.objective == pytest.approx(honest.objective)
    caught_by = "beaten by CBC" if cross_check else "a re-solve found a better portfolio"
    assert caught_by in " ".join(result.diagnostics)


def test_cbc_preprocessing_false_optimum_is_avoided() -> None:
    """Bundled CBC 2.10 with default preprocessing answers "Optimal" with cost 4 for "cheapest
    portfolio worth more than 4.56 costing at least 3" here (found by the frontier's
    brute-force test; {p1, p2, p3} costs 3). portfolio.py runs CBC with preprocess off."""
    problem = PortfolioProblem.build(
        ids=["p0", "p1", "p2", "p3"],
        costs_pen=[2, 1, 1, 1],
        values=[0.01, 0.01, 0.96, 3.6],
        budget_pen=2,
    )
    for solver in ("cbc", "highs"):
        found = cheapest_selection(
            problem, min_value=4.56 * (1 + 1e-6), min_cost_pen=3, solver=solver
        )
        assert found is not None and found.total_cost_pen == 3
        assert found.objective == pytest.approx(4.57)


def test_cbc_crash_without_preprocessing_is_retried() -> None:
    """The bundled CBC run with "preprocess off" segfaults on this infeasible model (spend
    on coffee >= S/ 15 with every project costing S/ 100 and a budget of S/ 30)."""
    problem = PortfolioProblem.build(
        ids=["c", "t"], costs_pen=[100, 100], values=[1, 1], budget_pen=30,
        groups=["coffee", "textiles"], min_share_per_group={"coffee": 0.5},
    )  # fmt: skip
    assert optimal_selection(problem, budget_pen=30) is None
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(problem)
    assert caught.value.shortfall_pen == 70  # at S/ 100, coffee alone is half the budget


def test_twenty_projects_select_and_explain_quickly_with_cbc() -> None:
    rng = np.random.default_rng(7)
    n = 20
    ids = [f"p{i:02d}" for i in range(n)]
    problem = PortfolioProblem.build(
        ids=ids,
        costs_pen=[int(c) * 10_000 for c in rng.integers(5, 40, n)],
        values=[float(v) for v in rng.random(n)],
        budget_pen=1_200_000,
        groups=["coffee" if i % 2 else "camelid-fabrics" for i in range(n)],
        requires=[(ids[i + 1], ids[i]) for i in range(0, n, 4)],
        excludes=[(ids[i], ids[i + 2]) for i in range(1, n - 2, 5)],
        min_per_group={"coffee": 1, "camelid-fabrics": 1},
    )
    start = time.perf_counter()
    result = select_portfolio(problem)
    elapsed = time.perf_counter() - start
    assert result.status == "optimal" and len(result.reasons) == n
    assert elapsed < 2.0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(1, 9), st.integers(0, 3)), min_size=1, max_size=7),
    st.integers(0, 30),
)
def test_the_cheapest_of_equal_value_when_highs_searches(
    projects: list[tuple[int, int]], budget: int
) -> None:
    """With HiGHS searching (not the recursion), ties in value are common (whole values): the
    answer is the brute force's, the best value and the least cost among portfolios of it."""
    costs, values = zip(*projects, strict=True)
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(len(costs))],
        costs_pen=list(costs),
        values=[float(v) for v in values],
        budget_pen=budget,
    )
    fits = [
        (
            sum(v for v, c in zip(values, pick, strict=True) if c),
            sum(k for k, c in zip(costs, pick, strict=True) if c),
        )
        for pick in itertools.product((0, 1), repeat=len(costs))
    ]
    best = max(v for v, k in fits if k <= budget)
    least = min(k for v, k in fits if k <= budget and v == best)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(portfolio_module, "plan", lambda *args, **kwargs: None)  # HiGHS, not DP
        result = select_portfolio(problem, explain=False)
    assert result.objective == pytest.approx(best)
    assert result.total_cost_pen == least
