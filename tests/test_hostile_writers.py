"""Nothing the tool writes carries a live formula or script from a user's text (issue #18,
point 3): hostile names in the data set go through every writer — the run folder's CSVs,
results.xlsx, report.md and report.html, `frontier --csv`, the `template` workbook and the
folder `import` writes back — and each output is read as the program that opens it would.

The prefixes are OWASP's CSV-injection triggers that a data file can hold (tab and carriage
return are refused at load as control characters); the markup is the classic script, event
handler and javascript: link."""

from __future__ import annotations

import csv
import html.parser
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from prioritizer.cells import FORMULA_TRIGGERS
from prioritizer.cli.app import app

HOSTILE = (
    "=cmd|' /c calc'!A1",
    "+SUM(1+1)*cmd",
    "-2+3+cmd",
    "@SUM(1+1)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
)


def _rewrite_csv(path: Path, column_values: dict[str, tuple[str, ...]]) -> None:
    """Prefixes the first rows' text in the given columns with the hostile strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for column, values in column_values.items():
        for row, value in zip(rows, values, strict=False):
            row[column] = f"{value} {row[column]}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, list(args), env={"PRIORITIZER_LANG": ""})
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data set with hostile project and mechanism names, and everything written from it."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    _run("init", str(data))
    _rewrite_csv(data / "inputs" / "projects.csv", {"name_en": HOSTILE, "name_es": HOSTILE})
    _rewrite_csv(data / "inputs" / "mechanisms.csv", {"name_en": HOSTILE, "name_es": HOSTILE})
    _run("compare", "--inputs", str(data), "--out", str(root / "run"))
    _run(
        "frontier", "--inputs", str(data), "--region", "cusco", "--csv", str(root / "frontier.csv")
    )
    _run("template", "--inputs", str(data), str(root / "planning.xlsx"))
    _run("import", str(root / "planning.xlsx"), str(root / "imported"))
    return root


def _csv_cells(root: Path) -> Iterator[tuple[str, str]]:
    """Every cell of every CSV the tool wrote (not the hostile input folder `data/`)."""
    for path in sorted(root.rglob("*.csv")):
        if path.relative_to(root).parts[0] == "data":
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    yield str(path.relative_to(root)), cell


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def test_every_written_csv_cell_is_inert(written: Path) -> None:
    """A spreadsheet opening any CSV the tool wrote sees text, never a formula (numbers such as
    -0.25 stay numbers)."""
    live = [
        (name, cell)
        for name, cell in _csv_cells(written)
        if cell.startswith(FORMULA_TRIGGERS) and not _is_number(cell)
    ]
    assert not live, live[:5]
    # the hostile names did reach the CSVs (defused), in the run and the import (the frontier
    # CSV names projects by id)
    texts = {name.split("/")[0]: cell for name, cell in _csv_cells(written) if "cmd|" in cell}
    assert {"run", "imported"} <= set(texts)


def test_the_imported_data_set_reads_its_names_back_as_typed(written: Path) -> None:
    """Defusing is not a change of data: the folder `import` wrote loads the names unchanged."""
    from prioritizer.data.load import load_dataset

    original = load_dataset(written / "data" / "inputs")
    imported = load_dataset(written / "imported" / "inputs")
    assert [p.name.en for p in imported.projects] == [p.name.en for p in original.projects]
    assert sum(p.name.en.startswith(HOSTILE) for p in imported.projects) == len(HOSTILE)


@pytest.mark.parametrize("workbook", ["run/results.xlsx", "planning.xlsx"])
def test_no_workbook_cell_is_a_formula(written: Path, workbook: str) -> None:
    """Every hostile text lands in a text cell; no cell of the workbooks is a formula."""
    book = openpyxl.load_workbook(written / workbook)
    formulas, hostile_cells = [], 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                if isinstance(cell.value, str) and "cmd|" in cell.value:
                    hostile_cells += 1
                    assert cell.data_type == "s"
    assert not formulas, formulas[:5]
    assert hostile_cells > 0


class _Elements(html.parser.HTMLParser):
    """Collects the tags, attributes and link targets of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)


def test_report_html_shows_the_markup_as_text(written: Path) -> None:
    """report.html has no script, no event handler and no javascript: link; the hostile names
    are there, escaped."""
    page = (written / "run" / "report.html").read_text(encoding="utf-8")
    elements = _Elements()
    elements.feed(page)
    assert "script" not in elements.tags
    assert not [name for name, _ in elements.attributes if name.startswith("on")]
    assert not [v for _, v in elements.attributes if v and v.strip().lower().startswith("javas")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_report_md_renders_no_html_or_link_from_names(written: Path) -> None:
    """report.md, rendered as Markdown (CommonMark, raw HTML allowed), yields no script, image
    or javascript: link from the names."""
    text = (written / "run" / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").render(text)
    elements = _Elements()
    elements.feed(rendered)
    assert "script" not in elements.tags
    assert not [v for n, v in elements.attributes if n == "src" and v == "x"]
    assert not [name for name, _ in elements.attributes if name.startswith("on")]
    assert not [v for n, v in elements.attributes if n == "href" and v and "javascript" in v]
    assert "&lt;script&gt;alert(1)" in rendered  # the names are shown, as text
