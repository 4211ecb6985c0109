"""`portfolio` and `frontier` from the command line: JSON contracts, reasons, infeasibility."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

DATA = Path(__file__).parent / "data"
CANDIDATES = str(DATA / "good" / "candidates.csv")


def _brute_force(budget: int) -> tuple[float, set[str]]:
    """Independent oracle for tests/data/good/candidates.csv: every subset, every rule."""
    cost = {"A": 200000, "B": 150000, "C": 100000, "D": 120000, "E": 80000}
    value = {"A": 5, "B": 4, "C": 3, "D": 3.5, "E": 1}
    best: tuple[float, set[str]] = (-1.0, set())
    for k in range(6):
        for chosen in itertools.combinations(cost, k):
            s = set(chosen)
            if sum(cost[p] for p in s) > budget or "E" not in s:
                continue
            if "B" in s and "A" not in s:
                continue
            if {"C", "D"} <= s:
                continue
            total = sum(value[p] for p in s)
            if total > best[0]:
                best = (total, s)
    return best


@pytest.mark.parametrize("budget", [80000, 300000, 430000, 550000, 650000])
def test_own_candidates_match_brute_force(cli: Callable[..., Run], budget: int) -> None:
    result = cli("portfolio", "--projects", CANDIDATES, "--budget", str(budget), "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    best, chosen = _brute_force(budget)
    assert payload["status"] == "optimal"
    assert payload["objective"] == pytest.approx(best)
    assert set(payload["selected"]) == chosen
    assert payload["total_cost"] <= payload["budget"] == budget
    rows = {p["id"]: p for p in payload["projects"]}
    assert set(rows) == {"A", "B", "C", "D", "E"}
    assert all(isinstance(p["reason"], str) and p["reason"] for p in rows.values())
    assert all(p["selected"] == (p["id"] in chosen) for p in rows.values())


def test_reasons_name_the_rule(cli: Callable[..., Run]) -> None:
    """C and D exclude each other in both directions: one rule, named once in the reason."""
    payload = json.loads(
        cli("portfolio", "--projects", CANDIDATES, "--budget", "650000", "--json").stdout
    )
    rows = {p["id"]: p for p in payload["projects"]}
    out = [p for p in ("C", "D") if not rows[p]["selected"]]
    assert len(out) == 1
    other = {"C": "D", "D": "C"}[out[0]]
    assert rows[out[0]]["reason"].startswith(f"Excluded by {other}, which is chosen.")
    assert rows["E"]["reason"].startswith("Mandatory;")
    assert rows["A"]["reason"].startswith("Required by [bold]B[/bold];")


def test_unicode_and_markup_names_print_verbatim(cli: Callable[..., Run]) -> None:
    result = cli("portfolio", "--projects", CANDIDATES, "--budget", "650000")
    assert result.code == 0, result.stderr
    assert "Café – Puno (fase 1)" in result.stdout and "[bold]B[/bold]" in result.stdout


def test_infeasible_is_explained_in_soles(cli: Callable[..., Run]) -> None:
    path = str(DATA / "bad" / "candidates_mandatory_over_budget.csv")
    result = cli("portfolio", "--projects", path, "--budget", "400000", "--json")
    assert result.code == 3
    payload = json.loads(result.stdout)
    assert payload["status"] == "infeasible"
    assert "S/ 550,000" in payload["explanation"] and "S/ 400,000" in payload["explanation"]
    assert "S/ 150,000" in payload["explanation"]
    text = cli("portfolio", "--projects", path, "--budget", "400000", "--lang", "es")
    assert text.code == 3 and "S/ 150.000" in text.stdout


def test_region_portfolio_json_contract(cli: Callable[..., Run]) -> None:
    result = cli("portfolio", "--region", "puno", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"status", "objective", "selected", "total_cost", "budget", "projects"} <= set(payload)
    assert payload["status"] == "optimal" and payload["budget"] == 1000000
    assert payload["total_cost"] <= payload["budget"]
    assert len(payload["projects"]) == 16
    chosen = set(payload["selected"])
    assert not {"puno-fiber-collection-center", "puno-fiber-collection-pilot"} <= chosen
    if "puno-camelid-cluster-roundtable" in chosen:
        assert "puno-camelid-competitiveness-assessment" in chosen


def test_region_coverage_mode_and_required_coverage(cli: Callable[..., Run]) -> None:
    payload = json.loads(
        cli(
            "portfolio", "--region", "cusco", "--value", "coverage", "--require-coverage", "--json"
        ).stdout
    )
    assert payload["status"] == "optimal" and payload["value_mode"] == "coverage"
    shown = json.loads(cli("show", "projects", "--region", "cusco", "--json").stdout)
    gaps = {g for p in shown if p["id"] in payload["selected"] for g in p["gaps"]}
    regions = json.loads(cli("show", "regions", "--json").stdout)
    severity = next(r for r in regions if r["id"] == "cusco")["severity"]
    assert {g for g, level in severity.items() if level in ("HIGH", "VERY HIGH")} <= gaps


def test_region_infeasible_budget(cli: Callable[..., Run]) -> None:
    result = cli("portfolio", "--region", "cusco", "--budget", "100000", "--json")
    assert result.code == 3
    payload = json.loads(result.stdout)
    assert payload["status"] == "infeasible" and "S/ 100,000" in payload["explanation"]


def test_every_solver_gives_the_same_answer_and_names_its_engine(cli: Callable[..., Run]) -> None:
    default = json.loads(cli("portfolio", "--region", "cusco", "--json").stdout)
    cbc = json.loads(cli("portfolio", "--region", "cusco", "--solver", "cbc", "--json").stdout)
    assert cbc["objective"] == pytest.approx(default["objective"], abs=1e-9)
    assert default["solver"] == "DP" and cbc["solver"] == "CBC"
    assert default["deadline"] == 60.0  # the default, recorded
    for payload in (default, cbc):  # every line settled exactly on the embedded data
        assert all(p["loss_bounds"] is None for p in payload["projects"])


@pytest.mark.parametrize(
    ("value", "lang", "line"),
    [
        ("0", "en", "--deadline: field 'deadline' is 0.0; expected a number of seconds above 0."),
        ("-5", "en", "--deadline: field 'deadline' is -5.0; expected a number of seconds above 0."),
        (
            "0",
            "es",
            "--deadline: el campo 'deadline' vale 0.0; se esperaba un número de segundos mayor "
            "que 0.",
        ),
    ],
)
def test_a_deadline_must_be_positive_seconds(
    cli: Callable[..., Run], value: str, lang: str, line: str
) -> None:
    result = cli("portfolio", "--region", "cusco", "--deadline", value, "--lang", lang)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr == f"Error: {line}\n"


def test_frontier_json_contract(cli: Callable[..., Run]) -> None:
    result = cli("frontier", "--projects", CANDIDATES, "--budget", "650000", "--json")
    assert result.code == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    assert points and all(
        {"budget", "objective", "selected", "added", "removed"} <= set(p) for p in points
    )
    objectives = [p["objective"] for p in points]
    assert objectives == sorted(objectives)
    for point in points:
        best, _ = _brute_force(point["budget"])
        assert point["objective"] == pytest.approx(best)
    for before, after in itertools.pairwise(points):
        assert set(after["selected"]) == (set(before["selected"]) - set(after["removed"])) | set(
            after["added"]
        )


def test_frontier_even_points(cli: Callable[..., Run]) -> None:
    payload = json.loads(cli("frontier", "--region", "puno", "--points", "5", "--json").stdout)
    assert len(payload["points"]) <= 5
    budgets = [p["budget"] for p in payload["points"]]
    assert budgets == sorted(budgets)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("candidates_text_cost.csv", ("line 2", "'cost'", "'abc'", "whole number of soles")),
        ("candidates_unknown_requires.csv", ("line 2", "'requires'", "'Z'")),
    ],
)
def test_bad_candidate_files(cli: Callable[..., Run], name: str, parts: tuple[str, ...]) -> None:
    result = cli("portfolio", "--projects", str(DATA / "bad" / name), "--budget", "1000")
    assert result.code == 2 and "Traceback" not in result.stderr
    for part in parts:
        assert part in result.stderr, (part, result.stderr)


def test_projects_need_a_budget(cli: Callable[..., Run]) -> None:
    result = cli("portfolio", "--projects", CANDIDATES)
    assert result.code == 2 and "--budget" in result.stderr


def test_minimum_budget_share_per_chain_from_the_data(
    cli: Callable[..., Run], data_copy: Path
) -> None:
    region = data_copy / "inputs" / "regions" / "puno" / "region.yaml"
    text = region.read_text(encoding="utf-8").replace(
        "min_budget_share_per_chain: {}", "min_budget_share_per_chain: {coffee: 0.4}"
    )
    region.write_text(text, encoding="utf-8")
    payload = json.loads(
        cli("portfolio", "--region", "puno", "--inputs", str(data_copy), "--json").stdout
    )
    shown = json.loads(cli("show", "projects", "--region", "puno", "--json").stdout)
    coffee = {p["id"]: p["cost_in_region"] for p in shown if p["value_chain"] == "coffee"}
    spent = sum(coffee.get(p, 0) for p in payload["selected"])
    assert spent >= 0.4 * payload["budget"]
    before = json.loads(cli("portfolio", "--region", "puno", "--json").stdout)
    assert sum(coffee.get(p, 0) for p in before["selected"]) < 0.4 * before["budget"]


def test_frontier_csv(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "frontier.csv"
    result = cli("frontier", "--projects", CANDIDATES, "--budget", "650000", "--csv", str(target))
    assert result.code == 0, result.stderr
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "budget,objective,total_cost,selected,added,removed"
    payload = json.loads(
        cli("frontier", "--projects", CANDIDATES, "--budget", "650000", "--json").stdout
    )
    assert len(lines) == len(payload["points"]) + 1
    assert not list(tmp_path.glob(".*"))


def test_frontier_csv_never_holds_a_live_formula(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Ids starting with - + = @ (allowed in a user's file) are written with a leading quote."""
    projects = tmp_path / "p.csv"
    projects.write_text("id,cost,value\n-A1,1,1\n+B,1,2\n=C,1,3\n@D,1,4\n", encoding="utf-8")
    target = tmp_path / "frontier.csv"
    result = cli("frontier", "--projects", str(projects), "--budget", "4", "--csv", str(target))
    assert result.code == 0, result.stderr
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))[1:]
    texts = [cell for row in rows for cell in row[3:] if cell]
    assert "'-A1" in texts
    assert not [cell for cell in texts if cell[0] in "-+=@"]


# -- errors in the user's language --------------------------------------------------------------

CUSCO_AT_1000 = (
    "La forma más barata de tener 1 proyecto del grupo Café (con las demás reglas) cuesta "
    "S/ 90.000; el presupuesto es de S/ 1.000, faltan S/ 89.000."
)


def test_infeasible_portfolio_in_spanish(cli: Callable[..., Run]) -> None:
    result = cli("portfolio", "--region", "cusco", "--budget", "1000", "--lang", "es")
    assert result.code == 3
    shown = " ".join(result.stdout.split())
    assert "Ninguna cartera cumple todos los requisitos" in shown
    assert CUSCO_AT_1000 in shown
    assert "El menor aumento de presupuesto que la hace factible: S/ 169.000." in shown
    assert "coffee" not in shown and "camelid-fabrics" not in shown  # groups by name


def test_infeasible_portfolio_json_in_spanish(cli: Callable[..., Run]) -> None:
    args = ("portfolio", "--region", "cusco", "--budget", "1000", "--json")
    spanish = cli(*args, "--lang", "es")
    assert spanish.code == 3
    payload = json.loads(spanish.stdout)
    assert payload["status"] == "infeasible" and payload["shortfall"] == 169_000
    assert payload["explanation"].startswith(CUSCO_AT_1000)
    assert payload["explanation"].endswith(
        "Todas las reglas juntas necesitan un presupuesto de al menos S/ 170.000; el presupuesto "
        "es de S/ 1.000, faltan S/ 169.000."
    )
    english = json.loads(cli(*args).stdout)
    assert english["explanation"].startswith(
        "The cheapest way to have 1 project in group Coffee (with the other rules) costs "
        "S/ 90,000; the budget is S/ 1,000, short by S/ 89,000."
    )
    assert english["causes"] == payload["causes"]


@pytest.fixture
def conflicting(tmp_path: Path) -> str:
    """Two mandatory candidates that exclude each other: no budget helps."""
    target = tmp_path / "conflict.csv"
    target.write_text(
        "id,cost,value,requires,excludes,group,mandatory,name\n"
        "A,100,1,,B,g,true,Café\n"
        "B,100,1,,,g,true,Puna\n",
        encoding="utf-8",
    )
    return str(target)


def test_infeasible_frontier_error_line_in_spanish(
    cli: Callable[..., Run], conflicting: str
) -> None:
    result = cli("frontier", "--projects", conflicting, "--budget", "500", "--lang", "es")
    assert result.code == 3
    assert (
        result.stderr == "Error: Café y Puna son ambos obligatorios, pero se excluyen mutuamente.\n"
    )
    as_json = cli(
        "frontier", "--projects", conflicting, "--budget", "500", "--lang", "es", "--json"
    )
    assert as_json.code == 3
    assert json.loads(as_json.stdout)["error"]["message"] == (
        "Café y Puna son ambos obligatorios, pero se excluyen mutuamente."
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("frontier", "--projects", CANDIDATES, "--points", "1"),
            "--points: el campo 'points' vale 1; se esperaba 2 o más presupuestos.",
        ),
        (
            ("portfolio", "--projects", CANDIDATES),
            "--budget: el campo 'budget' está vacío; se esperaba un presupuesto en soles con "
            "--projects (p. ej., --budget 400000).",
        ),
        (
            ("portfolio", "--projects", CANDIDATES, "--budget", "100", "--mandatory", "Z"),
            f"--mandatory: el campo 'mandatory' vale 'Z'; se esperaba un proyecto de {CANDIDATES}.",
        ),
        (
            ("portfolio", "--region", "puno", "--mandatory", "Z"),
            "--mandatory: el campo 'mandatory' vale 'Z'; se esperaba un proyecto candidato de "
            "puno.",
        ),
        (
            ("portfolio",),
            "--region: el campo 'region' está vacío; se esperaba una región (cusco, puno) o "
            "--projects P.csv.",
        ),
    ],
)
def test_option_mistakes_in_spanish(
    cli: Callable[..., Run], args: tuple[str, ...], line: str
) -> None:
    result = cli(*args, "--lang", "es")
    assert result.code == 2
    assert result.stderr == f"Error: {line}\n"


def test_unwritable_frontier_csv_in_both_languages(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "missing" / "frontier.csv"
    args = ("frontier", "--projects", CANDIDATES, "--budget", "650000", "--csv", str(target))
    english = cli(*args)
    assert english.code == 2
    assert english.stderr == f"Error: could not write {target}: No such file or directory\n"
    spanish = cli(*args, "--lang", "es")
    assert spanish.stderr == f"Error: no se pudo escribir {target}: No such file or directory\n"


@pytest.mark.parametrize(
    "args",
    [
        ("portfolio", "--region", "cusco", "--budget", str(2**64)),
        ("compare", "--no-save", "--budget-cusco", str(2**64)),
        ("frontier", "--region", "cusco", "--max-budget", str(10**21)),
        ("portfolio", "--projects", CANDIDATES, "--budget", str(10**12 + 1)),
    ],
)
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "expected an amount of at most 1,000,000,000,000 soles."),
        ("es", "se esperaba un importe de como máximo 1.000.000.000.000 soles."),
    ],
)
def test_a_budget_past_the_data_set_limit_is_one_line(
    cli: Callable[..., Run], args: tuple[str, ...], lang: str, words: str
) -> None:
    """2^64 crashed compare (UFuncTypeError); 10^21 was taken and printed -0."""
    result = cli(*args, "--lang", lang)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.endswith(words + "\n")


def test_min_per_group_needs_a_group_column(cli: Callable[..., Run], tmp_path: Path) -> None:
    """It was silently ignored."""
    plain = tmp_path / "plain.csv"
    plain.write_text("id,cost,value\nA,100,1\nB,200,2\n")
    result = cli("portfolio", "--projects", str(plain), "--budget", "250", "--min-per-group", "2")
    assert result.code == 2
    assert "expected a 'group' column in" in result.stderr and "plain.csv" in result.stderr


def test_spreadsheet_csv_quirks_are_read_or_named(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Excel's empty trailing columns are dropped (they said `found ''`); a separator left at
    a row's end is named as such (it got the quoting tip); an unnamed column is refused."""
    trailing = tmp_path / "trailing.csv"
    trailing.write_text("id,cost,value,,,\nA,100,1,,,\nB,200,2,,,\n")
    result = cli("portfolio", "--projects", str(trailing), "--budget", "250", "--json")
    assert result.code == 0 and json.loads(result.stdout)["selected"] == ["B"]
    comma = tmp_path / "comma.csv"
    comma.write_text("id,cost,value\nA,100,1,\nB,200,2\n")
    result = cli("portfolio", "--projects", str(comma), "--budget", "250")
    assert result.code == 2
    assert result.stderr.endswith("Tip: the row ends with an extra separator; remove it\n")
    assert "double quotes" not in result.stderr
    filled = tmp_path / "filled.csv"
    filled.write_text("id,cost,value,,\nA,100,1,,x\n")
    result = cli("portfolio", "--projects", str(filled), "--budget", "250", "--lang", "es")
    assert result.code == 2 and "'columna 5'" in result.stderr
    assert "un valor bajo un encabezado vacío" in result.stderr
    middle = tmp_path / "middle.csv"
    middle.write_text("id,,value\nA,100,1\n")
    result = cli("portfolio", "--projects", str(middle), "--budget", "250")
    assert result.code == 2 and "line 1: field 'column 2' is empty" in result.stderr


SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_scientific_notation_for_a_planner(cli: Callable[..., Run], lang: str) -> None:
    shown = cli("portfolio", "--region", "cusco", "--lang", lang).stdout
    flat = " ".join(shown.split())
    rate = "Each S/ 10,000 more of budget is worth about 0.0"
    assert rate in flat if lang == "en" else "Cada S/ 10.000 más de presupuesto vale" in flat
    frontier = cli("frontier", "--region", "cusco", "--lang", lang).stdout
    assert not SCIENTIFIC.findall(shown + frontier)
