"""Text of input files: encodings (UTF-8, byte-order marks, Windows code pages, UTF-16),
CSV dialects (`,`, `;` and tabs; decimal commas) and the reader that remembers checksums.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from prioritizer.cells import FORMULA_TRIGGERS
from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.load.yaml_lines import _Alias, _DuplicateKey, _LineLoader, _syntax_error
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase

LIST_SEPARATOR = ";"


# -- low-level readers ---------------------------------------------------------------------------
def _decode(raw: bytes, shown: str) -> str:
    """Text as Spanish-locale tools write it: UTF-8 (with or without BOM), UTF-16 with BOM
    (Excel's "Unicode text"), else Windows-1252 (Excel's plain "CSV" on a Spanish Windows).

    A NUL byte is never text (UTF-16 without its BOM has one in every other byte), and the byte
    reported for other undecodable text is the one where the last reading tried fails.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:  # an odd number of bytes: the file is cut short
            raise _undecodable(raw, error.start, shown) from None
    if b"\x00" in raw:  # UTF-16 without BOM: a NUL in every other byte of Latin text
        utf16 = raw.count(b"\x00") * 4 >= len(raw)
        raise _undecodable(raw, raw.index(b"\x00"), shown, utf16=utf16)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _undecodable(raw, error.start, shown) from None


def _undecodable(raw: bytes, start: int, shown: str, *, utf16: bool = False) -> InputError:
    """Byte `start` of `raw` is not text: its line and value, and how to save the file."""
    return InputError(
        shown,
        row=raw[:start].count(b"\n") + 1,
        expected=phrase("text encoded as UTF-8 (or Windows-1252)"),
        got=phrase("byte {byte}", byte=f"0x{raw[start]:02x}"),
        hint=phrase(
            "the file looks like UTF-16 without its byte-order mark: "
            "save it as 'CSV UTF-8' (Excel) or UTF-8 text"
        )
        if utf16
        else phrase("save the file as 'CSV UTF-8' (Excel) or UTF-8 text"),
    )


def _delimiter(text: str) -> str:
    """The separator of a CSV file, from its header line: `,`, `;` (Spanish Excel) or a tab."""
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


# Evidence, in a tab-separated file, of how numbers are written: `16,5`, `0,3333`, `1.250.000`
# (Spanish Excel's "Unicode text") against `16.5`, `0.3333`, `1,250,000` (English Excel's).
_COMMA_DECIMALS = re.compile(r"[+-]?\d+,(\d{1,2}|\d{4,})|[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?")
_POINT_DECIMALS = re.compile(r"[+-]?\d*\.(\d{1,2}|\d{4,})|[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")


def _decimal_comma(text: str, delimiter: str) -> bool:
    """Whether numbers in the file use `,` as the decimal mark: always with `;` (Spanish
    Excel's CSV), never with `,`; with tabs, when some cell can only be read that way and none
    can only be read the English way (`120,000` alone decides nothing: it stays English)."""
    if delimiter != "\t":
        return delimiter == ";"
    cells = [cell.strip() for line in text.splitlines()[1:] for cell in line.split("\t")]
    comma = any(_COMMA_DECIMALS.fullmatch(cell) for cell in cells)
    point = any(_POINT_DECIMALS.fullmatch(cell) for cell in cells)
    return comma and not point


class _Reader:
    """Reads files once, remembering their sha256 for the run manifest."""

    def __init__(self, location: DatasetLocation, *, own: bool = False) -> None:
        """`own`: the user's own files (--matrix, --projects, …), not a data set's."""
        self.location = location
        self.own = own
        self.checksums: dict[str, str] = {}
        self.decimal_comma: dict[str, bool] = {}

    def text(self, path: Path) -> tuple[str, str]:
        shown = self.location.show(path)
        if path.is_dir():
            raise InputError(shown, expected=phrase("a file"), got=phrase("a folder"))
        if not path.is_file() and self.own:
            raise InputError(shown, expected=phrase("a file"), got=phrase("no such file"))
        if not path.is_file():
            raise InputError(
                shown,
                expected=phrase("this file to exist (it is part of every data set)"),
                hint=phrase("`prioritizer init DIR` writes a complete data set to start from"),
            )
        raw = path.read_bytes()
        self.checksums[shown] = hashlib.sha256(raw).hexdigest()
        if not raw.strip():
            raise InputError(
                shown, expected=phrase("a file with content"), got=phrase("an empty file")
            )
        text = _decode(raw, shown)
        _refuse_control_characters(text, shown)
        return shown, text

    def yaml(self, path: Path) -> tuple[str, Any]:
        shown, text = self.text(path)
        try:
            return shown, yaml.load(text, Loader=_LineLoader)
        except _DuplicateKey as error:
            raise InputError(
                shown,
                row=error.line,
                field=str(error.key),
                expected=phrase("each key once in its mapping"),
                got=phrase("a repeated key"),
            ) from None
        except _Alias as error:
            raise InputError(
                shown,
                row=error.line,
                expected=phrase("values written out (YAML anchors and aliases are not read)"),
                got=phrase("an alias (*name)"),
            ) from None
        except yaml.YAMLError as error:
            raise _syntax_error(shown, error) from None

    def csv(
        self,
        path: Path,
        required: Sequence[str],
        optional: Sequence[str] = (),
        *,
        most: tuple[int, Phrase] | None = None,
    ) -> tuple[str, list[tuple[int, dict[str, str]]]]:
        """The file's rows by column name; `most` (count, what a row is) refuses a longer file
        before any row is read into values."""
        shown, text = self.text(path)
        delimiter = _delimiter(text)
        self.decimal_comma[shown] = _decimal_comma(text, delimiter)
        (header_line, header_cells), *body = _plain_rows(text, shown, delimiter)
        if most is not None and len(body) > most[0]:
            raise InputError(
                shown,
                expected=phrase(
                    "at most {count} {what} (the sizes prioritizer supports: README, Sizes)",
                    count=most[0],  # no separator: read alike in English and Spanish
                    what=most[1],
                ),
                got=phrase("{count} rows", count=len(body)),
                hint=phrase("split the file, or keep the rows that can still be chosen"),
            )
        header = [cell.strip() for cell in header_cells]
        header, body = _without_empty_trailing_columns(shown, header_line, header, body)
        _check_header(shown, header_line, header, required, optional)
        rows: list[tuple[int, dict[str, str]]] = []
        for start, cells in body:
            if len(cells) != len(header):
                extra = cells[len(header) :]
                raise InputError(
                    shown,
                    row=start,
                    expected=phrase("{count} values, one per column", count=len(header)),
                    got=phrase("{count} values", count=len(cells)),
                    hint=_count_hint(extra, len(cells) > len(header)),
                )
            rows.append(
                (start, {h: _undefused(c.strip()) for h, c in zip(header, cells, strict=True)})
            )
        if not rows:
            raise InputError(
                shown,
                expected=phrase("at least one data row under the header"),
                got=phrase("none"),
            )
        return shown, rows


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab and line ends: an escape sequence in a name (`\x1b[31m`,
`\x1b]0;title\x07`) would reach every terminal, report and CSV the tool writes."""


def _refuse_control_characters(text: str, shown: str) -> None:
    """Refuse a file holding a control character, naming its line and the character."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    raise InputError(
        shown,
        row=line,
        expected=phrase("printable text (no control characters such as escape sequences)"),
        got=phrase("the control character {code}", code=f"U+{ord(found.group()):04X}"),
    )


def _check_header(
    file: str, line: int, header: Sequence[str], required: Sequence[str], optional: Sequence[str]
) -> None:
    """Refuses a header with a column not allowed, a required one missing or one repeated."""
    at_header = partial(InputError, file, row=line)
    allowed = [*required, *optional]
    for column in header:
        if column not in allowed:
            raise at_header(
                field=column,
                expected=phrase("one of the columns {columns}", columns=", ".join(allowed)),
                got=column,
            )
    for column in required:
        if column not in header:
            raise at_header(
                field=column,
                expected=phrase("a column named '{column}'", column=column),
                got=phrase("no such column"),
            )
    if len(set(header)) != len(header):
        repeated = next(c for c in header if header.count(c) > 1)
        raise at_header(field=repeated, expected=phrase("each column once"), got=phrase("twice"))


def _undefused(cell: str) -> str:
    """A cell as typed: the apostrophe that keeps a spreadsheet from running `=...` (see
    `cells.defuse`, used by every CSV the tool writes) is not part of the value."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def _count_hint(extra: list[str], too_many: bool) -> Phrase:
    """Why a row has another number of values than the header: a separator left at its end,
    a name holding the separator, or a missing value."""
    if too_many and not any(cell.strip() for cell in extra):
        return phrase("the row ends with an extra separator; remove it")
    if too_many:
        return phrase("a name containing the separator must be in double quotes")
    return phrase("every row needs a value (or an empty one) for each column")


def _without_empty_trailing_columns(
    shown: str, header_line: int, header: list[str], body: list[tuple[int, list[str]]]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Drop the unnamed, empty columns a spreadsheet leaves at the end (`id,cost,,,`); an
    unnamed column that holds a value is an error that says so."""
    named = len(header)
    while named and not header[named - 1]:
        named -= 1
    if named == len(header):
        if "" in header:
            raise InputError(
                shown,
                row=header_line,
                field=phrase("column {number}", number=header.index("") + 1),
                expected=phrase("a name for every column (empty column headers are not allowed)"),
                got=phrase("nothing"),
            )
        return header, body
    for start, cells in body:
        filled = [i for i, cell in enumerate(cells[named:]) if cell.strip()]
        if filled:
            raise InputError(
                shown,
                row=start,
                field=phrase("column {number}", number=named + filled[0] + 1),
                expected=phrase("a name for every column (empty column headers are not allowed)"),
                got=phrase("a value under an empty header"),
            )
    return header[:named], [(start, cells[:named]) for start, cells in body]


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def _plain_rows(text: str, shown: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of a CSV text with the line each starts on; the first is the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as error:
        raise InputError(
            shown,
            row=reader.line_num,
            expected=phrase("well-formed CSV"),
            got=phrase("{detail}", detail=str(error)),
        ) from None
    if not rows:
        raise InputError(shown, expected=phrase("a header row"), got=phrase("nothing"))
    return rows
