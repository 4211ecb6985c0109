"""The roadmap optimiser against brute force, a published multi-period capital-budgeting
example, and the independent checker on plans broken on purpose."""

from __future__ import annotations

import dataclasses
import math
import random

import pulp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_oracle import brute_force, fundable, schedules

from prioritizer.core.portfolio import plan_model
from prioritizer.core.portfolio.plan_check import plan_violations
from prioritizer.core.portfolio.plan_model import pay_schedule, plan_from, solve_plan
from prioritizer.core.portfolio.plan_relax import relaxed_model
from prioritizer.errors import InvalidMatrix
from prioritizer.results.plan import Funding
from prioritizer.results.plan_problem import Level, PlanProblem, PlanProject, Pool, Synergy

FIRST = 2027


@st.composite
def plan_problems(draw: st.DrawFn) -> PlanProblem:
    """Small random roadmaps exercising every rule: 2-3 years, <= 5 projects, <= 2 levels,
    <= 2 pools, precedence, exclusion, windows, commitments, caps, shares, synergies, a pair
    started together."""
    n_years = draw(st.integers(2, 3))
    years = tuple(range(FIRST, FIRST + n_years))
    n = draw(st.integers(1, 5))
    ids = [f"p{i}" for i in range(n)]
    projects = []
    for i, pid in enumerate(ids):
        levels = tuple(
            Level(
                f"L{j}",
                tuple(draw(st.lists(st.integers(0, 6), min_size=1, max_size=2))),
                float(draw(st.integers(0, 9))),
            )
            for j in range(draw(st.integers(1, 2)))
        )
        levels = tuple(
            dataclasses.replace(lv, costs_pen=tuple(10 * c for c in lv.costs_pen)) for lv in levels
        )
        earlier = ids[:i]
        requires = tuple(draw(st.lists(st.sampled_from(earlier), max_size=1))) if earlier else ()
        excludes = tuple(draw(st.lists(st.sampled_from(earlier), max_size=1))) if earlier else ()
        window = draw(st.sampled_from([(None, None), (years[1], None), (None, years[0])]))
        kind = draw(st.sampled_from(["free"] * 6 + ["mandatory", "committed"]))
        committed = None
        if kind == "committed":
            committed = (draw(st.sampled_from([years[0] - 1, years[0], years[1]])), "L0")
            if committed[0] + levels[0].duration - 1 < years[0]:
                committed = (years[0], "L0")
        projects.append(
            PlanProject(
                pid,
                levels,
                group=draw(st.sampled_from(["coffee", "camelid", None])),
                mechanism=draw(st.sampled_from(["m1", "m2"])),
                unit=draw(st.sampled_from(["dir", None])),
                earliest=window[0],
                latest=window[1],
                requires=requires,
                excludes=excludes,
                mandatory=kind == "mandatory",
                committed=committed,
            )
        )
    pools = []
    for k in range(draw(st.integers(1, 2))):
        pools.append(
            Pool(
                f"k{k}",
                tuple(10 * draw(st.integers(0, 10)) for _ in years),
                carry_over=draw(st.booleans()),
                groups=draw(st.sampled_from([None, ("coffee",), ("coffee", "camelid")])),
                mechanisms=draw(st.sampled_from([None, ("m1",)])),
                max_share=draw(st.sampled_from([None, 0.5, 0.75])),
            )
        )
    synergies = []
    if n >= 2 and draw(st.booleans()):
        pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        bearer = projects[ids.index(pair[-1])]
        least = min(lv.costs_pen[0] for lv in bearer.levels)
        synergies.append(
            Synergy(
                "s",
                tuple(pair),
                extra_value=float(draw(st.integers(0, 4))),
                saving_pen=draw(st.integers(0, least)),
            )
        )
    caps = {"dir": draw(st.integers(0, 2))} if draw(st.booleans()) else {}
    together = []  # one shared project's parts, as a joint plan of two regions has them
    if n >= 2 and draw(st.integers(0, 3)) == 0:
        together.append(draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True)))
    return PlanProblem.build(
        years=years,
        projects=projects,
        pools=pools,
        synergies=synergies,
        unit_caps=caps,
        together=together,
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_problems())
def test_prop_ilp_optimum_equals_brute_force(problem: PlanProblem) -> None:
    plan = solve_plan(problem)
    best = brute_force(problem)
    if best is None:
        assert plan is None
        return
    assert plan is not None and plan.status == "optimal"
    assert plan_violations(problem, plan) == []
    assert math.isclose(plan.value, best[0], abs_tol=1e-9)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan_problems())
def test_prop_time_indexed_model_alone_equals_brute_force(
    monkeypatch: pytest.MonkeyPatch, problem: PlanProblem
) -> None:
    """The fallback, the time-indexed model without the summed plan first, finds the optimum."""
    monkeypatch.setattr(plan_model, "_TRIES", 0)
    plan = solve_plan(problem)
    best = brute_force(problem)
    assert (plan is None) == (best is None)
    if plan is not None and best is not None:
        assert plan.status == "optimal" and plan_violations(problem, plan) == []
        assert math.isclose(plan.value, best[0], abs_tol=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_problems(), st.randoms(use_true_random=False))
def test_prop_every_fundable_schedule_stays_in_the_summed_plan(
    problem: PlanProblem, rnd: random.Random
) -> None:
    """The plan with its years summed is a relaxation: a fundable schedule's projects and
    levels, fixed there, are feasible with the schedule's value."""
    found = 0
    every = schedules(problem)
    for value, chosen in rnd.sample(every, min(12, len(every))):
        if found == 3 or not fundable(problem, chosen):
            continue
        found += 1
        relaxed = relaxed_model(problem, {})
        for (p, li), u in relaxed.u.items():
            on = chosen.get(problem.projects[p].id, (-1, 0))[0] == li
            u.lowBound = u.upBound = int(on)
        relaxed.model.solve(pulp.HiGHS(msg=False))
        assert pulp.LpStatus[relaxed.model.status] == "Optimal"
        assert math.isclose(-pulp.value(relaxed.model.objective), value, abs_tol=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_problems(), st.randoms(use_true_random=False))
def test_prop_every_fundable_schedule_stays_in_the_model(
    problem: PlanProblem, rnd: random.Random
) -> None:
    """Fixing any schedule the oracle can fund leaves the model feasible (so none of its rows,
    the search's own binaries, cumulated precedence and knapsack rows included, cuts off a
    plan), and `pay_schedule` pays it in whole soles within every rule."""
    found = 0
    every = schedules(problem)
    for _, chosen in rnd.sample(every, min(12, len(every))):
        if found == 3 or not fundable(problem, chosen):
            continue
        found += 1
        paid = pay_schedule(problem, chosen)
        plan = plan_from(problem, chosen, paid, status="optimal", solver="HiGHS")
        assert plan_violations(problem, plan) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_problems(), st.integers(0, 1), st.integers(1, 60))
def test_prop_more_budget_never_lowers_the_optimum(
    problem: PlanProblem, pool: int, extra: int
) -> None:
    plan = solve_plan(problem)
    k = min(pool, len(problem.pools) - 1)
    richer = dataclasses.replace(
        problem.pools[k], amounts_pen=tuple(a + extra for a in problem.pools[k].amounts_pen)
    )
    more = dataclasses.replace(problem, pools=(*problem.pools[:k], richer, *problem.pools[k + 1 :]))
    bigger = solve_plan(more)
    if plan is not None:
        assert bigger is not None and bigger.value >= plan.value - 1e-9


def _petersen_1() -> PlanProblem:
    """Petersen (1967), problem 1 of OR-Library's mknap1: 6 projects, 10 periods."""
    profits = [100, 600, 1200, 2400, 500, 2000]
    outlays = [  # outlays[i][j]: project j's outlay in period i
        [8, 12, 13, 64, 22, 41],
        [8, 12, 13, 75, 22, 41],
        [3, 6, 4, 18, 6, 4],
        [5, 10, 8, 32, 6, 12],
        [5, 13, 8, 42, 6, 20],
        [5, 13, 8, 48, 6, 20],
        [0, 0, 0, 0, 8, 0],
        [3, 0, 4, 0, 8, 0],
        [3, 2, 4, 0, 8, 4],
        [3, 2, 4, 8, 8, 4],
    ]
    budgets = [80, 96, 20, 36, 44, 48, 10, 18, 22, 24]
    years = tuple(range(FIRST, FIRST + 10))
    projects = [
        PlanProject(
            f"r{j + 1}",
            (Level("only", tuple(row[j] for row in outlays), float(profits[j])),),
            latest=FIRST,
        )
        for j in range(6)
    ]
    return PlanProblem.build(years=years, projects=projects, budgets_pen=budgets)


def test_petersen_1967_problem_1_optimum_3800() -> None:
    """C. C. Petersen, "Computational experience with variants of the Balas algorithm applied
    to the selection of R&D projects", Management Science 13(9), 1967, 736-750: the first of
    the seven test problems, as distributed in J. E. Beasley's OR-Library file mknap1.txt
    (header "6 10 3800": 6 projects, 10 resource periods, optimal value 3800). Each project
    is a 10-year project that must start in the first year, its outlay per period the cost of
    that year, each period's limit a yearly budget without carry-over."""
    problem = _petersen_1()
    plan = solve_plan(problem)
    assert plan is not None and plan.status == "optimal"
    assert plan.value == 3800
    assert plan_violations(problem, plan) == []
    assert brute_force(problem) is not None and brute_force(problem)[0] == 3800  # type: ignore[index]


def _two_year_problem() -> PlanProblem:
    a = PlanProject("a", (Level("one", (100, 100), 5.0),), group="coffee", unit="dir")
    b = PlanProject("b", (Level("one", (50,), 3.0),), requires=("a",), unit="dir")
    c = PlanProject("c", (Level("small", (40,), 1.0), Level("big", (90,), 2.5)))
    pools = [
        Pool("region", (120, 100, 100), carry_over=True),
        Pool("coop", (50, 50, 50), groups=("coffee",), max_share=0.25),
    ]
    syn = Synergy("ab", ("a", "b"), extra_value=1.0, saving_pen=10)
    return PlanProblem.build(
        years=(2027, 2028, 2029), projects=[a, b, c], pools=pools, synergies=[syn]
    )


def test_checker_flags_each_broken_rule() -> None:
    problem = _two_year_problem()
    plan = solve_plan(problem)
    assert plan is not None and plan_violations(problem, plan) == []
    a = plan.entry("a")
    assert a is not None and a.start == 2027
    b = plan.entry("b")
    assert b is not None and b.start == 2029 and b.spend_pen == (0, 0, 40)  # saving in 2029
    early = tuple(
        dataclasses.replace(s, start=2028, end=2028) if s.project == "b" else s
        for s in plan.scheduled
    )
    assert any(
        c.startswith("requires:b>a")
        for c in plan_violations(problem, dataclasses.replace(plan, scheduled=early))
    )
    extra = (*plan.funding, Funding("b", "coop", 2029, 1))  # b has no group: not eligible
    codes = plan_violations(problem, dataclasses.replace(plan, funding=extra))
    assert "eligible:funding:b/coop@2029" in codes and "paid:b@2029" in codes
    dropped = plan.funding[1:]
    assert plan_violations(problem, dataclasses.replace(plan, funding=dropped))
    assert "value" in plan_violations(problem, dataclasses.replace(plan, value=plan.value + 1))


def test_carry_over_lets_an_early_surplus_pay_later() -> None:
    a = PlanProject("a", (Level("one", (0, 150), 1.0),), latest=2027)
    without = PlanProblem.build(years=(2027, 2028), projects=[a], budgets_pen=[100, 100])
    with_carry = PlanProblem.build(
        years=(2027, 2028), projects=[a], budgets_pen=[100, 100], carry_over=True
    )
    assert solve_plan(without) is not None and solve_plan(without).value == 0  # type: ignore[union-attr]
    plan = solve_plan(with_carry)
    assert plan is not None and plan.value == 1.0
    assert [p.carried_pen for p in plan.pool_years] == [100, 50]
    assert fundable(with_carry, {"a": (0, 2027)}) and not fundable(without, {"a": (0, 2027)})


def test_bad_inputs_are_named() -> None:
    level = Level("one", (10,), 1.0)
    with pytest.raises(InvalidMatrix, match="years"):
        PlanProblem.build(years=(2027, 2029), projects=[PlanProject("a", (level,))])
    with pytest.raises(InvalidMatrix, match="requires"):
        PlanProblem.build(years=(2027,), projects=[PlanProject("a", (level,), requires=("z",))])
    with pytest.raises(InvalidMatrix, match="amounts_pen"):
        PlanProblem.build(years=(2027, 2028), projects=[], budgets_pen=[5])
    with pytest.raises(InvalidMatrix, match="saving_pen"):
        PlanProblem.build(
            years=(2027,),
            projects=[PlanProject("a", (level,)), PlanProject("b", (level,))],
            synergies=[Synergy("s", ("a", "b"), saving_pen=11)],
        )
    with pytest.raises(InvalidMatrix, match="committed"):
        PlanProblem.build(
            years=(2027,), projects=[PlanProject("a", (level,), committed=(2020, "one"))]
        )


def test_synergy_value_and_saving_decide_the_plan() -> None:
    """Alone, c (worth 5) beats a+b (2+2); the synergy's extra 2 makes a+b worth 6, and only
    its saving of 20 makes a+b fit the budget of 100 at all."""
    a = PlanProject("a", (Level("one", (60,), 2.0),))
    b = PlanProject("b", (Level("one", (60,), 2.0),))
    c = PlanProject("c", (Level("one", (100,), 5.0),))
    for extra, saving, best in ((2.0, 20, ("a", "b")), (2.0, 0, ("c",)), (0.0, 20, ("c",))):
        syn = Synergy("ab", ("a", "b"), extra_value=extra, saving_pen=saving)
        problem = PlanProblem.build(
            years=(2027,), projects=[a, b, c], budgets_pen=[100], synergies=[syn]
        )
        plan = solve_plan(problem)
        assert plan is not None and tuple(s.project for s in plan.scheduled) == best
        assert plan.value == brute_force(problem)[0]  # type: ignore[index]


@pytest.mark.parametrize(
    "together", [[["a"]], [["a", "zz"]], [["a", "b"], ["b", "c"]]], ids=["one", "unknown", "twice"]
)
def test_groups_started_together_are_checked(together: list[list[str]]) -> None:
    projects = [PlanProject(pid, (Level("one", (1,), 1.0),)) for pid in "abc"]
    with pytest.raises(InvalidMatrix, match="together"):
        PlanProblem.build(years=(2027,), projects=projects, budgets_pen=[9], together=together)


def test_a_checked_project_keeps_its_fields_and_defaults_its_name() -> None:
    """The problem's copy of a project: name defaults to the id, repeated links once, a
    committed project mandatory; group, mechanism, region, unit and window as given."""
    a = PlanProject(
        "a",
        (Level("one", (10,), 1.0),),
        group="coffee",
        mechanism="credit",
        region="puno",
        unit="dir",
        earliest=2026,
        latest=2027,
        committed=(2026, "one"),
    )
    b = PlanProject("b", (Level("one", (10,), 1.0),), name="B", requires=("a", "a"))
    problem = PlanProblem((2026, 2027), (a, b), (Pool("region", (50, 50)),))
    first, second = problem.projects
    assert first == dataclasses.replace(a, name="a", mandatory=True)
    assert second == dataclasses.replace(b, requires=("a",))
