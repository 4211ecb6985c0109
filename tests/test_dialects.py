"""Files as Spanish-locale tools write them are read correctly, not rejected."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritizer.data.load import (
    load_dataset,
    load_decision_csv,
    load_pairwise_csv,
    parse_number,
    whole_soles,
)
from prioritizer.errors import InputError

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
        f"DATA/{SEVERITIES}, línea 4: encontrado: el byte 0x81; se esperaba texto codificado en "
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


# -- numbers and encodings that used to be misread ---------------------------------------------
def _message(call: Callable[[], object], lang: str = "en") -> str:
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.message(lang)


def test_dot_thousands_in_a_comma_file_is_refused(data_copy: Path) -> None:
    """`150.000` in a `,` file reads as 150 soles but was typed as 150 000: a message, with the
    amount to write."""

    def dotted(rows: list[list[str]]) -> list[list[str]]:
        rows[2][rows[0].index("cost_pen")] = "150.000"
        return rows

    _rewrite_csv(data_copy / PROJECTS, transform=dotted)
    assert _spanish(data_copy) == (
        f"DATA/{PROJECTS}, línea 3: el campo 'cost_pen' vale '150.000'; se esperaba un número "
        "entero de soles (p. ej. 120000 o 120,000). Consejo: un punto antes de tres cifras puede "
        "ser el separador decimal o el de miles: escriba 150000 si ese es el monto"
    )


@pytest.mark.parametrize("text", ["150.000", "S/ 1.250.000", "-150.500"])
def test_dot_grouped_amounts_are_ambiguous_in_comma_files(text: str) -> None:
    message = _message(lambda: whole_soles(text, file="p.csv", line=3, field="cost"))
    assert f"'{text}'" in message and "whole number of soles" in message
    assert f"write {text.removeprefix('S/ ').replace('.', '')} if" in message


@pytest.mark.parametrize(
    ("text", "soles"),
    [("150000", 150000), ("150,000", 150000), ("150000.000", 150000), ("0.000", 0)],
)
def test_unambiguous_amounts_in_comma_files(text: str, soles: int) -> None:
    assert whole_soles(text, file="p.csv", line=2, field="cost") == soles


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1000, max_value=10**12))
def test_prop_dot_grouped_soles_are_thousands_with_semicolons_and_refused_with_commas(
    amount: int,
) -> None:
    dotted = f"{amount:,}".replace(",", ".")
    assert whole_soles(dotted, file="p.csv", line=2, field="c", decimal_comma=True) == amount
    with pytest.raises(InputError):
        whole_soles(dotted, file="p.csv", line=2, field="c")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0.25", 0.25),  # a `.` before one or two digits: a decimal point
        ("0.5", 0.5),
        ("-1.75", -1.75),
        ("0.2500", 0.25),  # four digits cannot be a group of thousands either
        ("0.125", 0.125),  # nor can a group that starts with 0 (it used to read as 125)
        ("1234.567", 1234.567),  # nor four digits before the dot
        ("0,25", 0.25),
        ("1.250", 1250.0),  # a `.` before three digits groups thousands, as Spanish Excel writes
        ("1.250,5", 1250.5),
        ("1.250.000", 1250000.0),
        ("1/3", 1 / 3),
        ("0,2/1", 0.2),
    ],
)
def test_numbers_in_semicolon_files(text: str, number: float) -> None:
    read = parse_number(text, file="m.csv", line=2, field="x", decimal_comma=True)
    assert read == pytest.approx(number, rel=1e-15)


def test_soles_with_a_decimal_point_in_a_semicolon_file_are_refused() -> None:
    """`120.5` used to lose its dot (1205 soles); it is 120.5, not whole soles."""
    message = _message(
        lambda: whole_soles("S/ 120.5", file="p.csv", line=2, field="cost", decimal_comma=True)
    )
    assert "'S/ 120.5'" in message and "whole number of soles (e.g. 120.000)" in message


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_dot_decimal_weights_in_a_semicolon_file(tmp_path: Path) -> None:
    matrix = _write(tmp_path / "m.csv", "id;cost;quality\nA;250;16,5\nB;1.200;8\n")
    criteria = _write(tmp_path / "c.csv", "id;type;weight\ncost;cost;0.25\nquality;benefit;0.75\n")
    read = load_decision_csv(matrix, criteria)
    assert read.weights == (0.25, 0.75)
    assert read.matrix == ((250.0, 16.5), (1200.0, 8.0))


def test_decimal_comma_in_a_semicolon_pairwise_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.csv", "id;price;speed\nprice;1;5\nspeed;0,2;1\n")
    assert load_pairwise_csv(path).matrix == ((1.0, 5.0), (0.2, 1.0))
    comma = _write(tmp_path / "q.csv", 'id,price,speed\nprice,1,5\nspeed,"0,2",1\n')
    assert "'0,2'" in _message(lambda: load_pairwise_csv(comma))


def test_empty_matrix_cell_asks_for_a_finite_number(tmp_path: Path) -> None:
    matrix = _write(tmp_path / "m.csv", "id,cost,quality\nA,250,16\nB,200,\n")
    criteria = _write(tmp_path / "c.csv", "id,type,weight\ncost,cost,1\nquality,benefit,1\n")
    assert _message(lambda: load_decision_csv(matrix, criteria), "es") == (
        f"{matrix}, línea 3: el campo 'quality' vale ''; se esperaba un número finito."
    )


def test_percent_weight_says_to_drop_the_sign(tmp_path: Path) -> None:
    matrix = _write(tmp_path / "m.csv", "id,cost,quality\nA,250,16\nB,200,8\n")
    criteria = _write(tmp_path / "c.csv", "id,type,weight\ncost,cost,40%\nquality,benefit,60\n")
    assert _message(lambda: load_decision_csv(matrix, criteria)) == (
        f"{criteria}, line 2: field 'weight' is '40%'; expected a weight (a number >= 0). "
        "Tip: write 40 without the % sign: weights are rescaled to sum to 1"
    )


def test_undecodable_byte_is_where_windows_1252_fails(data_copy: Path) -> None:
    """DOS code page 850 text: `õ` (0xf5, fine in Windows-1252) on line 2 is not the problem;
    0x81 (`ü`, no Windows-1252 character) on line 5 is."""
    path = data_copy / SEVERITIES
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"report", b"rep\xf5rt", 1)
    lines[4] = lines[4].replace(b"report", b"rep\x81rt", 1)
    path.write_bytes(b"\n".join(lines))
    message = _spanish(data_copy)
    assert message.startswith(f"DATA/{SEVERITIES}, línea 5: ") and "el byte 0x81" in message


def test_utf16_without_bom_is_named(data_copy: Path) -> None:
    """Without its byte-order mark UTF-16 would decode as Windows-1252 with a NUL in every other
    character; it is refused at its first NUL, with a tip that names UTF-16."""
    path = data_copy / SEVERITIES
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    message = _spanish(data_copy)
    assert message.startswith(f"DATA/{SEVERITIES}, línea 1: ") and "el byte 0x00" in message
    assert message.endswith(
        "Consejo: el archivo parece estar en UTF-16 sin su marca de orden de bytes (BOM): "
        "guárdelo como 'CSV UTF-8' (Excel) o como texto UTF-8"
    )
    assert "\x00" not in message


def test_a_stray_nul_byte_is_refused_on_its_line(data_copy: Path) -> None:
    path = data_copy / SEVERITIES
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"report", b"rep\x00ort", 1)
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError) as caught:
        load_dataset(data_copy)
    message = caught.value.message()
    assert ", line 3: found byte 0x00;" in message and "UTF-16" not in message


def test_utf16_cut_short_is_a_message(data_copy: Path) -> None:
    path = data_copy / SEVERITIES
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16")[:-1])
    with pytest.raises(InputError) as caught:
        load_dataset(data_copy)
    assert "UTF-8" in caught.value.message()


def test_a_short_row_is_not_told_to_quote_names(tmp_path: Path) -> None:
    """Too many values: a name with the separator needs quotes; too few: a value is missing."""
    from prioritizer.data.load import load_candidates_csv

    short, long = tmp_path / "short.csv", tmp_path / "long.csv"
    short.write_text("id,cost,value,name\nA,100,1\n", encoding="utf-8")
    long.write_text("id,cost,value,name\nA,100,1,Café, Puno\n", encoding="utf-8")
    for path, hint in ((short, "a value (or an empty one)"), (long, "double quotes")):
        with pytest.raises(InputError) as caught:
            load_candidates_csv(path)
        assert hint in str(caught.value) and caught.value.row == 2
