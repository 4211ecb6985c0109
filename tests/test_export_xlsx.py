"""results.xlsx from a real `compare` run: it prints (landscape, one page wide, whole "why"
lines), it filters (an autofilter on every table), and it names what it shows."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from prioritizer.i18n import t

LANGS = ("en", "es")


def payload(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return data


def column(sheet: Any, label: str) -> list[Any]:
    """The cells under the header `label`."""
    header = [cell.value for cell in sheet[1]]
    return [row[header.index(label)] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_sheet_prints_landscape_one_page_wide(
    compare_run: Callable[[str], Path], lang: str
) -> None:
    workbook = load_workbook(compare_run(lang) / "results.xlsx")
    assert len(workbook.sheetnames) == 5
    for sheet in workbook:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title


@pytest.mark.parametrize("lang", LANGS)
def test_each_table_has_an_autofilter_and_prints_without_ids(
    compare_run: Callable[[str], Path], lang: str
) -> None:
    workbook = load_workbook(compare_run(lang) / "results.xlsx")
    for sheet in workbook.worksheets[1:]:
        last = get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        header = [cell.value for cell in sheet[1]]
        if t("export.col.id", lang) in header:
            assert header[-1] == t("export.col.id", lang)
            printed = get_column_letter(sheet.max_column - 1)
            assert sheet.print_area == f"'{sheet.title}'!$A$1:${printed}${sheet.max_row}"
    assert workbook.worksheets[0].auto_filter.ref is None


@pytest.mark.parametrize("lang", LANGS)
def test_why_lines_wrap_whole_in_tall_enough_rows(
    compare_run: Callable[[str], Path], lang: str
) -> None:
    sheet = load_workbook(compare_run(lang) / "results.xlsx")[t("export.sheet.portfolio", lang)]
    why = column(sheet, t("export.col.reason", lang))
    assert why and all(cell.value for cell in why)
    assert all(cell.alignment.wrap_text for cell in why)
    width = sheet.column_dimensions[why[0].column_letter].width
    assert 40 <= width <= 80
    for cell in why:
        # at least one line of 15 pt for every (generous) 1.3 x width characters of the text
        needed = len(cell.value) / (1.3 * width)
        height = sheet.row_dimensions[cell.row].height or 15.0
        assert height >= 15.0 * int(needed), (cell.coordinate, height, len(cell.value))


@pytest.mark.parametrize("lang", LANGS)
def test_frontier_sheet_names_projects_and_marks_the_current_budget(
    compare_run: Callable[[str], Path], lang: str
) -> None:
    folder = compare_run(lang)
    data = payload(folder)
    sheet = load_workbook(folder / "results.xlsx")[t("export.sheet.frontier", lang)]
    names = data["names"]
    project_ids = {p["id"] for r in data["regions"].values() for p in r["portfolio"]["projects"]}
    shown: set[str] = set()
    for label in ("export.col.added", "export.col.removed"):
        for cell in column(sheet, t(label, lang)):
            shown |= {part for part in (cell.value or "").split("; ") if part}
    assert shown and not shown & project_ids
    assert shown <= {names[p] for p in project_ids}
    regions = column(sheet, t("export.col.region", lang))
    budgets = column(sheet, t("export.col.budget", lang))
    marked = column(sheet, t("export.col.current", lang))
    for region in data["regions"].values():
        rows = [i for i, cell in enumerate(regions) if cell.value == region["name"]]
        assert len(rows) == len(region["frontier"]["points"])
        within = [i for i in rows if budgets[i].value <= region["budget"]]
        expected = max(within, key=lambda i: budgets[i].value)
        assert [i for i in rows if marked[i].value] == [expected]
        assert all(cell.font.bold for cell in sheet[expected + 2])


@pytest.mark.parametrize("lang", LANGS)
def test_summary_counts_core_and_debated_projects(
    compare_run: Callable[[str], Path], lang: str
) -> None:
    folder = compare_run(lang)
    data = payload(folder)
    sheet = load_workbook(folder / "results.xlsx")[t("export.sheet.summary", lang)]
    rows = {row[0].value: [cell.value for cell in row[1:]] for row in sheet.iter_rows(min_row=2)}
    areas = list(data["regions"].values())
    assert rows[t("compare.robust_core", lang)] == [len(r["robustness"]["core"]) for r in areas]
    assert rows[t("compare.robust_debate", lang)] == [
        len(r["robustness"]["borderline"]) for r in areas
    ]
    assert rows[t("export.debate_funded", lang)] == [
        len(set(r["robustness"]["borderline"]) & set(r["portfolio"]["selected"])) for r in areas
    ]
    assert rows[t("export.spent_share", lang)] == [
        pytest.approx(r["portfolio"]["total_cost"] / r["budget"]) for r in areas
    ]
    assert rows[t("export.stakeholder_count", lang)] == [
        len(r["weights"]["stakeholders"]) for r in areas
    ]
    assert t("export.uncovered", lang) in rows


@pytest.mark.parametrize("lang", LANGS)
def test_summary_sheet_has_the_rows_of_the_html_summary(
    compare_run: Callable[[str], Path], lang: str
) -> None:
    folder = compare_run(lang)
    page = (folder / "report.html").read_text(encoding="utf-8")
    section = page.split('<section id="summary">')[1].split("</section>")[0]
    body = section.split("<tbody>")[1]
    labels = [
        html.unescape(re.findall(r"<td[^>]*>(.*?)</td>", row)[0]).replace("\u00a0", " ")
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]
    sheet = load_workbook(folder / "results.xlsx")[t("export.sheet.summary", lang)]
    assert labels and [row[0].value for row in sheet.iter_rows(min_row=2)] == labels
