"""What a planner reads from `compare`: headlines that reconcile (a shared project one region
does not fund, joint planning, inconsistent judgments), a closing verdict, every width."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console

from prioritizer.present.render.compare import format_cr, render_comparison
from prioritizer.present.render.compare_notes import share_text

ROOT = Path(__file__).resolve().parents[1]
STORED = ROOT / "tests" / "data" / "good" / "compare_payload.json"


def _run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": "", "COLUMNS": str(columns)}
    return subprocess.run(
        [sys.executable, "-m", "prioritizer", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    """Puno's budget too small for its share of the market study Cusco funds; joint planning."""
    out = tmp_path_factory.mktemp("runs") / "tight"
    done = _run("compare", "--budget-puno", "400000", "--joint", "--out", str(out))
    assert done.returncode == 0, done.stderr
    payload = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return out, payload, done.stdout


def _text(payload: dict[str, Any], width: int) -> str:
    console = Console(record=True, width=width, color_system=None)
    console.print(render_comparison(payload))
    return console.export_text()


def _words(text: str) -> set[str]:
    return {w for line in text.splitlines() for w in line.split(" ") if w and set(w) - set("━")}


def test_a_blocked_shared_project_is_marked_with_totals_without_it(
    tight: tuple[Path, dict[str, Any], str],
) -> None:
    _, payload, _ = tight
    cusco, puno = payload["regions"]["cusco"], payload["regions"]["puno"]
    shared = {i["id"] for i in puno["interregional"] if not i["selected"]}
    blocked = cusco["blocked"]
    assert blocked and {b["id"] for b in blocked} <= shared
    assert all(b["unfunded_by"] == ["puno"] for b in blocked) and puno["blocked"] == []
    flat = " ".join(_text(payload, 400).split())
    name = payload["names"][blocked[0]["id"]]
    assert f"⚠ blocked: {name} goes ahead nowhere (Puno does not fund its share)" in flat
    portfolio = cusco["portfolio"]
    spent = portfolio["total_cost"] - sum(b["cost"] for b in blocked)
    value = portfolio["objective"] - sum(b["value"] for b in blocked)
    without = f"without it: {len(portfolio['selected']) - len(blocked)} projects, S/ {spent:,}"
    assert without in flat and f"value {value:.3f}" in flat
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert "--joint" in " ".join(_text({**stored, "joint": None}, 100).split()) or not any(
        r.get("blocked") for r in stored["regions"].values()
    )


def test_joint_plan_reconciles_region_by_region(tight: tuple[Path, dict[str, Any], str]) -> None:
    _, payload, shown = tight
    joint = payload["joint"]
    assert sum(joint["value"].values()) == pytest.approx(joint["objective"])
    assert sum(joint["separate_value"].values()) == pytest.approx(joint["separate_objective"])
    flat = " ".join(shown.split())
    own = sum(r["portfolio"]["objective"] for r in payload["regions"].values())
    for total in (own, joint["objective"], joint["separate_objective"]):
        assert f"{total:.3f}" in flat
    gain = f"gains {joint['gain_value']:.3f} in value ({joint['objective']:.3f} − "
    assert gain + f"{joint['separate_objective']:.3f})" in flat
    for region_id, region in payload["regions"].items():
        spend = joint["spend"][region_id]
        line = f"{region['name']}, planned together: {len(joint['selected'][region_id])} projects, "
        assert line + f"S/ {spend:,} of S/ {region['budget']:,}" in flat
    verdict = flat[flat.rindex("Verdict") :]
    assert f"Planned together (--joint): value {joint['objective']:.3f} against " in verdict


def test_verdict_paths_and_no_trailing_spaces(tight: tuple[Path, dict[str, Any], str]) -> None:
    out, payload, shown = tight
    lines = shown.splitlines()
    assert not [line for line in lines if line.endswith(" ")]
    verdict = lines.index("Verdict")
    tail = " ".join(" ".join(lines[verdict:]).split())
    for region in payload["regions"].values():
        portfolio = region["portfolio"]
        assert (
            f"{region['name']}: S/ {portfolio['total_cost']:,} of S/ {region['budget']:,}" in tail
        )
        for project in (region.get("robustness") or {}).get("borderline", []):
            assert payload["names"][project] in tail
    assert f"Run folder written: {out.resolve()} " in shown
    assert f"Open {out.resolve() / 'report.html'} in a browser" in shown


def test_inconsistent_judgments_are_flagged_everywhere(
    tight: tuple[Path, dict[str, Any], str],
) -> None:
    out, payload, _ = tight
    flagged = []
    for region in payload["regions"].values():
        threshold = region["consistency"]["threshold"]
        for person in region["weights"]["stakeholders"]:
            cr = person["consistency_ratio"]
            inconsistent = cr is not None and cr > threshold
            assert (person["id"] in region["consistency"]["inconsistent"]) == inconsistent
            if inconsistent:
                flagged.append((person["name"], cr))
    assert flagged, "the embedded data has one stakeholder with CR > 0.10 (Puno)"
    flat = " ".join(_text(payload, 400).split())
    html = (out / "report.html").read_text(encoding="utf-8")
    cells = [
        str(c.value) for sheet in load_workbook(out / "results.xlsx") for row in sheet for c in row
    ]
    for name, cr in flagged:
        assert f"⚠ inconsistent judgments: {name} (CR {cr:.3f})" in flat
        assert any(name in cell and f"{cr:.3f}" in cell for cell in cells)
        assert name in html


def test_no_word_or_amount_is_cut_at_any_width(tight: tuple[Path, dict[str, Any], str]) -> None:
    out, payload, _ = tight
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    for document in (payload, {**stored, "lang": "es"}):
        wide = _words(_text(document, 400))
        for width in (50, 60, 80, 100):
            text = _text(document, width)
            assert max(len(line) for line in text.splitlines()) <= width
            assert _words(text) - wide <= {w + end for w in wide for end in ",:"}, width
    done = _run("report", str(out), columns=50)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not [line for line in lines if line.endswith("S/") or line.lstrip().startswith("%")]


def test_furthest_is_not_named_when_everyone_agrees() -> None:
    payload = json.loads(STORED.read_text(encoding="utf-8"))
    assert "furthest from the group" in _text(payload, 400)
    agreed = copy.deepcopy(payload)
    for region in agreed["regions"].values():
        for person in region["weights"]["stakeholders"]:
            person["distance"] = 0.0
    assert "furthest from the group" not in _text(agreed, 400)


def test_shares_and_ratios_never_round_to_a_wrong_headline() -> None:
    assert share_text(0.001, "en") == "< 1%" and share_text(0.001, "es") == "< 1 %"
    assert share_text(0.997, "en") == "> 99%" and share_text(1.0, "en") == "100%"
    assert share_text(0.0, "en") == "0%"
    assert format_cr(0.0002, "en") == "< 0.001" and format_cr(0.0, "en") == "0.000"
    assert format_cr(0.0162, "es") == "0,016"
    payload = json.loads(STORED.read_text(encoding="utf-8"))
    everyone = copy.deepcopy(payload)
    for project in everyone["regions"]["cusco"]["portfolio"]["projects"]:
        project["selected"] = True
    assert "every candidate funded; the budget does not bind" not in _text(payload, 400)
    assert "every candidate funded; the budget does not bind" in _text(everyone, 400)
    assert "Value: the sum of the funded projects' scores, each from 0 to 1" in " ".join(
        _text(payload, 120).split()
    )


def test_no_feasible_portfolio_exits_3_naming_region_and_group() -> None:
    done = _run("compare", "--no-save", "--budget-cusco", "1000", "--lang", "es")
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith("Error: no hay cartera factible para Cusco: ")
    assert "1 proyecto del grupo Café" in done.stderr and "coffee" not in done.stderr
    assert "Conclusión" in done.stdout


def test_no_scientific_notation_in_the_run_folder(
    tight: tuple[Path, dict[str, Any], str],
) -> None:
    out, _, shown = tight
    html = re.sub(
        r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "", (out / "report.html").read_text("utf-8")
    )
    texts = [shown, html, (out / "report.md").read_text("utf-8")]
    texts += [path.read_text("utf-8") for path in out.glob("*.csv")]
    texts += [
        str(c.value) for sheet in load_workbook(out / "results.xlsx") for row in sheet for c in row
    ]
    assert not [t for t in texts if re.search(r"\d[eE][+-]?\d", t)]


def test_the_report_and_the_frontier_sheet_name_what_they_show(
    tight: tuple[Path, dict[str, Any], str],
) -> None:
    out, payload, shown = tight
    ids = [key for key in payload["names"] if "-" in key]
    html = re.sub(
        r"<[^>]+>|data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+",
        " ",
        (out / "report.html").read_text("utf-8"),
    )
    sheet = load_workbook(out / "results.xlsx")["Frontier"]
    cells = [str(c.value) for row in sheet for c in row if c.value is not None]
    texts = [shown, html, *cells]
    token = re.compile("|".join(rf"(?<![\w/-]){re.escape(i)}(?![\w/-])" for i in ids))
    assert not [t for t in texts if token.search(t)]
    assert any(payload["names"][i] in " ".join(cells) for i in ids)  # names instead
