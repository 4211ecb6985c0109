"""Run folders: files present, CSV/XLSX safety, self-contained reports, determinism, atomicity."""

from __future__ import annotations

import base64
import copy
import html
import json
import re
import warnings
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook  # type: ignore[import-untyped]

import prioritizer.present.export as export
from prioritizer.i18n import keys
from prioritizer.present.export import ExportFormat, build_manifest, write_run_folder, writer_for
from prioritizer.present.export.charts import render_charts
from prioritizer.present.export.csv import FORMULA_TRIGGERS, defuse, defused_frame
from prioritizer.present.export.manifest import DEPENDENCIES, Manifest, sha256_of
from prioritizer.present.export.report import md_text
from prioritizer.present.export.xlsx import FIXED_TIMESTAMP, PERCENT, SOLES

PAYLOAD_FILE = Path(__file__).parent / "data" / "good" / "compare_payload.json"
FIRST = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
SECOND = datetime(2025, 1, 2, 17, 5, tzinfo=UTC)
FORMULA_NAME = "=SUM(A1) Puno coffee market monitoring (Sandia)"
MARKUP_NAME = "Specialty café & tourism [bold]experience[/bold] <script>alert(1)</script>"
CSV_FILES = ("ranking.csv", "portfolio.csv", "frontier.csv", "weights.csv")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHARTS = (
    "weights-cusco",
    "weights-puno",
    "scores",
    "portfolio",
    "value-cusco",
    "value-puno",
    "frontier-cusco",
    "frontier-puno",
)
"""The charts of the stored payload: both regions have a portfolio and a frontier."""


def load_payload() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PAYLOAD_FILE.read_text(encoding="utf-8"))
    return data


def make_manifest(now: datetime = FIRST) -> Manifest:
    return build_manifest(
        ["prioritizer", "compare", "--out", "results/run"],
        {"inputs/projects.csv": "0" * 64, "criteria/criteria.yaml": "f" * 64},
        {"method": "topsis", "value": "score"},
        None,
        now,
    )


def run(folder: Path, lang: str = "en", now: datetime = FIRST, payload: Any = None) -> Path:
    return write_run_folder(
        load_payload() if payload is None else payload,
        out_dir=folder,
        manifest=make_manifest(now),
        lang=lang,
    )


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run(tmp_path_factory.mktemp("en") / "run")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run(tmp_path_factory.mktemp("es") / "run", lang="es")


# -- the format table -----------------------------------------------------------------------------


def test_writer_for_is_exhaustive() -> None:
    writers = {fmt: writer_for(fmt) for fmt in ExportFormat}
    assert set(writers) == set(ExportFormat)
    assert len(set(writers.values())) == len(ExportFormat)
    assert [f.value for f in ExportFormat] == ["csv", "xlsx", "html", "md", "json"]


def test_locale_keys_match() -> None:
    english_keys = {k for k in keys("en") if k.startswith("export.")}
    assert english_keys
    assert english_keys == {k for k in keys("es") if k.startswith("export.")}


# -- the folder -----------------------------------------------------------------------------------


def test_every_file_present(english: Path) -> None:
    expected = {
        *CSV_FILES,
        "results.xlsx",
        "report.html",
        "report.md",
        "results.json",
        "manifest.json",
        *(f"charts/{name}.png" for name in CHARTS),
    }
    assert set(files(english)) == expected
    assert not [p for p in english.parent.iterdir() if p.name.startswith(".tmp-")]


def test_formats_subset_writes_only_those(tmp_path: Path) -> None:
    folder = write_run_folder(
        load_payload(),
        out_dir=tmp_path / "run",
        manifest=make_manifest(),
        lang="en",
        formats=[ExportFormat.JSON, ExportFormat.CSV],
    )
    assert set(files(folder)) == {*CSV_FILES, "results.json", "manifest.json"}


def test_saving_tells_its_progress_step_by_step(tmp_path: Path) -> None:
    """Charts and tables, then each file: (saving, 0..3, 3) for two formats."""
    told: list[tuple[str, int, int]] = []
    write_run_folder(
        load_payload(),
        out_dir=tmp_path / "run",
        manifest=make_manifest(),
        lang="en",
        formats=[ExportFormat.JSON, ExportFormat.CSV],
        progress=lambda stage, done, total: told.append((stage, done, total)),
    )
    assert told == [("saving", k, 3) for k in range(4)]


def test_csv_rows_columns_and_bom(english: Path) -> None:
    for name in CSV_FILES:
        assert (english / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    ranking = pd.read_csv(english / "ranking.csv", encoding="utf-8-sig")
    assert list(ranking.columns) == ["region", "level", "rank", "id", "name", "score"]
    assert len(ranking) == 2 * (5 + 6)
    assert ranking.groupby(["region", "level"]).size().to_dict() == {
        ("cusco", "mechanisms"): 5,
        ("cusco", "projects"): 6,
        ("puno", "mechanisms"): 5,
        ("puno", "projects"): 6,
    }
    assert pd.api.types.is_float_dtype(ranking["score"])
    portfolio = pd.read_csv(english / "portfolio.csv", encoding="utf-8-sig")
    assert list(portfolio.columns) == [
        "region",
        "id",
        "name",
        "selected",
        "cost",
        "value",
        "reason",
    ]
    assert len(portfolio) == 12
    assert pd.api.types.is_integer_dtype(portfolio["cost"])
    assert portfolio.loc[portfolio["selected"], "cost"].groupby(
        portfolio["region"]
    ).sum().to_dict() == {
        "cusco": 1_160_000,
        "puno": 990_000,
    }
    frontier = pd.read_csv(english / "frontier.csv", encoding="utf-8-sig")
    assert list(frontier.columns) == ["region", "budget", "objective", "added", "removed"]
    assert len(frontier) == 12
    weights = pd.read_csv(english / "weights.csv", encoding="utf-8-sig")
    assert list(weights.columns) == [
        "region",
        "stakeholder",
        "criterion",
        "weight",
        "consistency_ratio",
    ]
    assert len(weights) == 2 * 4 * (1 + 3)
    group = weights[weights["stakeholder"] == "group"]
    assert group.groupby("region")["weight"].sum().round(9).to_dict() == {"cusco": 1.0, "puno": 1.0}
    # a stakeholder who gave points has no consistency ratio: an empty cell, not a string
    assert (
        weights.loc[weights["stakeholder"] == "puno-alpaca-breeders", "consistency_ratio"]
        .isna()
        .all()
    )


def test_csv_defuses_formula_names_and_keeps_accents(english: Path) -> None:
    portfolio = pd.read_csv(english / "portfolio.csv", encoding="utf-8-sig")
    names = dict(zip(portfolio["id"], portfolio["name"], strict=True))
    assert names["puno-coffee-market-monitoring"] == "'" + FORMULA_NAME
    assert names["cusco-coffee-tourism-experience"] == MARKUP_NAME
    raw = (english / "portfolio.csv").read_text(encoding="utf-8-sig")
    assert "\n=" not in raw and ",=" not in raw
    assert "Sicuani–Espinar" in raw


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_defuse_prefixes_each_trigger(trigger: str) -> None:
    assert defuse(trigger + "1+1") == "'" + trigger + "1+1"


def test_defused_frame_keeps_numbers_numeric() -> None:
    frame = pd.DataFrame({"x": [-1.5, 2.0], "n": [-3, 4], "s": ["-1", "Café"], "b": [True, False]})
    result = defused_frame(frame)
    assert result["x"].tolist() == [-1.5, 2.0]
    assert result["n"].tolist() == [-3, 4]
    assert result["b"].tolist() == [True, False]
    assert result["s"].tolist() == ["'-1", "Café"]
    assert frame["s"].tolist() == ["-1", "Café"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_prop_defused_text_never_starts_a_formula(text: str) -> None:
    safe = defuse(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert safe in (text, "'" + text)


# -- the workbook ---------------------------------------------------------------------------------


def test_xlsx_text_is_never_a_formula(english: Path) -> None:
    workbook = load_workbook(english / "results.xlsx")
    found = []
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if cell.value == FORMULA_NAME:
                    found.append(cell)
    assert found
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in found)


def test_xlsx_formats_widths_and_frozen_header(english: Path) -> None:
    workbook = load_workbook(english / "results.xlsx")
    assert workbook.sheetnames == ["Summary", "Ranking", "Portfolio", "Frontier", "Weights"]
    for sheet in workbook:
        assert sheet.freeze_panes in ("A2", "B2"), sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.column_dimensions["A"].width >= 8, sheet.title
    portfolio = workbook["Portfolio"]
    header = [cell.value for cell in portfolio[1]]
    cost = portfolio.cell(row=2, column=header.index("Cost") + 1)
    assert cost.number_format == SOLES
    assert isinstance(cost.value, int)
    weights = workbook["Weights"]
    header = [cell.value for cell in weights[1]]
    weight = weights.cell(row=2, column=header.index("Weight") + 1)
    assert weight.number_format == PERCENT
    assert weight.value == pytest.approx(0.352)
    summary = workbook["Summary"]
    assert summary["B2"].value == 1_200_000
    assert summary["B2"].number_format == SOLES


def test_xlsx_dates_and_zip_times_are_fixed(english: Path) -> None:
    workbook = load_workbook(english / "results.xlsx")
    assert workbook.properties.created == FIXED_TIMESTAMP
    assert workbook.properties.modified == FIXED_TIMESTAMP
    with zipfile.ZipFile(english / "results.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# -- the reports ----------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Collects every src/href attribute and the tags used."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [value or "" for name, value in attrs if name in ("src", "href")]


def test_html_is_self_contained_and_escaped(english: Path) -> None:
    text = (english / "report.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(text)
    images = [url for url in parser.urls if not url.startswith("#")]
    anchors = [url[1:] for url in parser.urls if url.startswith("#")]
    assert images and anchors
    assert all(url.startswith("data:image/png;base64,") for url in images)
    assert all(f'<section id="{anchor}">' in text for anchor in anchors)
    assert not {"script", "link", "iframe"} & parser.tags
    assert 'src="http' not in text and 'href="http' not in text
    assert len(images) == len(CHARTS)
    for url in images:
        assert base64.b64decode(url.split(",", 1)[1]).startswith(PNG_MAGIC)
    assert html.escape(MARKUP_NAME) in text
    assert "[bold]experience[/bold]" in text
    assert html.escape(FORMULA_NAME) in text
    assert '<html lang="en">' in text


def test_markdown_links_resolve_to_the_charts(english: Path) -> None:
    text = (english / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[(?:\\.|[^\]\\])*\]\(([^)]+)\)", text)
    assert sorted(links) == sorted(f"charts/{name}.png" for name in CHARTS)
    for link in links:
        assert (english / link).read_bytes().startswith(PNG_MAGIC)


def test_markdown_renders_names_verbatim(english: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    rendered = (
        markdown_it.MarkdownIt("commonmark")
        .enable("table")
        .render((english / "report.md").read_text(encoding="utf-8"))
    )
    assert "<script>" not in rendered
    assert f"<td>{html.escape(MARKUP_NAME, quote=False)}</td>" in rendered
    assert f"<td>{FORMULA_NAME}</td>" in rendered


def test_html_and_markdown_have_the_same_sections(english: Path) -> None:
    markdown = (english / "report.md").read_text(encoding="utf-8")
    page = (english / "report.html").read_text(encoding="utf-8")
    md_headings = [
        line.lstrip("#").strip().replace("\\", "")
        for line in markdown.splitlines()
        if line.startswith("#")
    ]
    html_headings = [html.unescape(h) for h in re.findall(r"<h\d>(.*?)</h\d>", page)]
    assert md_headings == html_headings
    assert "Planning the two regions together" in html_headings


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_prop_markdown_text_renders_verbatim(text: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    plain = " ".join(text.split())
    assume(plain)
    rendered = markdown_it.MarkdownIt("commonmark").render(md_text(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
    assert html.unescape(rendered[3:-5]) == plain


# -- json and manifest ----------------------------------------------------------------------------


def test_results_json_is_the_payload(english: Path) -> None:
    raw = (english / "results.json").read_text(encoding="utf-8")
    assert json.loads(raw) == load_payload()
    assert "Cámara de Comercio del Cusco" in raw
    assert list(json.loads(raw)) == list(load_payload())


def test_manifest_records_what_reproduces_the_run(english: Path) -> None:
    manifest = json.loads((english / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {
        "command",
        "version",
        "python",
        "dependencies",
        "inputs_sha256",
        "options",
        "seed",
        "created",
    }
    assert manifest["command"] == ["prioritizer", "compare", "--out", "results/run"]
    assert set(manifest["dependencies"]) == set(DEPENDENCIES)
    assert manifest["dependencies"]["pandas"] == pd.__version__
    assert manifest["inputs_sha256"]["inputs/projects.csv"] == "0" * 64
    assert manifest["created"] == FIRST.isoformat()
    assert manifest["seed"] is None
    assert make_manifest().to_dict() == manifest


def test_sha256_of_matches_hashlib_vector(tmp_path: Path) -> None:
    """FIPS 180-2, appendix B.1: SHA-256("abc")."""
    file = tmp_path / "abc.txt"
    file.write_bytes(b"abc")
    assert sha256_of(file) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_build_manifest_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        build_manifest(["p"], {"a.csv": "xyz"}, {}, None, FIRST)
    with pytest.raises(TypeError):
        build_manifest(["p"], {}, {"when": FIRST}, None, FIRST)


# -- determinism and atomicity --------------------------------------------------------------------


def test_two_runs_are_byte_identical_but_for_created(english: Path, tmp_path: Path) -> None:
    again = run(tmp_path / "run", now=SECOND)
    first, second = files(english), files(again)
    assert set(first) == set(second)
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == ["manifest.json"]
    one = json.loads(first["manifest.json"])
    two = json.loads(second["manifest.json"])
    assert one.pop("created") != two.pop("created")
    assert one == two


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failure_mid_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    def broken(content: object, folder: Path) -> None:
        assert (folder / "ranking.csv").exists() and (folder / "results.xlsx").exists()
        raise error

    monkeypatch.setattr(export, "write_json", broken)
    out = tmp_path / "results" / "run"
    with pytest.raises(type(error)):
        write_run_folder(
            load_payload(),
            out_dir=out,
            manifest=make_manifest(),
            lang="en",
            formats=[ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.JSON],
        )
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


def test_existing_run_folder_is_refused_and_untouched(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        run(out)
    assert files(out) == {"notes.txt": b"keep me"}
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


# -- languages and special cases ------------------------------------------------------------------


def test_spanish_headings_and_numbers(spanish: Path) -> None:
    page = (spanish / "report.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    markdown = (spanish / "report.md").read_text(encoding="utf-8")
    for text in (page, markdown):
        for phrase in (
            "Resumen",
            "Pesos",
            "Cartera frente al presupuesto",
            "Qué difiere y por qué",
        ):
            assert phrase in text
        assert "S/ 1.200.000" in text and "S/ 1,200,000" not in text.split("Por qué")[0]
        assert "0,781" in text
        assert "96,7 %" in text
    assert '<html lang="es">' in page
    assert "## Resumen" in markdown
    workbook = load_workbook(spanish / "results.xlsx")
    assert workbook.sheetnames == ["Resumen", "Clasificación", "Cartera", "Frontera", "Pesos"]
    assert [c.value for c in workbook["Cartera"][1]] == [
        "Región",
        "Nombre",
        "Financiado",
        "Costo",
        "Valor",
        "Por qué",
        "Identificador",
    ]
    assert {c.value for c in workbook["Cartera"]["C"][1:]} == {"sí", "no"}
    header = (spanish / "ranking.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "region,level,rank,id,name,score"


def test_infeasible_portfolio_shows_its_explanation(tmp_path: Path) -> None:
    payload = copy.deepcopy(load_payload())
    explanation = "The mandatory projects cost S/ 1,150,000, S/ 150,000 more than the budget <b>."
    payload["regions"]["puno"]["portfolio"] = {"status": "infeasible", "explanation": explanation}
    folder = run(tmp_path / "run", payload=payload)
    page = (folder / "report.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert html.escape(explanation) in page
    assert "no feasible portfolio" in page
    assert "S/ 1,150,000, S/ 150,000 more than the budget &lt;b&gt;" in page
    assert "S/ 1,150,000, S/ 150,000 more than the budget \\<b\\>" in (
        folder / "report.md"
    ).read_text(encoding="utf-8")
    portfolio = pd.read_csv(folder / "portfolio.csv", encoding="utf-8-sig")
    assert set(portfolio["region"]) == {"cusco"}
    summary = load_workbook(folder / "results.xlsx")["Summary"]
    assert explanation in str(summary["C3"].value)
    assert summary["C4"].value is None


def test_charts_take_any_name_quietly() -> None:
    """A "$" would start matplotlib mathtext (an unbalanced one raises); a script the font
    lacks would warn on the terminal."""
    payload = load_payload()
    payload["names"]["technical-assistance"] = r"US$ 5 and $\frac{$ fund 漢字"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts = render_charts(payload, "en")
    assert list(charts) == list(CHARTS)
    assert all(png.startswith(PNG_MAGIC) for png in charts.values())


def test_no_number_in_the_value_charts_covers_another(compare_run: Callable[[str], Path]) -> None:
    """Funded points close together (the embedded Cusco's 1, 8 and 5; 4, 6 and 3) get their
    numbers on sides where no number covers another (they overlapped when all sat above right)."""
    from prioritizer.present.export.charts.budget import value_chart

    results = compare_run("en") / "results.json"
    payload = json.loads(results.read_text(encoding="utf-8"))
    for region in payload["regions"].values():
        figure = value_chart(payload, region, "en")
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = [text.get_window_extent(renderer) for text in figure.axes[0].texts]
        assert len(boxes) >= 3
        for i, box in enumerate(boxes):
            assert not any(box.overlaps(other) for other in boxes[i + 1 :]), region["id"]
