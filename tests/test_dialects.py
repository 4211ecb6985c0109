"""Files as Spanish-locale tools write them are read correctly, not rejected."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from prioritizer.errors import InputError
from prioritizer.load import load_dataset

SEVERITIES = "inputs/regions/cusco/severities.csv"
PROJECTS = "inputs/projects.csv"


def _rewrite_csv(
    path: Path, *, delimiter: str = ",", encoding: str = "utf-8", transform=None
) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    if transform is not None:
        rows = transform(rows)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


IGNORED = {"location", "files", "checksums"}


def _same(a: object, b: object) -> bool:
    dump = lambda items: [item.model_dump() for item in items]  # noqa: E731
    return dump(a) == dump(b)  # type: ignore[arg-type]


def test_a_copy_reads_the_same(data_copy: Path) -> None:
    assert load_dataset(data_copy).model_dump(exclude=IGNORED) == load_dataset().model_dump(
        exclude=IGNORED
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_encodings(data_copy: Path, encoding: str) -> None:
    _rewrite_csv(data_copy / SEVERITIES, encoding=encoding)
    _rewrite_csv(data_copy / PROJECTS, encoding=encoding)
    data = load_dataset(data_copy)
    reference = load_dataset()
    assert _same(data.region("cusco").severities, reference.region("cusco").severities)
    assert [p.name.es for p in data.projects] == [p.name.es for p in reference.projects]
    assert "Diagnóstico de competitividad del café del Cusco" in [p.name.es for p in data.projects]


def test_semicolons_decimal_commas_and_thousands(data_copy: Path) -> None:
    """Spanish Excel: `;` separators, `S/ 120.000` with `.` grouping thousands."""

    def spanish_money(rows: list[list[str]]) -> list[list[str]]:
        column = rows[0].index("cost_pen")
        for row in rows[1:]:
            row[column] = "S/ " + f"{int(row[column]):,}".replace(",", ".")
        return rows

    _rewrite_csv(data_copy / PROJECTS, delimiter=";", encoding="cp1252", transform=spanish_money)
    assert "S/ 120.000" in (data_copy / PROJECTS).read_text(encoding="cp1252")
    data = load_dataset(data_copy)
    assert [p.cost_pen for p in data.projects] == [p.cost_pen for p in load_dataset().projects]


def test_english_thousands_separator_in_quotes(data_copy: Path) -> None:
    def english_money(rows: list[list[str]]) -> list[list[str]]:
        column = rows[0].index("cost_pen")
        for row in rows[1:]:
            row[column] = f"{int(row[column]):,}"
        return rows

    _rewrite_csv(data_copy / PROJECTS, transform=english_money)
    assert '"120,000"' in (data_copy / PROJECTS).read_text(encoding="utf-8")
    assert load_dataset(data_copy).projects[0].cost_pen == 120000


def test_tab_separated(data_copy: Path) -> None:
    _rewrite_csv(data_copy / SEVERITIES, delimiter="\t")
    assert _same(
        load_dataset(data_copy).region("cusco").severities,
        load_dataset().region("cusco").severities,
    )


def test_levels_in_spanish_or_lower_case(data_copy: Path) -> None:
    path = data_copy / SEVERITIES
    text = path.read_text(encoding="utf-8")
    text = text.replace("lack-of-connection,VERY HIGH,", "lack-of-connection,muy alta,")
    text = text.replace("low-training,HIGH,", "low-training,Alta,")
    text = text.replace("limited-leadership,MEDIUM,", "limited-leadership,medium,")
    path.write_text(text, encoding="utf-8")
    region = load_dataset(data_copy).region("cusco")
    levels = {s.gap: s.level for s in region.severities}
    assert levels["lack-of-connection"] == "VERY HIGH"
    assert levels["low-training"] == "HIGH" and levels["limited-leadership"] == "MEDIUM"


def test_blank_lines_are_skipped(data_copy: Path) -> None:
    path = data_copy / SEVERITIES
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0], "", *lines[1:4], ",,,", *lines[4:], "", ""]), encoding="utf-8"
    )
    data = load_dataset(data_copy)
    assert len(data.region("cusco").severities) == 9


# -- what cannot be read, said in Spanish ------------------------------------------------------
def _spanish(root: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_dataset(root)
    return caught.value.message("es").replace(str(root), "DATA")


def test_undecodable_byte_in_spanish(data_copy: Path) -> None:
    """0x81 is neither UTF-8 here nor a Windows-1252 character: the one byte no reading fits."""
    path = data_copy / SEVERITIES
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"report", b"rep\x81ort", 1)
    path.write_bytes(b"\n".join(lines))
    assert _spanish(data_copy) == (
        f"DATA/{SEVERITIES}, línea 4: se encontró el byte 0x81; se esperaba texto codificado en "
        "UTF-8 (o Windows-1252). Consejo: guarde el archivo como 'CSV UTF-8' (Excel) o como "
        "texto UTF-8"
    )


def test_decimal_soles_in_a_semicolon_file_in_spanish(data_copy: Path) -> None:
    """With `;` separators `.` groups thousands, so the example shown is `120.000`."""

    def cents(rows: list[list[str]]) -> list[list[str]]:
        rows[1][rows[0].index("cost_pen")] = "S/ 120.000,50"
        return rows

    _rewrite_csv(data_copy / PROJECTS, delimiter=";", transform=cents)
    assert _spanish(data_copy) == (
        f"DATA/{PROJECTS}, línea 2: el campo 'cost_pen' vale 'S/ 120.000,50'; "
        "se esperaba un número entero de soles (p. ej. 120.000)."
    )


def test_unknown_spanish_level_in_spanish(data_copy: Path) -> None:
    path = data_copy / SEVERITIES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("low-training,HIGH,", "low-training,altísima,"), encoding="utf-8")
    assert _spanish(data_copy) == (
        f"DATA/{SEVERITIES}, línea 6: el campo 'level' vale 'altísima'; "
        "se esperaba un nivel de la escala de relevancia (LOW / MEDIUM / HIGH / VERY HIGH)."
    )
