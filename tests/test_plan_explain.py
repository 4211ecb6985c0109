"""Reasons, infeasibility causes and the stable re-plan of the roadmap, in both languages."""

from __future__ import annotations

import pytest

from prioritizer.core.portfolio.plan import cut_problem, replan, select_plan
from prioritizer.core.portfolio.plan_check import plan_violations
from prioritizer.errors.plan import PlanInfeasible
from prioritizer.formats import format_pen
from prioritizer.present.explain.plan import plan_reason_text
from prioritizer.results.plan import BudgetCut, Plan, PlanReason
from prioritizer.results.plan_problem import Level, PlanProblem, PlanProject, Pool

YEARS = (2027, 2028, 2029)


def _problem() -> PlanProblem:
    """Phase 1 (assessment) then phase 2 (governance) needing it; a market study that the
    region's budget cannot pay in 2027 next to the assessment; a project no pool funds."""
    assess = PlanProject("assess", (Level("one", (100,), 5.0),), group="coffee")
    govern = PlanProject(
        "govern", (Level("one", (60, 60), 4.0),), requires=("assess",), mechanism="m1"
    )
    study = PlanProject(
        "study", (Level("province", (50,), 2.0), Level("region", (90,), 2.5)), group="coffee"
    )
    lonely = PlanProject("lonely", (Level("one", (10,), 9.0),), group="camelid", mechanism="m9")
    pools = [
        Pool("region", (120, 120, 120), groups=("coffee",)),
        Pool("canon", (0, 60, 60), mechanisms=("m1",)),
    ]
    return PlanProblem.build(years=YEARS, projects=[assess, govern, study, lonely], pools=pools)


def test_reasons_name_the_predecessor_the_budget_and_the_level() -> None:
    problem = _problem()
    plan = select_plan(problem, flips=True)
    assert plan_violations(problem, plan) == []
    reasons = {r.project: r for r in plan.reasons}
    govern = plan.entry("govern")
    assert govern is not None and govern.start == 2028
    assert reasons["govern"].start_kind == "after_predecessor"
    assert reasons["govern"].related == ("assess",) and reasons["govern"].year == 2027
    assert reasons["assess"].start_kind == "first_year"
    study = plan.entry("study")
    assert study is not None and study.start > 2027
    # 2027's region money goes to the assessment; from 2028 on any start year is worth the same,
    # so the solver may pick 2029: then the line says it could start in 2028 (never "S/ 0 short")
    if study.start == 2028:
        assert reasons["study"].start_kind == "budget" and reasons["study"].year == 2027
        assert "assess" in reasons["study"].related
        assert (reasons["study"].amount_pen or 0) > 0
    else:
        assert reasons["study"].start_kind == "equal_value" and reasons["study"].year == 2028
    assert reasons["study"].level_kind == "best" and study.level == "region"
    assert reasons["lonely"].out_kind == "no_pool"
    names = {p.id: p.id.title() for p in problem.projects}
    for lang in ("en", "es"):
        text = plan_reason_text(
            reasons["govern"],
            entry=govern,
            lang=lang,
            names=names,
            pen=lambda a, lang=lang: format_pen(a, lang),
            number=lambda v: f"{v:.2f}",
        )
        assert "Assess" in text and "2027" in text and "2028" in text
    assert reasons["govern"].flip_checked and reasons["govern"].flip_loss is not None
    assert reasons["govern"].flip_loss > 0


def test_a_mandatory_project_over_the_pools_is_explained_in_soles_per_pool() -> None:
    big = PlanProject("big", (Level("one", (200,), 1.0),), group="coffee", committed=(2027, "one"))
    pools = [Pool("region", (150, 150, 150), groups=("coffee",)), Pool("coop", (40, 40, 40))]
    problem = PlanProblem.build(years=YEARS, projects=[big], pools=pools)
    with pytest.raises(PlanInfeasible) as caught:
        select_plan(problem)
    cause = caught.value.causes[0]
    assert cause.kind == "over_budget" and cause.year == 2027
    assert cause.need_pen == 200 and cause.available_pen == 190 and cause.shortfall_pen == 10
    assert "S/ 10" in caught.value.message("en") and "faltan S/ 10" in caught.value.message("es")


def test_a_predecessor_that_cannot_end_in_time_is_named() -> None:
    first = PlanProject("first", (Level("one", (10, 10, 10), 1.0),), earliest=2028)
    second = PlanProject("second", (Level("one", (10,), 1.0),), requires=("first",), mandatory=True)
    problem = PlanProblem.build(years=YEARS, projects=[first, second], budgets_pen=[100] * 3)
    with pytest.raises(PlanInfeasible) as caught:
        select_plan(problem)
    assert caught.value.causes[0].kind == "predecessor_late"
    assert caught.value.causes[0].projects == ("second", "first")


def test_replan_keeps_year_one_and_shows_what_is_cut() -> None:
    """Year 2 loses 50 % of every pool: what started in 2027 stays as it was."""
    problem = _problem()
    plan = select_plan(problem, explain=False)
    cut = [BudgetCut(2028, 0.5)]
    result = replan(problem, plan, cut)
    started = {e.project for e in plan.scheduled if e.start == 2027}
    assert set(result.kept) == started
    for pid in started:
        assert result.plan.entry(pid) == plan.entry(pid)
    assert result.value_lost == pytest.approx(plan.value - result.plan.value)
    assert result.value_lost >= 0
    changed = {c.project: c.kind for c in result.changes}
    for entry in plan.scheduled:
        now = result.plan.entry(entry.project)
        if now is None:
            assert changed[entry.project] == "cut"
        elif now.start > entry.start:
            assert changed[entry.project] == "delayed"
    assert [p.amounts_pen for p in cut_problem(problem, cut).pools] == [(120, 60, 120), (0, 30, 60)]


def test_a_level_that_cannot_finish_in_the_plan_is_not_offered_as_the_alternative() -> None:
    """A four-year level in a three-year plan could never have run: the why-line compares the
    chosen level with none (it said "cheaper than" the impossible one)."""
    project = PlanProject("p", (Level("short", (10,), 1.0), Level("long", (5, 5, 5, 5), 3.0)))
    problem = PlanProblem.build(
        years=YEARS, projects=[project], pools=[Pool("region", (50, 50, 50))]
    )
    plan = select_plan(problem)
    entry = plan.entry("p")
    assert entry is not None and entry.level == "short"
    [reason] = plan.reasons
    assert reason.level_kind == "only" and reason.alternatives == ()


def _line(reason: PlanReason, plan: Plan, lang: str) -> str:
    return plan_reason_text(
        reason,
        entry=plan.entry(reason.project),
        lang=lang,
        names={"dir": "Directorate"},
        pen=lambda a: format_pen(a, lang),
        number=lambda v: f"{v:.2f}",
    )


def test_a_line_names_the_unit_cap_in_some_years_and_the_money_in_others() -> None:
    """Out: the directorate runs its one project in 2027-2028 and 2029 holds S/ 20 of the S/ 60
    needed, so the line names both, each for its years."""
    a = PlanProject("a", (Level("one", (50, 50), 10.0),), unit="dir")
    x = PlanProject("x", (Level("one", (60,), 1.0),), unit="dir")
    problem = PlanProblem.build(
        years=YEARS, projects=[a, x], budgets_pen=[100, 100, 20], unit_caps={"dir": 1}
    )
    plan = select_plan(problem)
    reason = {r.project: r for r in plan.reasons}["x"]
    assert reason.out_kind == "budget" and reason.year == 2029 and reason.amount_pen == 40
    assert reason.unit == "dir" and reason.unit_years == (2027, 2028)
    english = _line(reason, plan, "en")
    assert "S/ 40" in english and "2027 or 2028" in english and "Directorate" in english
    assert "2027 o 2028" in _line(reason, plan, "es")


def test_a_late_start_names_the_unit_cap_and_the_money_each_for_its_year() -> None:
    """In, from 2029: in 2027 its unit runs `a`, in 2028 `b` takes the money."""
    a = PlanProject("a", (Level("one", (50,), 10.0),), unit="dir", earliest=2027, latest=2027)
    b = PlanProject("b", (Level("one", (100,), 10.0),), earliest=2028, latest=2028)
    x = PlanProject("x", (Level("one", (60,), 1.0),), unit="dir")
    problem = PlanProblem.build(
        years=YEARS, projects=[a, b, x], budgets_pen=[100, 100, 100], unit_caps={"dir": 1}
    )
    plan = select_plan(problem)
    entry = plan.entry("x")
    assert entry is not None and entry.start == 2029
    reason = {r.project: r for r in plan.reasons}["x"]
    assert reason.start_kind == "budget" and reason.year == 2028 and reason.related == ("b",)
    assert reason.unit_years == (2027,)
    assert "2027" in _line(reason, plan, "en") and "Directorate" in _line(reason, plan, "es")
