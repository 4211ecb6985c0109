"""Random edits of the planning workbook never crash and never retype silently (issue #18,
point 2): any value typed in a cell (booleans, dates, formulas, YAML 1.1 forms, huge and odd
numbers), merges and stray values far from the tables either load as what the cell shows or are
refused with one message naming the workbook's sheet (in English and in Spanish)."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook  # type: ignore[import-untyped]

from prioritizer.data.models import Dataset
from prioritizer.data.workbook import load_workbook_dataset, write_workbook
from prioritizer.data.workbook.dataset import load_inputs
from prioritizer.data.workbook.layout import CellError
from prioritizer.errors import InputError

SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.generate],
)
EXCLUDE = {"location", "files", "checksums"}
COST_COLUMN = 6  # projects!F, "Cost (S/)"
VALUE_COLUMN = 4  # judgments!D, "Value"

CELL_VALUES = st.one_of(
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.sampled_from(
        [
            *("=F2*2", "=1/3", "=SUM(F2:F5)", "0x10", "0b1", "1:30", "1_000", "yes", "True"),
            *("~", ".inf", "-.inf", ".nan", "1e6", "1,000", "120 000", "S/ 5", "-5", "1/3"),
            *("3", " 5 "),
        ]
    ),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8),  # what a cell holds
)


@pytest.fixture(scope="module")
def planning(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded data set as a workbook."""
    path = tmp_path_factory.mktemp("fuzz") / "planning.xlsx"
    write_workbook(load_inputs(None), path)
    return path


def _explained(error: InputError) -> None:
    """The refusal is one message in both languages (strict mode fails an untranslated one)."""
    for lang in ("en", "es"):
        text = error.message(lang)
        assert text and "\n" not in text.strip() and "Traceback" not in text


def _load(path: Path) -> Dataset | InputError:
    try:
        return load_workbook_dataset(path)
    except InputError as error:
        _explained(error)
        return error


def _shown_number(value: object) -> float | None:
    """The number a person reads in the cell, or None where the cell shows no plain number."""
    if isinstance(value, bool | datetime.datetime):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        # the currency and the separators people type: S/ 5, 1,000, 1 000, 1_000 (as the CSV
        # and YAML readers take them)
        text = value.strip().removeprefix("S/").replace(",", "").replace(" ", "").replace("_", "")
        if text and all(c.isdigit() or c in ".-+eE" for c in text):
            try:
                return float(text)
            except ValueError:
                return None
    return None


@SETTINGS
@given(value=CELL_VALUES, row=st.integers(2, 12))
@example(value=True, row=2)
@example(value=datetime.datetime(2024, 1, 3), row=3)
@example(value="=F2*2", row=4)
@example(value="0x10", row=5)
@example(value=150000.0, row=6)
@example(value=-5, row=7)
@example(value="1_000", row=8)
@example(value="S/ 5", row=9)
def test_prop_a_cost_cell_loads_as_shown_or_is_refused_at_its_cell(
    planning: Path, tmp_path: Path, value: object, row: int
) -> None:
    """A cost loads as the whole number of soles the cell shows, or the cell is named."""
    path = planning
    book = load_workbook(path)
    sheet = book["projects"]
    project = sheet.cell(row=row, column=1).value
    sheet.cell(row=row, column=COST_COLUMN, value=value)
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = _load(edited)
    if isinstance(result, InputError):
        assert isinstance(result, CellError), result.message()
        assert (result.sheet, result.cell) == ("projects", f"F{row}"), result.message()
        return
    shown = _shown_number(value)
    assert shown is not None, f"{value!r} was taken as a cost"
    cost = next(p.cost_pen for p in result.projects if p.id == project)
    assert math.isclose(cost, shown), (value, cost)
    assert cost == int(cost) and cost >= 0


@SETTINGS
@given(
    # openpyxl saves NaN and infinities as empty cells (<v/>): nothing is there to be named
    value=CELL_VALUES.filter(
        lambda v: v is not None and v != "" and not (isinstance(v, float) and not math.isfinite(v))
    ),
    sheet=st.sampled_from(["projects", "judgments", "severities", "stakeholders"]),
    row=st.integers(200, 20000),
    column=st.integers(1, 30),
)
@example(value="=1/3", sheet="projects", row=8773, column=28)  # a formula beside the table
def test_prop_a_stray_value_far_away_is_named(
    planning: Path,
    tmp_path: Path,
    value: object,
    sheet: str,
    row: int,
    column: int,
) -> None:
    """A value typed far below or beside a table is never read as data and never ignored:
    the sheet it sits in is named, in bounded time (the used range is not trusted)."""
    path = planning
    book = load_workbook(path)
    if isinstance(value, str) and not value.strip():
        value = "x"
    book[sheet].cell(row=row, column=column, value=value)
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = _load(edited)
    assert isinstance(result, CellError), f"{sheet} row {row} column {column}: {value!r} loaded"
    assert result.sheet == sheet, result.message()


@SETTINGS
@given(
    sheet=st.sampled_from(["projects", "judgments", "severities", "stakeholders", "regions"]),
    top=st.integers(1, 8),
    left=st.integers(1, 6),
    height=st.integers(0, 4),
    width=st.integers(0, 2),
)
def test_prop_any_merge_loads_the_same_data_or_is_refused(
    planning: Path,
    tmp_path: Path,
    sheet: str,
    top: int,
    left: int,
    height: int,
    width: int,
) -> None:
    """A merge loads as the sheet shows it (the top-left value in every merged cell, as if typed
    there) or is refused at the merge: never anything else."""
    if height == width == 0:
        width = 1
    path = planning
    cells = [(r, c) for r in range(top, top + height + 1) for c in range(left, left + width + 1)]
    merged, filled = load_workbook(path), load_workbook(path)
    shown = merged[sheet].cell(row=top, column=left).value
    merged[sheet].merge_cells(
        start_row=top, start_column=left, end_row=top + height, end_column=left + width
    )
    for r, c in cells:
        filled[sheet].cell(row=r, column=c, value=shown)
    merged.save(tmp_path / "merged.xlsx")
    filled.save(tmp_path / "filled.xlsx")
    result = _load(tmp_path / "merged.xlsx")
    if isinstance(result, InputError):
        assert isinstance(result, CellError), result.message()
        assert result.sheet == sheet, result.message()
        return
    expected = load_workbook_dataset(tmp_path / "filled.xlsx")
    assert result.model_dump(exclude=EXCLUDE) == expected.model_dump(exclude=EXCLUDE)
