"""The regions' roadmaps in the workbook (issue #16, point 10): the seven roadmap sheets as
`template` writes them, read back as each region's roadmap files, and every bad cell refused at
its sheet and cell, in English and Spanish, with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from prioritizer.data.load import load_dataset
from prioritizer.data.models import Dataset
from prioritizer.data.workbook import (
    CellError,
    import_workbook_folder,
    load_workbook_dataset,
    write_workbook,
)
from prioritizer.i18n import t

ROADMAP_SHEETS = ("roadmaps", "pools", "units", "commitments", "windows")
ROADMAP_FILES = ("roadmap.yaml", "project_levels.csv", "synergies.csv")


def _dumped(data: Dataset) -> list[dict[str, Any]]:
    """The roadmaps as data (a model's == also compares where each record was read)."""
    return [roadmap.model_dump() for roadmap in data.roadmaps]


def _column(ws: Any, header: str) -> int:
    return int(next(c.column for c in ws[1] if c.value == header))


def _set(sheet: str, header: str, row: int, value: object) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        ws = book[sheet]
        ws.cell(row=row, column=_column(ws, header)).value = value  # None empties the cell

    return edit


def _rows_of(book: Any, sheet: str, region: str) -> list[int]:
    ws = book[sheet]
    return [row for row in range(2, ws.max_row + 1) if ws.cell(row=row, column=1).value == region]


def _drop_region(region: str, sheets: tuple[str, ...]) -> Callable[[Any], None]:
    """Deletes the region's rows from the given roadmap sheets."""

    def edit(book: Any) -> None:
        for sheet in sheets:
            for row in reversed(_rows_of(book, sheet, region)):
                book[sheet].delete_rows(row)

    return edit


# -- what template writes ----------------------------------------------------------------------
def test_roadmap_sheets_hold_every_record_with_years_as_money_columns(
    planning: Path, embedded: Dataset
) -> None:
    book = load_workbook(planning)
    assert book.sheetnames[-7:] == [
        "roadmaps", "pools", "units", "commitments", "windows", "project_levels", "synergies",
    ]  # fmt: skip
    pools = book["pools"]
    headers = [c.value for c in pools[1]]
    plans = {r.region: r for r in embedded.roadmaps}
    years = sorted({y for r in embedded.roadmaps for y in r.years.years})
    assert headers[4 : 4 + len(years)] == [t("workbook.col.amount_year", year=y) for y in years]
    every_pool = [(r.region, p) for r in embedded.roadmaps for p in r.pools]
    assert pools.max_row - 1 == len(every_pool)
    for row, (region, pool) in enumerate(every_pool, start=2):
        assert pools.cell(row=row, column=1).value == region
        for index, year in enumerate(years, start=5):
            cell = pools.cell(row=row, column=index)
            assert cell.value == pool.amounts_pen.get(year)
            assert cell.number_format == '"S/ "#,##0'
    counts = {
        "units": sum(len(r.units) for r in plans.values()),
        "commitments": sum(len(r.commitments) for r in plans.values()),
        "windows": sum(len(r.windows) for r in plans.values()),
        "project_levels": sum(len(r.levels) for r in plans.values()),
        "synergies": sum(len(r.synergies) for r in plans.values()),
        "roadmaps": len(plans),
    }
    for sheet, count in counts.items():
        assert book[sheet].max_row - 1 == count, sheet
    lists = {str(v.sqref): v.formula1 for v in book["commitments"].data_validations.dataValidation}
    assert lists["A2:A1000"] == "'regions'!$A$2:$A$1000"
    assert lists["B2:B1000"] == "'projects'!$A$2:$A$1000"
    spanish = planning.with_name("es.xlsx")
    write_workbook(embedded, spanish, lang="es")
    assert load_workbook(spanish).sheetnames[-7:][:2] == ["hojas_ruta", "fondos"]
    assert _dumped(load_workbook_dataset(spanish)) == _dumped(embedded)


def test_import_writes_each_regions_roadmap_files(planning: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    import_workbook_folder(planning, folder)
    again = load_dataset(folder)
    assert _dumped(again) == _dumped(load_dataset())
    for region in ("cusco", "puno"):
        for name in ROADMAP_FILES:
            assert (folder / "inputs/regions" / region / name).is_file()


def test_a_region_without_roadmap_rows_gets_no_roadmap_files(
    edited: Callable[..., Path], tmp_path: Path
) -> None:
    sheets = (*ROADMAP_SHEETS, "project_levels", "synergies")
    path = edited(_drop_region("puno", sheets))
    folder = tmp_path / "data"
    data = import_workbook_folder(path, folder)
    assert [r.region for r in data.roadmaps] == ["cusco"]
    assert [
        name for name in ROADMAP_FILES if (folder / "inputs/regions/puno" / name).exists()
    ] == []
    assert (folder / "inputs/regions/puno/region.yaml").is_file()
    assert (folder / "inputs/regions/cusco/roadmap.yaml").is_file()


def test_an_edited_amount_reaches_the_plan(edited: Callable[..., Path]) -> None:
    path = edited(_set("pools", "2028 (S/)", 2, "S/ 320,000"))
    cusco = load_workbook_dataset(path).roadmap_of("cusco")
    assert cusco is not None and cusco.pools[0].amounts_pen[2028] == 320000
    assert str(cusco.pools[0].origin) == f"{path}, pools!B2"


# -- bad cells ---------------------------------------------------------------------------------
def _later_plan(book: Any) -> None:
    """Puno's plan runs to 2030 and the pools sheet gains that year's column, filled for all."""
    book["roadmaps"].cell(row=3, column=3, value=2030)
    ws = book["pools"]
    ws.insert_cols(8)
    ws.cell(row=1, column=8, value="2030 (S/)")
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=8, value=1000)


BAD_CELLS = [
    (
        _set("pools", "Region", 3, "lima"),
        ("pools", "A3", "Region"),
        "a region id of the sheet regions (cusco, puno)",
        "un id de región de la hoja regions (cusco, puno)",
    ),
    (
        _drop_region("puno", ("roadmaps",)),
        ("pools", "A6", "Region"),
        "a region with a row in the sheet roadmaps (cusco)",
        "una región con una fila en la hoja roadmaps (cusco)",
    ),
    (
        _set("pools", "2028 (S/)", 3, "a lot"),
        ("pools", "F3", "2028 (S/)"),
        "a whole number of soles",
        "un número entero de soles",
    ),
    (
        _set("pools", "2028 (S/)", 4, None),
        ("pools", "F4", "2028 (S/)"),
        "an amount for 2028, a year of the plan of cusco (2027-2029)",
        "un monto para 2028, un año del plan de cusco (2027-2029)",
    ),
    (
        _later_plan,
        ("pools", "H2", "2030 (S/)"),
        "an empty cell: 2030 is outside the plan of cusco (2027-2029)",
        "una celda vacía: 2030 está fuera del plan de cusco (2027-2029)",
    ),
    (
        _set("roadmaps", "First year", 2, "soon"),
        ("roadmaps", "B2", "First year"),
        "a year as a whole number (e.g. 2027)",
        "un año como número entero (p. ej. 2027)",
    ),
    (
        _set("roadmaps", "Last year", 3, 2026),
        ("roadmaps", "C3", "Last year"),
        "a year from 2027 to 2036",
        "un año de 2027 a 2036",
    ),
    (
        _set("roadmaps", "Region", 3, "cusco"),
        ("roadmaps", "A3", "Region"),
        "each region once (cusco is also at A2)",
        "cada región una sola vez (cusco también está en A2)",
    ),
    (
        _set("commitments", "Project", 2, "puno-fiber-collection-center"),
        ("commitments", "B2", "Project"),
        "a candidate project of cusco",
        "un proyecto candidato de cusco",
    ),
    (
        _set("windows", "Earliest start", 3, 2031),
        ("windows", "C3", "Earliest start"),
        "a year of the plan (2027-2029)",
        "un año del plan (2027-2029)",
    ),
    (
        _set("project_levels", "Costs per year (S/)", 4, "120000;lots"),
        ("project_levels", "F4", "Costs per year (S/)"),
        "a whole number of soles",
        "un número entero de soles",
    ),
    (
        _set("synergies", "Projects", 3, "cusco-coffee-tourism-experience;tea"),
        ("synergies", "E3", "Projects"),
        "a candidate project of cusco",
        "un proyecto candidato de cusco",
    ),
    (
        _set("units", "Most projects running at once", 2, 0),
        ("units", "E2", "Most projects running at once"),
        "expected greater than or equal to 1",
        "se esperaba mayor o igual que 1",
    ),
    (
        _drop_region("cusco", ("pools",)),
        ("roadmaps", "A2", "Region"),
        "field 'Region' is 'cusco'; expected at least one row of cusco in the sheet pools (a plan "
        "needs a funding pool)",
        "al menos una fila de cusco en la hoja pools (un plan necesita un fondo)",
    ),
]


@pytest.mark.parametrize(("edit", "where", "english", "spanish"), BAD_CELLS)
def test_a_bad_roadmap_cell_is_refused_at_its_cell_with_nothing_written(
    edited: Callable[..., Path],
    tmp_path: Path,
    edit: Callable[[Any], None],
    where: tuple[str, str, str],
    english: str,
    spanish: str,
) -> None:
    path = edited(edit)
    target = tmp_path / "out"
    with pytest.raises(CellError) as caught:
        import_workbook_folder(path, target)
    error = caught.value
    assert (error.sheet, error.cell, error.field) == where, error.message()
    sheet, cell, field = where
    assert error.message().startswith(f"{path}, {sheet}!{cell}: ")
    assert english in error.message() and f"'{field}'" in error.message()
    assert spanish in error.message("es") and "se esperaba" in error.message("es")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["planning.xlsx"]
