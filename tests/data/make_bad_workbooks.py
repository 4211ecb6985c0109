"""Writes the binary and non-UTF-8 files of tests/data/bad/: workbooks, encodings, lock files.

They cannot be edited by hand, so this script makes them, deterministically (fixed zip dates and
document times), from the embedded data set and from tests/data/good/. Workbooks start from the
one `prioritizer template` writes (`write_workbook`) and are then spoiled with openpyxl, as a
planner would in Excel. After the embedded data changes, run from the checkout
`python -m tests.data.make_bad_workbooks [FOLDER]` (default folder: tests/data/bad/);
tests/test_bad_corpus.py checks that the committed files are what it writes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from prioritizer.data.load import load_dataset
from prioritizer.data.workbook import write_workbook
from prioritizer.resources import embedded_dir

HERE = Path(__file__).parent
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
DOC_TIME = "2024-01-01T00:00:00Z"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _soles(rows: list[list[str]]) -> list[list[str]]:
    """Costs as a Spanish Excel shows them: `S/ 120.000`."""
    column = rows[0].index("cost_pen")
    for row in rows[1:]:
        row[column] = "S/ " + f"{int(row[column]):,}".replace(",", ".")
    return rows


def _dos_note(rows: list[list[str]]) -> list[list[str]]:
    """A note with `ü` on the row of `low-training` (code page 850 writes it as byte 0x81)."""
    row = next(row for row in rows if row[0] == "low-training")
    row[2] += "; nota lingüística del taller"
    return rows


def text_files() -> dict[str, bytes]:
    """CSV files as other tools encode them, from the embedded data and tests/data/good/."""
    inputs, good = embedded_dir("inputs"), HERE / "good"
    projects = _rows(inputs / "projects.csv")
    severities = _rows(inputs / "regions" / "cusco" / "severities.csv")
    bom16 = codecs.BOM_UTF16_LE
    accented = [
        ["id", "type", "weight", "name"],
        ["costo", "cost", "0.3", "Costo (S/)"],
        ["calidad", "benefit", "0.4", "Calidad técnica"],
        ["duración", "benefit", "0.3", "Duración en días"],
    ]
    return {
        "projects_utf8_bom.csv": _csv(projects).encode("utf-8-sig"),
        "projects_cp1252.csv": _csv(projects).encode("cp1252"),
        "projects_semicolon_soles.csv": _csv(_soles(projects), ";").encode("cp1252"),
        "severities_utf16.csv": bom16 + _csv(severities, "\t").encode("utf-16-le"),
        "severities_tab.csv": _csv(severities, "\t").encode("utf-8"),
        "severities_cp850.csv": _csv(_dos_note(severities)).encode("cp850"),
        "severities_utf16_no_bom.csv": _csv(severities).encode("utf-16-le"),
        "matrix_utf16_tab.csv": bom16 + _csv(_rows(good / "matrix.csv"), "\t").encode("utf-16-le"),
        "pairwise_utf16_tab.csv": bom16
        + _csv(_rows(good / "pairwise_3.csv"), "\t").encode("utf-16-le"),
        "criteria_accented_ids_cp1252.csv": _csv(accented).encode("cp1252"),
    }


def _formula(book: Any) -> None:
    book["projects"]["F4"] = "=F2+F3"


def _merged_header(book: Any) -> None:
    book["projects"].merge_cells("B1:C1")


def _double_header(book: Any) -> None:
    sheet = book["projects"]
    sheet.insert_rows(2)
    for cell in sheet[1]:
        sheet.cell(row=2, column=cell.column, value=cell.value)


def _blank_rows(book: Any) -> None:
    sheet = book["projects"]
    sheet.insert_rows(5, 2)
    sheet.insert_rows(14)


def _date_judgment(book: Any) -> None:
    cell = book["judgments"]["D3"]
    cell.value, cell.number_format = datetime(2024, 3, 1), "d/m/yyyy"


def _div0(book: Any) -> None:
    book["projects"]["F5"] = "#DIV/0!"


def _text_soles(book: Any) -> None:
    book["projects"]["F3"] = "S/ 150.000"


def _cost_decimals(book: Any) -> None:
    book["projects"]["F3"] = 150000.5


EDITS: dict[str, Callable[[Any], None]] = {
    "planning_formula_no_cache.xlsx": _formula,
    "planning_merged_header.xlsx": _merged_header,
    "planning_double_header.xlsx": _double_header,
    "planning_blank_rows.xlsx": _blank_rows,
    "planning_date_judgment.xlsx": _date_judgment,
    "planning_div0_cost.xlsx": _div0,
    "planning_cost_text_dot_thousands.xlsx": _text_soles,
    "planning_cost_decimals.xlsx": _cost_decimals,
}


def _stable(path: Path) -> bytes:
    """The workbook's bytes with fixed zip entry dates and document times."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", DOC_TIME.encode(), data)
            zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def workbook_files() -> dict[str, bytes]:
    """Workbooks spoiled as planners spoil them, plus files that only look like workbooks."""
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        good = Path(folder) / "planning.xlsx"
        write_workbook(load_dataset(), good, lang="en")
        for name, edit in EDITS.items():
            book = load_workbook(good)
            edit(book)
            book.save(Path(folder) / name)
            files[name] = _stable(Path(folder) / name)
    user = "planner"
    lock = bytes([len(user)]) + user.encode("ascii").ljust(53) + user.encode("utf-16-le")
    cfb = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + bytes.fromhex("3e000300feff0900")
    files["~$planning.xlsx"] = lock.ljust(165, b"\x00")
    files["planning_old.xls"] = cfb.ljust(512, b"\x00")
    files["planning_csv_renamed.xlsx"] = (embedded_dir("inputs") / "projects.csv").read_bytes()
    return files


def write_all(folder: Path) -> list[Path]:
    """Writes every generated file into `folder`; returns their paths."""
    written = []
    for name, data in {**text_files(), **workbook_files()}.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "bad"
    for path in write_all(target):
        sys.stdout.write(f"{path}\n")
