"""Any number of regions (issue #16, point 9): a third region added by `init` and files, compared
with `--regions`, budgeted with `--budget REGION=N` (beside the Cusco/Puno options), planned jointly
with a project it shares, and refused by name when mistyped."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from prioritizer.cli.app import app
from prioritizer.core.analysis import without_projects
from prioritizer.results.portfolio_problem import PortfolioProblem
from tests.conftest import Run

SHARED = "interregional-arequipa-puno-fibre-lab"


def _third_region(root: Path) -> Path:
    """`init`, then Arequipa as a copy of Puno's folder (without its roadmap) with its own ids,
    projects and one project shared with Puno."""
    result = CliRunner().invoke(app, ["init", str(root)], env={"PRIORITIZER_LANG": ""})
    assert result.exit_code == 0, result.stderr
    regions = root / "inputs" / "regions"
    folder = regions / "arequipa"
    shutil.copytree(regions / "puno", folder)
    for name in ("roadmap.yaml", "project_levels.csv", "synergies.csv"):
        (folder / name).unlink(missing_ok=True)
    region = folder / "region.yaml"
    text = region.read_text(encoding="utf-8").replace("id: puno", "id: arequipa", 1)
    region.write_text(text.replace("{en: Puno, es: Puno}", "{en: Arequipa, es: Arequipa}", 1))
    people = folder / "stakeholders.yaml"
    text = people.read_text(encoding="utf-8").replace("region: puno", "region: arequipa", 1)
    people.write_text(text.replace("  - id: puno-", "  - id: arequipa-"), encoding="utf-8")
    projects = root / "inputs" / "projects.csv"
    with projects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    copies = []
    for row in rows:
        if row["regions"] == "puno":
            copy = {key: re.sub(r"\bpuno-", "arequipa-", value) for key, value in row.items()}
            copies.append({**copy, "regions": "arequipa"})
    shared = {
        **rows[0],
        "id": SHARED,
        "name_en": "Arequipa-Puno alpaca fibre lab",
        "name_es": "Laboratorio de fibra Arequipa-Puno",
        "value_chain": "camelid-fabrics",
        "regions": "puno;arequipa",
        "cost_pen": "300000",
        "cost_shares": "puno:50;arequipa:50",
        "requires": "",
        "excludes": "",
        "source": "illustrative",
    }
    with projects.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, *copies, shared])
    return root


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _third_region(tmp_path_factory.mktemp("regions") / "data")


@pytest.fixture(scope="module")
def joint(three: Path) -> dict[str, Any]:
    """One compare of the three regions with budgets given both ways, planned jointly."""
    result = CliRunner().invoke(
        app,
        [
            "compare",
            "--inputs", str(three),
            "--regions", "cusco,puno,arequipa",
            "--budget", "arequipa=500,000",
            "--budget-cusco", "900000",
            "--joint",
            "--json",
            "--no-save",
        ],
        env={"PRIORITIZER_LANG": ""},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_three_regions_side_by_side_within_their_budgets(joint: dict[str, Any]) -> None:
    regions = joint["regions"]
    assert list(regions) == ["cusco", "puno", "arequipa"]
    assert joint["options"]["budgets"] == {"cusco": 900000, "arequipa": 500000}
    assert joint["options"]["regions"] == ["cusco", "puno", "arequipa"]
    for region, budget in (("cusco", 900000), ("puno", 1000000), ("arequipa", 500000)):
        portfolio = regions[region]["portfolio"]
        assert portfolio["budget"] == budget
        assert 0 < portfolio["total_cost"] <= budget


def test_the_joint_plan_covers_every_region_and_the_shared_project(
    joint: dict[str, Any],
) -> None:
    plan = joint["joint"]
    assert set(plan["spend"]) == {"cusco", "puno", "arequipa"}
    budgets = {r: joint["regions"][r]["portfolio"]["budget"] for r in plan["spend"]}
    assert all(plan["spend"][r] <= budgets[r] for r in budgets)
    assert plan["objective"] >= plan["separate_objective"] - 1e-9  # together is never worse
    shared = [p["id"] for p in joint["regions"]["arequipa"]["interregional"]]
    assert shared == [SHARED]


def test_other_commands_take_the_third_region(cli: Callable[..., Run], three: Path) -> None:
    result = cli("portfolio", "--inputs", str(three), "--region", "arequipa", "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["total_cost"] <= 1000000
    ranked = cli("rank", "--inputs", str(three), "--region", "arequipa", "--json")
    assert ranked.code == 0, ranked.stderr


def test_a_title_that_names_the_regions(cli: Callable[..., Run], three: Path) -> None:
    result = cli("compare", "--inputs", str(three), "--regions", "arequipa,puno", "--no-save")
    assert result.code == 0, result.stderr
    assert "Arequipa and Puno side by side" in result.stdout
    assert "Cusco" not in result.stdout.split("\n")[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--regions", "cusco,lima"], "--regions"),
        (["--regions", "cusco,cusco"], "each once"),
        (["--budget", "arequipa"], "REGION=SOLES"),
        (["--budget", "lima=10"], "lima"),
        (["--budget", "arequipa=mucho"], "a whole number of soles"),
        (["--budget", "cusco=5", "--budget-cusco", "6"], "cusco is given twice"),
        (["--budget", "arequipa=-5"], "'-5'; expected a whole number of soles"),
    ],
)
def test_mistyped_regions_and_budgets_are_named(
    cli: Callable[..., Run], three: Path, args: list[str], expected: str
) -> None:
    result = cli("compare", "--inputs", str(three), "--no-save", *args)
    assert result.code == 2, result.stdout
    assert expected in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_one_region_is_not_side_by_side(cli: Callable[..., Run], three: Path) -> None:
    result = cli("compare", "--inputs", str(three), "--regions", "arequipa", "--no-save")
    assert result.code == 0, result.stderr
    first = result.stdout.strip().split("\n")[0]
    assert first.startswith("Arequipa:") and "side by side" not in first


def test_without_projects_drops_dependents_and_keeps_the_rest_aligned() -> None:
    """Removing a project removes those that require it; every per-project field of the others
    and every setting of the problem stay as they were."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c", "d"],
        names=["A", "B", "C", "D"],
        costs_pen=[10, 20, 30, 40],
        values=[1.0, 2.0, 3.0, 4.0],
        budget_pen=60,
        groups=["x", "y", "x", None],
        requires=[("b", "a"), ("d", "c")],
        excludes=[("c", "d")],
        mandatory=["c"],
        min_per_group={"x": 1},
        max_projects=3,
        gaps=["g1", "g2"],
        severity=[2.0, 1.0],
        incidence=[[1, 0], [0, 1], [1, 1], [0, 0]],
        require_coverage=["g1"],
    )
    smaller = without_projects(problem, {"a"})
    assert smaller.ids == ("c", "d")
    assert smaller.names == ("C", "D")
    assert smaller.costs_pen.tolist() == [30, 40]
    assert smaller.values.tolist() == [3.0, 4.0]
    assert smaller.groups == ("x", None)
    assert smaller.requires == (("d", "c"),)
    assert set(smaller.excludes) >= {("c", "d")}
    assert smaller.mandatory == ("c",)
    assert smaller.incidence.tolist() == [[1, 1], [0, 0]]
    assert smaller.positions == {"c": 0, "d": 1}
    assert dict(smaller.min_per_group) == {"x": 1} and smaller.max_projects == 3
    assert smaller.severity.tolist() == [2.0, 1.0] and smaller.require_coverage == ("g1",)
    assert without_projects(problem, {"c"}).ids == ("a", "b")
