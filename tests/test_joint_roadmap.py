"""The regions' roadmaps planned together (issue #16, points 1 and 9): a project shared by
regions starts in the same year in each of them or is out of all. Exact against brute force on
the joint problem; each region's plan is a valid plan of its own roadmap; `compare --roadmap
--joint` shows it in the terminal, results.json and the report."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from prioritizer.cli.app import app
from prioritizer.core.analysis.joint_roadmap import _joint_problem, plan_jointly
from prioritizer.core.portfolio.plan_check import plan_violations
from prioritizer.core.portfolio.plan_model import solve_plan
from prioritizer.results.plan_problem import Level, PlanProblem, PlanProject, Pool
from tests.conftest import Run
from tests.plan_oracle import brute_force

YEARS = (2027, 2028)


@st.composite
def regions(draw: st.DrawFn) -> dict[str, PlanProblem]:
    """Two regions over two years, two or three projects each, "s" (and maybe "t") in both;
    each region's own pool, costs and values, a requirement now and then."""
    problems = {}
    for region in ("north", "south"):
        ids = ["s", f"{region}-a", *draw(st.sampled_from([[], ["t"], [f"{region}-b"]]))]
        projects = []
        for i, pid in enumerate(ids):
            costs = tuple(10 * c for c in draw(st.lists(st.integers(1, 5), min_size=1, max_size=2)))
            requires = (ids[0],) if i == 1 and draw(st.booleans()) else ()
            projects.append(
                PlanProject(
                    pid,
                    (Level("one", costs, float(draw(st.integers(0, 9)))),),
                    requires=requires,
                )
            )
        amounts = tuple(10 * draw(st.integers(0, 8)) for _ in YEARS)
        pool = Pool("money", amounts, carry_over=draw(st.booleans()))
        problems[region] = PlanProblem.build(years=YEARS, projects=projects, pools=[pool])
    return problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions())
def test_planning_together_is_exact_and_each_region_keeps_a_valid_plan(
    problems: dict[str, PlanProblem],
) -> None:
    joint = plan_jointly(problems, time_limit=None)
    shared = {"s", "t"} & set(problems["north"].ids) & set(problems["south"].ids)
    best = brute_force(_joint_problem(problems, {p: ("north", "south") for p in shared}))
    if best is None:
        assert joint is None
        return
    assert joint is not None
    assert math.isclose(joint.value, best[0], abs_tol=1e-9)
    for region, plan in joint.plans.items():
        assert plan_violations(problems[region], plan) == []
    for pid in shared:
        starts = {r: (e.start if (e := p.entry(pid)) else None) for r, p in joint.plans.items()}
        assert len(set(starts.values())) == 1, starts
    apart = [solve_plan(problem) for problem in problems.values()]
    if all(plan is not None for plan in apart):  # planning apart never agrees on less
        assert joint.value <= sum(p.value for p in apart if p) + 1e-9


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("joint") / "run"
    result = CliRunner().invoke(
        app,
        ["compare", "--roadmap", "--joint", "--out", str(folder)],
        env={"PRIORITIZER_LANG": "", "COLUMNS": "140"},
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout, folder


def test_shared_projects_start_in_the_same_year_in_every_region(
    together: tuple[str, Path],
) -> None:
    payload = json.loads((together[1] / "results.json").read_text(encoding="utf-8"))
    cusco = payload["regions"]["cusco"]["roadmap"]
    puno = payload["regions"]["puno"]["roadmap"]
    assert cusco["joint"]["regions"] == ["cusco", "puno"] and cusco["joint"]["with"] == ["Puno"]
    assert cusco["joint"]["value"] == pytest.approx(cusco["value"] + puno["value"])
    starts = cusco["joint"]["shared_starts"]
    assert starts and starts == puno["joint"]["shared_starts"]
    for roadmap in (cusco, puno):
        by_id = {p["id"]: p for p in roadmap["projects"]}
        for pid, start in starts.items():
            assert by_id[pid]["start"] == start
            other = "Puno" if roadmap is cusco else "Cusco"
            if start is not None:
                assert f"together with {other}'s share" in by_id[pid]["why"]
            else:
                assert f"shared with {other}" in by_id[pid]["why"]
    text = " ".join(together[0].split())
    assert "Planned jointly with Puno" in text and "Planned jointly with Cusco" in text
    report = (together[1] / "report.md").read_text(encoding="utf-8")
    assert "Planned jointly with Puno" in " ".join(report.split())


def test_the_joint_roadmap_speaks_spanish(cli: Callable[..., Run]) -> None:
    result = cli("compare", "--roadmap", "--joint", "--lang", "es", "--json")
    assert result.code == 0, result.stderr
    cusco = json.loads(result.stdout)["regions"]["cusco"]["roadmap"]
    whys = [p["why"] for p in cusco["projects"] if p["id"] in cusco["joint"]["shared_starts"]]
    assert whys and all("Puno" in why for why in whys)
    assert any("junto con la parte de Puno" in why for why in whys)


def test_roadmaps_over_different_years_are_not_planned_together(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = tmp_path / "data"
    assert cli("init", str(root)).code == 0
    roadmap = root / "inputs" / "regions" / "puno" / "roadmap.yaml"
    text = roadmap.read_text(encoding="utf-8").replace("last: 2029", "last: 2030")
    text = re.sub(r"2029: (\d+)\}", r"2029: \1, 2030: \1}", text)
    roadmap.write_text(text, encoding="utf-8")
    assert cli("roadmap", "--region", "puno", "--inputs", str(root)).code == 0
    result = cli("compare", "--roadmap", "--joint", "--inputs", str(root))
    assert result.code == 2
    message = " ".join(result.stderr.split())
    assert "--joint" in message and "cusco 2027-2029" in message and "puno 2027-2030" in message
    spanish = cli("compare", "--roadmap", "--joint", "--inputs", str(root), "--lang", "es")
    assert spanish.code == 2 and "los mismos años" in " ".join(spanish.stderr.split())


def test_the_roadmap_command_plans_a_region_with_the_others(cli: Callable[..., Run]) -> None:
    """`roadmap --region puno --joint` is Puno's part of the joint plan: the same starts for
    the shared projects as `compare --roadmap --joint` gives, and the joint value."""
    alone = json.loads(cli("roadmap", "--region", "puno", "--joint", "--json").stdout)
    both = json.loads(cli("compare", "--roadmap", "--joint", "--json").stdout)
    puno = both["regions"]["puno"]["roadmap"]
    assert alone["joint"]["shared_starts"] == puno["joint"]["shared_starts"]
    assert alone["joint"]["value"] == pytest.approx(puno["joint"]["value"])
    text = cli("roadmap", "--region", "puno", "--joint", env={"COLUMNS": "120"})
    assert text.code == 0 and "Planned jointly with Cusco" in " ".join(text.stdout.split())
    both_options = cli("roadmap", "--region", "puno", "--joint", "--cut", "2028=20%")
    assert both_options.code == 2 and "--joint or --cut, one at a time" in both_options.stderr


def test_planning_together_tells_its_progress() -> None:
    """The joint plan, then each region's: a bar past a second (`compare --roadmap --joint`)."""
    told: list[tuple[str, int, int]] = []
    a = PlanProject("s", (Level("one", (10,), 1.0),))
    problems = {
        r: PlanProblem.build(years=YEARS, projects=[a], budgets_pen=[10, 10]) for r in ("n", "m")
    }
    joint = plan_jointly(problems, time_limit=None, progress=lambda *step: told.append(step))
    assert joint is not None
    assert told == [("roadmap", 0, 3), ("roadmap", 1, 3), ("roadmap", 2, 3), ("roadmap", 3, 3)]
