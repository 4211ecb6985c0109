"""`prioritizer roadmap` end to end: the embedded roadmaps are feasible and every pool-year, unit
cap and precedence holds when recomputed from the JSON; a budget cut keeps what the first year
started; bad --cut values and infeasible roadmaps are explained; a tiny data set written to a
temp folder gives the brute-force optimum."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from plan_oracle import brute_force

from prioritizer.core.analysis import portfolio_values, project_scores
from prioritizer.data.load import load_dataset
from prioritizer.options import RunOptions
from prioritizer.results.plan_problem import Level, PlanProblem, PlanProject, Pool, Synergy
from tests.conftest import Run

REGIONS = ("cusco", "puno")


def _json(cli: Callable[..., Run], *args: str) -> dict[str, Any]:
    result = cli("roadmap", *args, "--json")
    assert result.code == 0, result.stdout + result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def _check_plan(payload: dict[str, Any], requires: dict[str, tuple[str, ...]]) -> None:
    """Recompute from the JSON alone: funding pays each project's spend, no pool-year pays more
    than it holds (with what carry-over brings), precedence and unit caps hold."""
    years = payload["years"]
    funding = payload["plan"]["funding"]
    paid: dict[tuple[str, int], int] = {}
    for item in funding:
        assert item["amount_pen"] >= 0
        key = (item["project"], item["year"])
        paid[key] = paid.get(key, 0) + item["amount_pen"]
    selected = {p["id"]: p for p in payload["projects"] if p["selected"]}
    for pid, project in selected.items():
        for year, spend in zip(years, project["spend_pen"], strict=True):
            assert paid.get((pid, year), 0) == spend, (pid, year)
    for pool in payload["pools"]:
        carried = 0
        for i, year in enumerate(years):
            available = pool["amounts_pen"][i] + carried
            used = sum(
                f["amount_pen"] for f in funding if f["pool"] == pool["id"] and f["year"] == year
            )
            assert used <= available, (pool["id"], year, used, available)
            carried = available - used if pool["carry_over"] else 0
    for pid, project in selected.items():
        for other in requires.get(pid, ()):
            assert other in selected, (pid, other)
            assert selected[other]["end"] < project["start"], (pid, other)
    for unit, cap in payload["unit_caps"].items():
        for year in years:
            running = [
                p for p in selected.values() if p["unit"] == unit and p["start"] <= year <= p["end"]
            ]
            assert len(running) <= cap, (unit, year)


@pytest.mark.parametrize("region", REGIONS)
def test_the_embedded_roadmaps_are_feasible_and_every_budget_holds(
    cli: Callable[..., Run], region: str
) -> None:
    payload = _json(cli, "--region", region)
    data = load_dataset()
    requires = {p.id: p.requires for p in data.projects_in(region)}
    assert payload["status"] == "planned" and payload["optimal"]
    assert payload["region"] == region and payload["years"] == [2027, 2028, 2029]
    assert len(payload["projects"]) == len(data.projects_in(region))
    _check_plan(payload, requires)
    chosen = {p["id"]: p for p in payload["projects"] if p["selected"]}
    assert 0 < len(chosen) < len(payload["projects"])  # the pools force a choice
    assert all(p["why"] for p in payload["projects"])
    # §8.2's phases: assessment, then round table, then strategic plan, one after the other
    chain = [p.id for p in data.projects_in(region) if p.phase in (1, 2, 3) and "cluster" in p.id]
    starts = [chosen[pid]["start"] for pid in chain if pid in chosen]
    assert starts == sorted(starts)
    roadmap = data.roadmap_of(region)
    assert roadmap is not None
    for commitment in roadmap.commitments:  # ongoing projects keep their funding
        assert chosen[commitment.project]["start"] == commitment.start
        assert chosen[commitment.project]["level"] == commitment.level
    assert payload["pools"][0]["amounts_pen"] == [
        roadmap.pools[0].amounts_pen[y] for y in (2027, 2028, 2029)
    ]


def test_the_text_shows_the_schedule_payers_pools_and_why(cli: Callable[..., Run]) -> None:
    data = load_dataset()
    roadmap = data.roadmap_of("cusco")
    assert roadmap is not None
    for lang, words in (
        ("en", ("Roadmap for Cusco, 2027–2029", "Who pays what", "Why each project")),
        ("es", ("Hoja de ruta de Cusco, 2027–2029", "Quién paga qué", "Por qué cada proyecto")),
    ):
        # wide enough that a pool's name is not folded inside its table cell
        result = cli("roadmap", "--region", "cusco", "--lang", lang, env={"COLUMNS": "160"})
        assert result.code == 0, result.stderr
        text = " ".join(result.stdout.split())
        for word in words:
            assert word in text
        for pool in roadmap.pools:
            assert pool.name.get(lang) in text
        assert not re.search(r"\b(?:roadmap|plan)\.[a-z]", text)  # no raw UI keys
        assert "S/" in text and "█" in result.stdout


def test_a_cut_replans_keeping_the_first_years_starts(cli: Callable[..., Run]) -> None:
    before = _json(cli, "--region", "cusco")
    payload = _json(
        cli, "--region", "cusco", "--cut", "2028=20%", "--cut", "regional-government:2029=10%"
    )
    assert payload["plan"] == before["plan"]  # the plan itself does not change
    replan = payload["replan"]
    first = {p["id"]: p for p in before["projects"] if p["selected"] and p["start"] <= 2027}
    assert set(replan["kept"]) == set(first)
    after = {p["id"]: p for p in replan["plan"]["projects"] if p["selected"]}
    for pid, project in first.items():
        assert (after[pid]["start"], after[pid]["level"]) == (project["start"], project["level"])
    new_starts = [p["start"] for pid, p in after.items() if pid not in first]
    assert all(start >= 2028 for start in new_starts)
    data = load_dataset()
    _check_plan(replan["plan"], {p.id: p.requires for p in data.projects_in("cusco")})
    old = {pool["id"]: pool["amounts_pen"] for pool in before["pools"]}
    new = {pool["id"]: pool["amounts_pen"] for pool in replan["plan"]["pools"]}
    for pool, amounts in old.items():
        assert new[pool][0] == amounts[0]
        assert new[pool][1] == amounts[1] - math.ceil(amounts[1] * 0.2)
        cut = math.ceil(amounts[2] * 0.1) if pool == "regional-government" else 0
        assert new[pool][2] == amounts[2] - cut
    removed = {int(y): a for y, a in replan["removed_pen"].items()}
    assert removed[2028] == sum(o[1] - new[p][1] for p, o in old.items())
    assert replan["value_lost"] >= -1e-9
    assert replan["value_lost"] == pytest.approx(before["value"] - replan["plan"]["value"])
    kinds = {c["project"]: c["kind"] for c in replan["changes"]}
    for pid, kind in kinds.items():
        was, now = pid in {p["id"] for p in before["projects"] if p["selected"]}, pid in after
        assert (kind == "cut") == (was and not now)
        assert (kind == "added") == (now and not was)
    text = cli("roadmap", "--region", "cusco", "--cut", "2028=20%")
    assert text.code == 0
    flat = " ".join(text.stdout.split())
    assert "Budget cuts" in flat and "20% of 2028's money from every pool" in flat
    assert "Re-planned roadmap for Cusco" in flat


@pytest.mark.parametrize(
    ("cut", "english", "spanish"),
    [
        ("2027=20%", "a year of the plan after the first", "posterior al primero"),
        ("2028:20", "YEAR=PCT% or POOL:YEAR=PCT%", "AÑO=PCT%"),
        ("lottery:2028=20%", "a pool of the roadmap (regional-government,", "una fuente"),
        ("2028=120%", "a percentage from 0 to 100", "un porcentaje"),
        ("2028=0.2", "YEAR=PCT% or POOL:YEAR=PCT%", "AÑO=PCT%"),  # a share without % is not 0.2 %
        ("2028=20", "YEAR=PCT% or POOL:YEAR=PCT%", "AÑO=PCT%"),
        ("2028=20%,2028=30%", "one cut per pool and year", "un recorte por fondo y año"),
        (
            "2028=20%,regional-government:2028=50%",
            "(2028 is cut twice: give the total share once)",
            "se recorta dos veces",
        ),
    ],
)
def test_bad_cuts_are_one_line_naming_the_option(
    cli: Callable[..., Run], cut: str, english: str, spanish: str
) -> None:
    cuts = [part for text in cut.split(",") for part in ("--cut", text)]
    for lang, part in (("en", english), ("es", spanish)):
        result = cli("roadmap", "--region", "cusco", *cuts, "--lang", lang)
        assert result.code == 2, result.stdout + result.stderr
        assert "--cut" in result.stderr and part in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_an_infeasible_roadmap_is_explained_per_pool_in_soles(
    data_copy: Path, cli: Callable[..., Run]
) -> None:
    path = data_copy / "inputs/regions/cusco/roadmap.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "{2027: 150000, 2028: 150000, 2029: 150000}", "{2027: 0, 2028: 150000, 2029: 150000}"
    )
    text = text.replace("{2027: 250000,", "{2027: 30000,")
    path.write_text(text, encoding="utf-8")
    # the committed shearing training needs S/ 70,000 in 2027; only S/ 30,000 can pay for it
    result = cli("roadmap", "--region", "cusco", "--inputs", str(data_copy))
    assert result.code == 3, result.stdout + result.stderr
    flat = " ".join(result.stdout.split())
    assert "No roadmap meets the rules" in flat
    assert "In 2027" in flat and "S/ 70,000" in flat and "S/ 40,000 short" in flat
    payload = json.loads(
        cli("roadmap", "--region", "cusco", "--inputs", str(data_copy), "--json").stdout
    )
    assert payload["status"] == "infeasible" and payload["shortfall_pen"] == 40_000
    (cause,) = [c for c in payload["causes"] if c["kind"] == "over_budget"]
    assert cause["year"] == 2027 and cause["need_pen"] - cause["available_pen"] == 40_000
    spanish = cli("roadmap", "--region", "cusco", "--inputs", str(data_copy), "--lang", "es")
    assert spanish.code == 3 and "S/ 40.000" in " ".join(spanish.stdout.split())


def test_a_region_without_a_roadmap_names_the_file(
    data_copy: Path, cli: Callable[..., Run]
) -> None:
    (data_copy / "inputs/regions/puno/project_levels.csv").unlink()
    (data_copy / "inputs/regions/puno/synergies.csv").unlink()
    (data_copy / "inputs/regions/puno/roadmap.yaml").unlink()
    result = cli("roadmap", "--region", "puno", "--inputs", str(data_copy))
    assert result.code == 2
    assert "roadmap.yaml" in result.stderr and "a roadmap for puno" in result.stderr
    assert cli("portfolio", "--region", "puno", "--inputs", str(data_copy)).code == 0


def test_init_copies_the_roadmap(tmp_path: Path, cli: Callable[..., Run]) -> None:
    folder = tmp_path / "mine"
    assert cli("init", str(folder)).code == 0
    assert (folder / "inputs/regions/cusco/roadmap.yaml").is_file()
    mine = _json(cli, "--region", "puno", "--inputs", str(folder))
    assert mine["plan"] == _json(cli, "--region", "puno")["plan"]


# -- a tiny data set, checked against brute force -------------------------------------------------
TINY = (
    "puno-camelid-competitiveness-assessment",
    "puno-camelid-cluster-roundtable",
    "puno-fiber-collection-center",
    "puno-fiber-collection-pilot",
    "puno-coffee-market-monitoring",
)
TINY_ROADMAP = """\
years: {first: 2030, last: 2031}
source: illustrative
pools:
  - id: region
    name: {en: Region, es: Región}
    amounts_pen: {2030: 150000, 2031: 120000}
    carry_over: true
    source: illustrative
  - id: cooperation
    name: {en: Cooperation, es: Cooperación}
    amounts_pen: {2030: 60000, 2031: 90000}
    mechanisms: [studies, producer-cooperatives]
    max_share: 0.5
    source: illustrative
units:
  - id: directorate
    name: {en: Directorate, es: Dirección}
    max_running: 1
    projects: [puno-fiber-collection-center, puno-coffee-market-monitoring]
    source: illustrative
"""
TINY_LEVELS = """\
project,level,name_en,name_es,costs_pen,value_factor,source
puno-camelid-competitiveness-assessment,small,Small,Pequeño,50000,0.5,illustrative
puno-camelid-competitiveness-assessment,large,Large,Grande,110000,1,illustrative
puno-fiber-collection-center,two-years,Two years,Dos años,100000;90000,1,illustrative
"""
TINY_SYNERGIES = """\
id,name_en,name_es,projects,extra_value_pct,saving_pen,bearer,source
shared,Shared,Compartido,puno-camelid-competitiveness-assessment;puno-coffee-market-monitoring,20,10000,puno-coffee-market-monitoring,illustrative
"""


def _tiny(root: Path) -> None:
    projects = root / "inputs/projects.csv"
    lines = projects.read_text(encoding="utf-8").splitlines()
    kept = [lines[0], *(line for line in lines[1:] if line.split(",")[0] in TINY)]
    projects.write_text("\n".join(kept) + "\n", encoding="utf-8")
    for region in REGIONS:
        for name in ("roadmap.yaml", "project_levels.csv", "synergies.csv"):
            (root / "inputs/regions" / region / name).unlink()
    puno = root / "inputs/regions/puno"
    (puno / "roadmap.yaml").write_text(TINY_ROADMAP, encoding="utf-8")
    (puno / "project_levels.csv").write_text(TINY_LEVELS, encoding="utf-8")
    (puno / "synergies.csv").write_text(TINY_SYNERGIES, encoding="utf-8")


def test_a_tiny_data_set_gives_the_brute_force_optimum(
    data_copy: Path, cli: Callable[..., Run]
) -> None:
    _tiny(data_copy)
    payload = _json(cli, "--region", "puno", "--inputs", str(data_copy))
    data = load_dataset(data_copy)
    values = portfolio_values(project_scores(data, "puno", RunOptions()).ranking)
    v = {p.id: float(x) for p, x in zip(data.projects_in("puno"), values, strict=True)}
    a, r, c, p, m = TINY
    # the same problem written out by hand from the files above and projects.csv
    problem = PlanProblem.build(
        years=(2030, 2031),
        projects=[
            PlanProject(
                a,
                (Level("small", (50000,), 0.5 * v[a]), Level("large", (110000,), v[a])),
                mechanism="studies",
            ),
            PlanProject(
                r, (Level("base", (140000,), v[r]),), mechanism="round-tables", requires=(a,)
            ),
            PlanProject(
                c,
                (Level("two-years", (100000, 90000), v[c]),),
                mechanism="producer-cooperatives",
                unit="directorate",
                excludes=(p,),
                earliest=None,
            ),
            PlanProject(
                p,
                (Level("base", (150000,), v[p]),),
                mechanism="producer-cooperatives",
                excludes=(c,),
            ),
            PlanProject(
                m, (Level("base", (80000,), v[m]),), mechanism="studies", unit="directorate"
            ),
        ],
        pools=[
            Pool("region", (150000, 120000), carry_over=True),
            Pool(
                "cooperation",
                (60000, 90000),
                mechanisms=("studies", "producer-cooperatives"),
                max_share=0.5,
            ),
        ],
        synergies=[
            Synergy("shared", (a, m), extra_value=0.2 * (v[a] + v[m]), saving_pen=10000, bearer=m)
        ],
        unit_caps={"directorate": 1},
    )
    best = brute_force(problem)
    assert best is not None
    assert payload["value"] == pytest.approx(best[0], abs=1e-9)
    chosen = {e["project"]: (e["level"], e["start"]) for e in payload["plan"]["scheduled"]}
    assert len(chosen) < len(TINY)  # the pools force a choice
    _check_plan(payload, {r: (a,)})


def test_shared_projects_are_named_with_the_other_regions(cli: Callable[..., Run]) -> None:
    """Each region's roadmap plans its own share of a shared project: the output names them,
    with their start here and the other regions, and points to planning them together."""
    result = cli("roadmap", "--region", "puno", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    planned = {p["id"]: p["start"] for p in payload["projects"] if p["selected"]}
    shared = payload["shared"]
    assert shared and all(item["other_regions"] == ["cusco"] for item in shared)
    assert all(planned[item["id"]] == item["start"] for item in shared)
    text = " ".join(cli("roadmap", "--region", "puno", env={"COLUMNS": "160"}).stdout.split())
    assert "Shared with other regions:" in text and "also Cusco" in text
    assert "compare --roadmap --joint" in text
