"""`compare --roadmap` shows each region's schedule (issue #16, point 1): in the terminal as a
Gantt-like table with each project's why-line, in results.json as the `roadmap` command's JSON,
and in report.html/report.md as a section with a Gantt chart; without the flag, none of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from prioritizer.cli.app import app
from tests.conftest import Run


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("roadmap") / "run"
    result = CliRunner().invoke(
        app,
        ["compare", "--roadmap", "--out", str(folder)],
        env={"PRIORITIZER_LANG": "", "COLUMNS": "140"},
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout, folder


def _saved(folder: Path) -> dict[str, Any]:
    return dict(json.loads((folder / "results.json").read_text(encoding="utf-8")))


def test_the_run_holds_the_roadmap_commands_plan(
    run: tuple[str, Path], cli: Callable[..., Run]
) -> None:
    payload = _saved(run[1])
    for region in ("cusco", "puno"):
        roadmap = payload["regions"][region]["roadmap"]
        alone = cli("roadmap", "--region", region, "--json")
        assert alone.code == 0, alone.stderr
        expected = json.loads(alone.stdout)
        assert roadmap["status"] == "planned" and roadmap["years"] == expected["years"]
        assert roadmap["value"] == pytest.approx(expected["value"], abs=1e-9)
        planned = {p["id"]: (p["start"], p["level"]) for p in roadmap["projects"] if p["selected"]}
        assert planned and all(p["why"] for p in roadmap["projects"])
    assert payload["options"]["roadmap"] is True


def test_the_terminal_shows_each_schedule(run: tuple[str, Path]) -> None:
    text = run[0]
    for region in ("Cusco", "Puno"):
        assert f"Roadmap for {region}" in text
    assert "█" in text and "2027" in text and "2029" in text


def test_the_reports_have_the_section_and_its_charts(run: tuple[str, Path]) -> None:
    folder = run[1]
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert 'id="roadmap"' in page and page.count("data:image/png;base64,") >= 2
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    for region in ("cusco", "puno"):
        assert (folder / "charts" / f"roadmap-{region}.png").stat().st_size > 1000
        assert f"charts/roadmap-{region}.png" in markdown


def test_without_the_flag_there_is_no_roadmap(compare_run: Callable[[str], Path]) -> None:
    folder = compare_run("en")
    payload = _saved(folder)
    assert all("roadmap" not in region for region in payload["regions"].values())
    assert 'id="roadmap"' not in (folder / "report.html").read_text(encoding="utf-8")
    assert not list((folder / "charts").glob("roadmap-*"))


def test_portfolio_shows_the_regions_schedule_too(cli: Callable[..., Run]) -> None:
    """`portfolio --region R --roadmap` adds the roadmap (JSON key `roadmap`, the same plan as
    the `roadmap` command); without a region it is refused by name."""
    result = cli("portfolio", "--region", "puno", "--roadmap", "--json")
    assert result.code == 0, result.stderr
    roadmap = json.loads(result.stdout)["roadmap"]
    alone = json.loads(cli("roadmap", "--region", "puno", "--json").stdout)
    assert roadmap["status"] == "planned"
    assert roadmap["value"] == pytest.approx(alone["value"], abs=1e-9)
    refused = cli("portfolio", "--roadmap")
    assert refused.code == 2 and "--roadmap" in refused.stderr


def test_the_roadmap_section_fits_a_phone(run: tuple[str, Path], browser: Any) -> None:
    """report.html with the roadmap at 390 px, in a real Chromium: the section is there, its
    charts load, nothing runs past the screen's edge."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto((run[1] / "report.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.evaluate("!!document.querySelector('section#roadmap')")
        widths = page.evaluate(
            "[...document.querySelectorAll('section#roadmap img')].map(i => i.naturalWidth)"
        )
        assert len(widths) == 2 and all(w > 0 for w in widths)
    finally:
        context.close()
