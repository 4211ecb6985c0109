"""The data set as an Excel workbook: template -> workbook -> folder round trips, the workbook's
features (headers, drop-downs, formats), and bad workbooks reported at their sheet and cell."""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook  # type: ignore[import-untyped]

from prioritizer.core.validation import summarize_dataset
from prioritizer.data.load import load_dataset
from prioritizer.data.models import Dataset
from prioritizer.data.workbook import (
    CellError,
    import_workbook_folder,
    judgment_text,
    load_inputs,
    load_workbook_dataset,
    write_workbook,
)
from prioritizer.errors import InputError
from prioritizer.i18n import t
from prioritizer.phrases import phrase, show
from prioritizer.present.views import Catalog, catalog_view
from prioritizer.resources import embedded_dir
from tests.conftest import Run, validate_with_peak
from tests.test_elicit import run  # noqa: F401  (the CLI fixture)

DUMP_EXCLUDE = {"location", "files", "checksums"}
"""Where the data was read from; everything else, the regions' roadmaps included, round-trips."""
SHEET_COUNT = 28


# -- round trips -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
def test_round_trip_gives_the_same_data_set(embedded: Dataset, tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"planning-{lang}.xlsx"
    sheets = write_workbook(embedded, path, lang=lang)
    assert len(sheets) == SHEET_COUNT
    back = load_workbook_dataset(path)
    assert back.model_dump(exclude=DUMP_EXCLUDE) == embedded.model_dump(exclude=DUMP_EXCLUDE)
    assert [r.region for r in back.roadmaps] == [r.region for r in embedded.roadmaps] != []
    folder = tmp_path / f"folder-{lang}"
    imported = import_workbook_folder(path, folder)
    again = load_dataset(folder)
    assert again.model_dump(exclude=DUMP_EXCLUDE) == embedded.model_dump(exclude=DUMP_EXCLUDE)
    assert imported.model_dump(exclude=DUMP_EXCLUDE) == again.model_dump(exclude=DUMP_EXCLUDE)


def test_import_lays_the_folder_out_as_init(planning: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    import_workbook_folder(planning, folder)
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    expected = {
        f"{kind}/{p.relative_to(embedded_dir(kind)).as_posix()}"
        for kind in ("criteria", "inputs")
        for p in embedded_dir(kind).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert written == expected
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".prioritizer-import")]


def test_show_and_validate_agree_with_the_folder(planning: Path, embedded: Dataset) -> None:
    data = load_inputs(planning)
    for region in ("cusco", "puno"):
        assert catalog_view(data, Catalog.PROJECTS, region=region) == catalog_view(
            embedded, Catalog.PROJECTS, region=region
        )
    for catalog in Catalog:
        assert catalog_view(data, catalog, lang="es") == catalog_view(embedded, catalog, lang="es")
    mine, theirs = summarize_dataset(data).to_dict(), summarize_dataset(embedded).to_dict()
    for key in ("counts", "illustrative", "consistency_ratios"):
        assert mine[key] == theirs[key]


def test_records_point_at_their_rows(planning: Path) -> None:
    data = load_workbook_dataset(planning)
    assert data.location == str(planning)
    assert data.checksums.keys() == {"planning.xlsx"}
    assert str(data.projects[3].origin) == f"{planning}, projects!A5"
    juliaca = next(s for s in data.stakeholders if s.id == "puno-chamber-juliaca")
    assert str(juliaca.origin) == f"{planning}, stakeholders!A10"
    report = summarize_dataset(data)
    (warning,) = [w for w in report.warnings if w.kind == "inconsistent"]
    assert warning.file == f"{planning}, stakeholders!A10"


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.integers(1, 9), st.floats(1 / 9, 9, allow_nan=False)))
def test_prop_judgment_text_reads_back_exactly(value: float) -> None:
    for judgment in (float(value), 1.0 / float(value)):
        text = judgment_text(judgment)
        numerator, slash, denominator = text.partition("/")
        back = float(numerator) / float(denominator) if slash else float(text)
        assert back == judgment


# -- what the workbook offers ------------------------------------------------------------------
def test_workbook_has_headers_dropdowns_and_formats(embedded: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "es.xlsx"
    write_workbook(embedded, path, lang="es")
    book = load_workbook(path)
    assert book.sheetnames[0] == "Léame"
    projects = book["proyectos"]
    assert [c.value for c in projects[1]][:6] == [
        "Id", "Nombre (inglés)", "Nombre (español)", "Cadena de valor", "Regiones", "Costo (S/)",
    ]  # fmt: skip
    assert projects.freeze_panes == "A2"
    assert projects["F2"].value == 120000 and projects["F2"].number_format == '"S/ "#,##0'
    lists = {
        str(v.sqref): v.formula1
        for v in projects.data_validations.dataValidation
        if v.type == "list"
    }
    assert lists["D2:D1000"] == "'cadenas_valor'!$A$2:$A$1000"
    assert lists["J2:J1000"] == '"1,2,3"'
    gaps = book["brechas"]
    assert gaps["D1"].value == "Especialización"
    gap_lists = {str(v.sqref): v.formula1 for v in gaps.data_validations.dataValidation}
    assert gap_lists["D2:D1000"] == '"LOW,MEDIUM,HIGH,VERY HIGH"'
    judgments = book["juicios"]
    saaty = {str(v.sqref): v.formula1 for v in judgments.data_validations.dataValidation}
    assert saaty["D2:D1000"] == '"9,8,7,6,5,4,3,2,1,1/2,1/3,1/4,1/5,1/6,1/7,1/8,1/9"'
    values = {row[3].value for row in judgments.iter_rows(min_row=2)}
    assert "1/3" in values and all(isinstance(v, str) for v in values)
    assert judgments["D2"].number_format == "@"
    readme = book["Léame"]
    described = {row[0].value for row in readme.iter_rows() if row[0].value}
    assert set(book.sheetnames[1:]) <= described


def test_template_command_writes_and_refuses_to_overwrite(
    run: Callable[..., Run],  # noqa: F811
    tmp_path: Path,
) -> None:
    path = tmp_path / "planning.xlsx"
    result = run("template", str(path), "--lang", "es")
    assert result.code == 0, result.stderr
    assert f"{SHEET_COUNT} hojas" in result.stdout
    assert "hojas de ruta" not in result.stdout  # every roadmap is in the workbook now
    assert load_workbook(path).sheetnames[1] == "elementos"
    written = path.read_bytes()
    again = run("template", str(path))
    assert again.code == 2 and "--force" in again.stderr
    assert path.read_bytes() == written
    assert run("template", str(path), "--force").code == 0
    assert load_workbook(path).sheetnames[1] == "elements"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["planning.xlsx"]
    wrong = run("template", str(tmp_path / "planning.xls"))
    assert wrong.code == 2 and ".xlsx" in wrong.stderr


def test_import_command_writes_a_folder_that_validates(
    run: Callable[..., Run],  # noqa: F811
    planning: Path,
    tmp_path: Path,
) -> None:
    target = tmp_path / "data"
    result = run("import", str(planning), str(target))
    assert result.code == 0, result.stderr
    assert load_dataset(target).region_ids == ("cusco", "puno")
    again = run("import", str(planning), str(target))
    assert again.code == 2 and "a new or empty folder" in again.stderr


# -- bad workbooks -----------------------------------------------------------------------------
def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_workbook_dataset(path)
    return caught.value


def _cell_error(path: Path, sheet: str, cell: str) -> CellError:
    error = _error(path)
    assert isinstance(error, CellError), error.message()
    assert (error.sheet, error.cell) == (sheet, cell), error.message()
    assert f"{sheet}!{cell}" in error.message()
    return error


def _delete_severities(book: object) -> None:
    del book["severities"]  # type: ignore[attr-defined]


def test_missing_sheet(edited: Callable[..., Path]) -> None:
    error = _error(edited(_delete_severities))
    assert "a sheet named 'severities' or 'severidades'" in error.message()


def test_wrong_header(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["projects"].cell(row=1, column=6, value="Price"))
    error = _cell_error(path, "projects", "F1")
    assert "'Cost (S/)'" in error.expected and error.got == "Price"


def test_missing_column(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["mechanisms"].delete_cols(4))
    error = _cell_error(path, "mechanisms", "E1")
    assert "'Work area'" in error.expected


def test_text_in_a_cost(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["projects"].cell(row=3, column=6, value="a lot"))
    error = _cell_error(path, "projects", "F3")
    assert error.field == "Cost (S/)" and "whole number of soles" in error.expected


def test_unknown_id_in_a_dropdown_column(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["projects"].cell(row=7, column=4, value="tea"))
    error = _cell_error(path, "projects", "D7")
    assert error.got == "tea" and "camelid-fabrics, coffee" in error.expected


def test_unknown_level_and_unknown_region(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["gaps"].cell(row=4, column=4, value="ENORMOUS"))
    assert "LOW / MEDIUM / HIGH / VERY HIGH" in _cell_error(path, "gaps", "D4").expected
    path = edited(lambda book: book["stakeholders"].cell(row=3, column=2, value="lima"))
    assert "cusco, puno" in _cell_error(path, "stakeholders", "B3").expected


def test_bad_judgment_and_date_judgment(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["judgments"].cell(row=5, column=4, value="11"))
    assert "from 1/9 to 9" in _cell_error(path, "judgments", "D5").expected
    when = datetime.datetime(2024, 1, 3)
    path = edited(lambda book: book["judgments"].cell(row=2, column=4, value=when))
    assert "format the column as Text" in (_cell_error(path, "judgments", "D2").hint or "")


def test_formula_without_a_cached_value(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["projects"].cell(row=4, column=6, value="=F2*2"))
    error = _cell_error(path, "projects", "F4")
    assert "open and save the file in Excel first" in (error.hint or "")


def test_blank_rows_are_skipped_and_cells_still_named(edited: Callable[..., Path]) -> None:
    def edit(book: object) -> None:
        sheet = book["projects"]  # type: ignore[index]
        sheet.insert_rows(4, 2)
        sheet.cell(row=10, column=6, value="x1")

    error = _cell_error(edited(edit), "projects", "F10")
    assert error.got == "x1"


def test_blank_rows_alone_change_nothing(edited: Callable[..., Path], embedded: Dataset) -> None:
    path = edited(lambda book: book["projects"].insert_rows(4, 3))
    data = load_workbook_dataset(path)
    assert data.model_dump(exclude=DUMP_EXCLUDE) == embedded.model_dump(exclude=DUMP_EXCLUDE)


def test_merged_cells(edited: Callable[..., Path], embedded: Dataset) -> None:
    down = edited(lambda book: book["severities"].merge_cells("A2:A10"))
    data = load_workbook_dataset(down)
    assert data.model_dump(exclude=DUMP_EXCLUDE) == embedded.model_dump(exclude=DUMP_EXCLUDE)
    across = edited(lambda book: book["projects"].merge_cells("B3:C3"))
    error = _cell_error(across, "projects", "B3:C3")
    assert "unmerge projects!B3:C3" in (error.hint or "")


def test_merged_numbers_are_an_error_not_a_copy(edited: Callable[..., Path]) -> None:
    """A merge down the judgments' value column copied one judgment into the merged rows
    (the group's weights moved from 35.1/18.9/35.1/10.9 % to 38.9/18.8/29.9/12.4 %)."""
    path = edited(lambda book: book["judgments"].merge_cells("D2:D4"))
    error = _cell_error(path, "judgments", "D3")
    assert "one number per cell" in error.message("en")
    assert "un número por celda" in error.message("es")


def test_merged_ids_are_an_error_at_the_merge(edited: Callable[..., Path]) -> None:
    """A merge down the stakeholders' ids made two stakeholders one; the error named the
    judgments sheet that then pointed at a stakeholder no longer there (found by fuzzing)."""
    path = edited(lambda book: book["stakeholders"].merge_cells("A2:A3"))
    error = _cell_error(path, "stakeholders", "A3")
    assert "ids are unique" in error.message("en")
    assert "los ids son únicos" in error.message("es")


def test_value_outside_the_columns(edited: Callable[..., Path]) -> None:
    path = edited(lambda book: book["projects"].cell(row=5, column=17, value="note"))
    _cell_error(path, "projects", "Q5")


def test_lock_file(planning: Path, tmp_path: Path) -> None:
    lock = tmp_path / "~$planning.xlsx"
    lock.write_bytes(b"\x00lock")
    error = _error(lock)
    assert "lock file" in error.message() and "planning.xlsx" in (error.hint or "")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("planning.xlsx", b"id,name\n1,2\n", "not an .xlsx workbook"),
        ("planning.xls", b"\xd0\xcf\x11\xe0", "old-format .xls"),
        ("planning.csv", b"id\n", "not an .xlsx workbook"),
    ],
)
def test_not_a_workbook(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _error(path).message()


def test_failed_import_leaves_no_folder(edited: Callable[..., Path], tmp_path: Path) -> None:
    path = edited(lambda book: book["projects"].cell(row=3, column=6, value="a lot"))
    target = tmp_path / "out"
    with pytest.raises(CellError):
        import_workbook_folder(path, target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["planning.xlsx"]


def test_spanish_headers_are_read_back(embedded: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "es.xlsx"
    write_workbook(embedded, path, lang="es")
    book = load_workbook(path)
    book["proyectos"].cell(row=3, column=6, value="mucho")
    book.save(path)
    error = _cell_error(path, "proyectos", "F3")
    assert error.field == t("workbook.col.cost_pen", "es")


# -- bad workbooks, in Spanish -----------------------------------------------------------------
def _merge_across(book: object) -> None:
    book["projects"].merge_cells("B3:C3")  # type: ignore[index]


def _date_judgment(book: object) -> None:
    book["judgments"].cell(row=2, column=4, value=datetime.datetime(2024, 1, 3))  # type: ignore[index]


@pytest.mark.parametrize(
    ("edit", "spanish"),
    [
        (
            lambda book: book["projects"].cell(row=3, column=6, value="a lot"),
            "projects!F3: el campo 'Cost (S/)' vale 'a lot'; se esperaba un número entero de soles",
        ),
        (
            lambda book: book["projects"].cell(row=4, column=6, value="=F2*2"),
            "projects!F4: el campo 'Cost (S/)' vale la fórmula =F2*2; se esperaba un valor (el "
            "resultado de esta fórmula nunca se calculó). Consejo: abra y guarde primero el "
            "archivo en Excel, para que se almacene el resultado",
        ),
        (
            _date_judgment,
            "judgments!D2: el campo 'Value' vale una fecha u hora (2024-01-03 00:00:00); se "
            "esperaba un texto o un número. Consejo: Excel convierte 1/3 en una fecha: aplique a "
            "la columna el formato Texto y vuelva a escribir el valor",
        ),
        (
            _merge_across,
            "projects!B3:C3: encontrado: celdas combinadas entre columnas o en la fila de "
            "encabezados; se esperaba un valor por celda (solo se pueden combinar celdas hacia "
            "abajo, dentro de una columna de datos). Consejo: separe las celdas projects!B3:C3",
        ),
        (
            lambda book: book["stakeholders"].cell(row=3, column=2, value="lima"),
            "stakeholders!B3: el campo 'Region' vale 'lima'; se esperaba un id de región de la "
            "hoja regions (cusco, puno).",
        ),
        (
            lambda book: book["projects"].cell(row=1, column=6, value="Price"),
            "projects!F1: el campo 'Price' vale 'Price'; se esperaba uno de los encabezados de "
            "columna 'Id', ",
        ),
        (
            _delete_severities,
            ": encontrado: una hoja inexistente (hojas: README, elements,",
        ),
    ],
)
def test_cell_errors_read_in_spanish(
    edited: Callable[..., Path], edit: Callable[[object], None], spanish: str
) -> None:
    path = edited(edit)
    message = _error(path).message("es")
    assert message.startswith(f"{path}")
    assert spanish in message


def test_missing_sheet_in_spanish_names_both_titles(edited: Callable[..., Path]) -> None:
    message = _error(edited(_delete_severities)).message("es")
    assert message.endswith(
        "se esperaba una hoja llamada 'severities' o 'severidades'. Consejo: `prioritizer "
        "template FILE.xlsx` escribe un libro con todas las hojas"
    )


def test_a_sheet_without_a_cell_is_named_in_words() -> None:
    error = CellError(
        "planning.xlsx", "proyectos", None, field="cost_pen", expected=phrase("a value")
    )
    assert error.message() == "planning.xlsx, sheet proyectos: field 'cost_pen' expected a value."
    assert error.message("es") == (
        "planning.xlsx, hoja proyectos: en el campo 'cost_pen' se esperaba un valor."
    )


def test_records_of_a_workbook_name_the_sheet_in_the_users_language(planning: Path) -> None:
    data = load_workbook_dataset(planning)
    assert data.files["projects"] == f"{planning}, sheet projects"
    assert show(data.files["projects"], "es") == f"{planning}, hoja projects"


def test_not_a_workbook_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "planning.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert _error(path).message("es") == (
        f"{path}: encontrado: un archivo .xls de formato antiguo; se esperaba un libro .xlsx. "
        "Consejo: ábralo en Excel y guárdelo como 'Libro de Excel (.xlsx)'"
    )
    lock = tmp_path / "~$planning.xlsx"
    lock.write_bytes(b"\x00lock")
    assert _error(lock).message("es") == (
        f"{lock}: encontrado: el archivo de bloqueo de Excel; se esperaba el libro mismo, no el "
        "archivo de bloqueo que Excel mantiene mientras está abierto. Consejo: use "
        f"{tmp_path / 'planning.xlsx'}"
    )


def test_validate_reports_a_bad_cell_in_spanish(
    cli: Callable[..., Run], edited: Callable[..., Path]
) -> None:
    path = edited(lambda book: book["projects"].cell(row=7, column=4, value="tea"))
    result = cli("validate", "--inputs", str(path), "--lang", "es")
    assert result.code == 2
    assert (
        f"{path}, projects!D7: el campo 'Value chain' vale 'tea'; se esperaba una cadena de "
        "valor existente (camelid-fabrics, coffee)." in " ".join(result.stderr.split())
    )
    as_json = cli("validate", "--inputs", str(path), "--lang", "es", "--json")
    error = json.loads(as_json.stdout)["error"]
    assert error["file"] == f"{path}, projects!D7" and error["got"] == "tea"


def test_template_refusals_in_spanish(cli: Callable[..., Run], tmp_path: Path) -> None:
    wrong = cli("template", str(tmp_path / "planning.xls"), "--lang", "es")
    assert wrong.code == 2
    assert (
        f"{tmp_path}/planning.xls: encontrado: 'planning.xls'; se esperaba un nombre de archivo "
        "terminado en .xlsx." in " ".join(wrong.stderr.split())
    )
    path = tmp_path / "planning.xlsx"
    path.write_bytes(b"")
    again = cli("template", str(path), "--lang", "es")
    assert again.code == 2
    assert (
        "encontrado: un archivo existente; se esperaba un nombre de archivo nuevo. Consejo: "
        "añada --force para reemplazarlo" in " ".join(again.stderr.split())
    )


# -- amounts in soles typed as text --------------------------------------------------------------
def test_text_cost_with_dot_thousands_is_refused_at_its_cell(edited: Callable[..., Path]) -> None:
    """`S/ 150.000` typed in a Text cell reads as 150 soles but means 150 000: a message."""
    path = edited(lambda book: book["projects"].cell(row=3, column=6, value="S/ 150.000"))
    error = _cell_error(path, "projects", "F3")
    assert error.field == "Cost (S/)" and error.got == "S/ 150.000"
    assert error.message("es") == (
        f"{path}, projects!F3: el campo 'Cost (S/)' vale 'S/ 150.000'; se esperaba un número "
        "entero de soles (p. ej. 120000 o 120,000). Consejo: un punto antes de tres cifras puede "
        "ser el separador decimal o el de miles: escriba 150000 si ese es el monto"
    )


def test_text_budget_with_dot_thousands_is_refused(edited: Callable[..., Path]) -> None:
    """The budget is written to region.yaml, where the text `900.000` was read as 900 soles."""
    path = edited(lambda book: book["regions"].cell(row=2, column=5, value="900.000"))
    error = _cell_error(path, "regions", "E2")
    assert error.field == "Budget (S/)" and "write 900000 if" in (error.hint or "")


@pytest.mark.parametrize(("text", "soles"), [("S/ 900,000", 900000), (" 1250000 ", 1250000)])
def test_text_amounts_read_as_in_a_csv_file(
    edited: Callable[..., Path], text: str, soles: int
) -> None:
    path = edited(lambda book: book["regions"].cell(row=2, column=5, value=text))
    assert load_workbook_dataset(path).regions[0].budget.budget_pen == soles


def test_a_cost_with_three_decimals_is_not_taken_for_thousands(
    edited: Callable[..., Path],
) -> None:
    """A number cell holding 150.125 is not whole soles; no tip about thousands separators."""
    path = edited(lambda book: book["projects"].cell(row=3, column=6, value=150.125))
    error = _cell_error(path, "projects", "F3")
    assert error.got == 150.125 and "whole number of soles" in error.expected
    assert error.hint is None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_damaged_workbook_is_said_so_without_library_names(
    cli: Callable[..., Run], tmp_path: Path, lang: str
) -> None:
    """A zip without the workbook's parts (openpyxl raises KeyError): one sentence, no
    exception name, nothing imported."""
    import zipfile

    damaged = tmp_path / "planning.xlsx"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    result = cli("import", str(damaged), str(tmp_path / "out"), "--lang", lang)
    assert result.code == 2 and not (tmp_path / "out").exists()
    assert "KeyError" not in result.stderr and len(result.stderr.splitlines()) == 1
    words = "damaged or incomplete .xlsx" if lang == "en" else ".xlsx dañado o incompleto"
    assert words in result.stderr


def test_template_and_import_speak_json(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Both workbook commands print one JSON document with --json: what was written, or the
    error (with nothing written)."""
    book = tmp_path / "planning.xlsx"
    written = cli("template", str(book), "--json")
    assert written.code == 0 and json.loads(written.stdout)["sheets"][0] == "README"
    assert json.loads(written.stdout)["roadmaps_left_out"] == []  # kept for tools reading it
    done = cli("import", str(book), str(tmp_path / "data"), "--json")
    payload = json.loads(done.stdout)
    embedded = load_dataset()
    assert payload["status"] == "ok" and payload["projects"] == len(embedded.projects)
    assert payload["regions"] == len(embedded.regions)
    again = cli("import", str(book), str(tmp_path / "data"), "--json")
    assert again.code == 2 and json.loads(again.stdout)["status"] == "error"
    refused = cli("template", str(book), "--json")
    assert refused.code == 2 and json.loads(refused.stdout)["error"]["got"] == "an existing file"


def test_a_workbook_with_a_broken_sheet_is_damaged_not_an_internal_error(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """A sheet's XML cut in half (openpyxl raises the XML parser's ParseError): exit 2, the
    damaged-workbook message, in JSON too; nothing imported."""
    import zipfile

    book, damaged = tmp_path / "planning.xlsx", tmp_path / "damaged.xlsx"
    assert cli("template", str(book)).code == 0
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    result = cli("import", str(damaged), str(tmp_path / "out"), "--json")
    assert result.code == 2 and not (tmp_path / "out").exists()
    assert json.loads(result.stdout)["error"]["got"] == "a damaged or incomplete .xlsx file"
    assert "ParseError" not in result.stderr


def test_a_huge_cost_cell_is_refused_at_its_cell(cli: Callable[..., Run], tmp_path: Path) -> None:
    """1e300 in a cost cell: the cell and the number as Excel shows it, not 300 digits."""
    book = tmp_path / "planning.xlsx"
    assert cli("template", str(book)).code == 0
    workbook = load_workbook(book)
    sheet = workbook["projects"]
    column = 1 + [c.value for c in sheet[1]].index("Cost (S/)")
    sheet.cell(row=2, column=column).value = 1e300
    workbook.save(book)
    result = cli("validate", "--inputs", str(book))
    assert result.code == 2
    assert result.stderr.endswith(
        "projects!F2: field 'Cost (S/)' is 1e+300; expected an amount of at most "
        "1,000,000,000,000 soles.\n"
    )


@pytest.mark.parametrize("hostile", ["=cmd|' /c calc'!A1", "@SUM(1+1)*cmd", "+1+1", "-2+3"])
def test_import_writes_no_live_formula_and_reads_its_own_form_back(
    cli: Callable[..., Run],
    edited: Callable[[Callable[[object], None]], Path],
    tmp_path: Path,
    hostile: str,
) -> None:
    """A project name typed as a formula in the workbook: `import` writes it defused into
    projects.csv (a file the README tells planners to open in Excel), and the data set reads
    the name back exactly as typed."""

    def rename(book: object) -> None:
        cell = book["projects"]["B2"]  # type: ignore[index]
        cell.value = hostile
        cell.data_type = "s"  # typed as text, as Excel stores '=... (not a formula)

    path = edited(rename)
    target = tmp_path / "imported"
    result = cli("import", str(path), str(target))
    assert result.code == 0, result.stderr
    lines = (target / "inputs" / "projects.csv").read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([lines[1]]))
    assert cells[1] == "'" + hostile  # a spreadsheet shows it as text, never runs it
    shown = json.loads(cli("show", "projects", "--inputs", str(target), "--json").stdout)
    assert shown[0]["name"] == hostile


def test_a_stray_far_cell_is_read_in_bounded_time_and_memory(
    edited: Callable[[Callable[[object], None]], Path],
) -> None:
    """One value typed in projects!A1048576 stretched the used range to a million rows, which
    reading cell by cell created (over 6 minutes and 3.3 GB); only stored cells are read now.
    Run in a process of its own, which reports its peak memory."""

    def stray(book: object) -> None:
        book["projects"]["A1048576"] = "x"  # type: ignore[index]

    path = edited(stray)
    code, megabytes, stderr = validate_with_peak(path)
    assert code == 2 and "projects!" in stderr and "1048576" in stderr
    assert megabytes < 200, megabytes  # about 60 MB here; the range as used would need GBs


def test_a_control_character_in_a_cell_is_refused(planning: Path) -> None:
    """Excel can store an escape character (`_x001B_` in its XML), which would reach terminals
    and reports: the reader names the cell instead. (openpyxl cannot write one, so the cell is
    handed to the reader directly.)"""
    from types import SimpleNamespace

    from prioritizer.data.workbook.read import _Cell, _WorkbookReader

    reader = _WorkbookReader(planning)
    hostile = SimpleNamespace(value="\x1b]0;pwned\x07Cusco", data_type="s")
    plain = SimpleNamespace(value=None, data_type="n")
    with pytest.raises(CellError) as caught:
        reader._value(hostile, plain, _Cell("projects", 2, 2, "Name (English)"))
    assert caught.value.cell == "B2" and "U+001B" in caught.value.message("en")
    assert "texto imprimible" in caught.value.message("es")


@pytest.mark.parametrize(("sheet", "column"), [("relevance_scale", "E"), ("saaty_scale", "D")])
def test_a_scale_row_with_another_source_is_refused_at_its_cell(
    edited: Callable[..., Path], sheet: str, column: str
) -> None:
    """A scale has one source: a second row citing another names the first row's cell."""
    path = edited(lambda book: book[sheet].__setitem__(f"{column}3", "my own notes"))
    error = _cell_error(path, sheet, f"{column}3")
    assert error.got == "my own notes"
    assert error.expected == (
        f"the same value as {column}2 (one for the whole table) or an empty cell"
    )


def test_a_random_index_row_with_another_citation_is_refused_at_its_cell(
    edited: Callable[..., Path],
) -> None:
    """The rows of one random-index table share its citation (empty cells take it)."""
    path = edited(lambda book: book["random_index"].__setitem__("C3", "another book"))
    error = _cell_error(path, "random_index", "C3")
    assert error.got == "another book"
    assert error.expected == "the citation of saaty-1980 as at C2, or an empty cell"
    emptied = edited(lambda book: book["random_index"].__setitem__("C3", None))
    assert load_workbook_dataset(emptied).random_index.get("saaty-1980").citation
