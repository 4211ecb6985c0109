"""Pairwise judgments as analysts print them: a full or upper-triangle matrix, or a pair list
(`row,column,value`), with decimals such as 0.33 read as the reciprocal they round (with a note).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.load.numbers import parse_number
from prioritizer.data.load.sizes import MAX_CRITERIA
from prioritizer.data.load.text import _decimal_comma, _delimiter, _plain_rows, _Reader
from prioritizer.data.load.user_files import load_pairwise_csv
from prioritizer.errors import InputError, InvalidMatrix
from prioritizer.phrases import Phrase, phrase

SCALE_DENOMINATORS = range(2, 10)
"""The k of the reciprocals 1/k that a printed decimal may stand for (Saaty's 1-9 scale)."""

PAIR_HEADER = ("row", "column", "value")
"""The header of a pair list: `row` judged `value` times as important as `column`."""

_DECIMAL = re.compile(r"^\s*0?([.,])(\d+)\s*$")


def printed_reciprocals(text: str) -> tuple[int, ...]:
    """The k (2-9) whose 1/k rounds to `text` at the decimals it shows: |text − 1/k| ≤ half a
    unit of its last digit (0.33 → 3, 0.14 → 7, 0.1 → 7, 8, 9); () when `text` is not such a
    decimal or is a reciprocal exactly (0.2, 0.25: nothing to read differently)."""
    match = _DECIMAL.match(text)
    if match is None:
        return ()
    digits = match.group(2)
    printed = Decimal(f"0.{digits}")
    half_unit = Decimal(5) / Decimal(10) ** (len(digits) + 1)
    if any(printed * k == 1 for k in SCALE_DENOMINATORS):
        return ()
    return tuple(k for k in SCALE_DENOMINATORS if abs(printed - Decimal(1) / k) <= half_unit)


def read_judgment(
    text: str, mirror: float, *, file: str, line: int | None, field: str, decimal_comma: bool
) -> tuple[float, int | None]:
    """A judgment's value and, when a printed decimal is read as 1/k, that k.

    `mirror` is the judgment of the same pair the other way round (NaN if not given): a decimal
    is read as 1/mirror when it rounds it (0.1 beside 9 is 1/9) and kept as written otherwise
    (0.33 beside 4: the reciprocity check refuses it, as before). Without a mirror, a decimal
    that rounds several reciprocals is refused: which fraction is meant would be a guess.
    """
    value = parse_number(text, file=file, line=line, field=field, decimal_comma=decimal_comma)
    candidates = printed_reciprocals(text)
    if not candidates:
        return value, None
    if not math.isnan(mirror):
        whole = round(mirror)
        if whole in candidates and mirror == whole:
            return 1.0 / whole, whole
        return value, None
    if len(candidates) == 1:
        return 1.0 / candidates[0], candidates[0]
    raise InputError(
        file,
        row=line,
        field=field,
        got=text,
        expected=phrase(
            "a fraction: {text} is the rounding of {fractions}",
            text=text.strip(),
            fractions=", ".join(f"1/{k}" for k in candidates),
        ),
    )


@dataclass(frozen=True, slots=True)
class Judgments:
    """A pairwise matrix read from a file, each cell traced to the line and column it came from,
    with the notes on how printed values were read."""

    file: str
    ids: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    notes: tuple[Phrase, ...] = ()
    cells: Mapping[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    """(row, column) index → (line, column name) where that judgment or its mirror was written."""

    def locate(self, error: InvalidMatrix) -> InputError:
        """The kernel's complaint about a cell, pointed at the line where it was written."""
        where = None if error.row is None or error.column is None else (error.row, error.column)
        line, column = self.cells.get(where, (None, None)) if where else (None, None)
        return InputError(
            self.file,
            row=line,
            field=column if column is not None else error.field,
            expected=error.expected,
            got=error.got,
        )


def load_judgments(path: Path) -> Judgments:
    """A pairwise matrix file (blank lower triangle: the reciprocals of the upper) or a pair list
    with the header `row,column,value`; pairs not given stay NaN (judgments not given)."""
    reader = _Reader(DatasetLocation(path.parent, path.parent, str(path.parent)), own=True)
    _, text = reader.text(path)
    delimiter = _delimiter(text)
    rows = _plain_rows(text, str(path), delimiter)
    header = tuple(cell.strip().lower() for cell in rows[0][1])
    if header == PAIR_HEADER:
        return _pair_list(str(path), rows[1:], _decimal_comma(text, delimiter))
    return _matrix(path, _decimal_comma(text, delimiter))


def _matrix(path: Path, comma: bool) -> Judgments:
    read = load_pairwise_csv(path)
    n = len(read.ids)
    values = [list(row) for row in read.matrix]
    cells = {(i, j): (i + 2, read.ids[j]) for i in range(n) for j in range(n)}
    snapped: dict[str, list[str]] = {}
    for i in range(n):
        for j in range(n):
            text = read.texts[i][j]
            if i == j or not text.strip():
                continue
            value, k = read_judgment(
                text,
                read.matrix[j][i],
                file=read.file,
                line=i + 2,
                field=read.ids[j],
                decimal_comma=comma,
            )
            values[i][j] = value
            if k is not None:
                snapped.setdefault(f"{text.strip()}→1/{k}", []).append(
                    f"{read.ids[i]}/{read.ids[j]}"
                )
    _fill_mirrors(values, cells)
    notes = _notes(snapped) + off_scale(values, read.ids)
    return Judgments(read.file, read.ids, _frozen(values), notes, cells)


def _pair_list(shown: str, body: list[tuple[int, list[str]]], comma: bool) -> Judgments:
    ids: list[str] = []
    given: dict[tuple[str, str], tuple[int, str]] = {}
    for line, written in body:
        if len(written) != len(PAIR_HEADER) or not written[0].strip() or not written[1].strip():
            raise InputError(
                shown,
                row=line,
                expected=phrase("row, column and value (e.g. price,comfort,3)"),
                got=",".join(written),
            )
        row, column = written[0].strip(), written[1].strip()
        if (row, column) in given or (column, row) in given:
            raise InputError(
                shown, row=line, expected=phrase("each pair once"), got=f"{row}, {column}"
            )
        given[(row, column)] = (line, written[2])
        ids += [name for name in (row, column) if name not in ids]
    if len(ids) > MAX_CRITERIA:
        raise InputError(
            shown,
            expected=phrase(
                "at most {count} {what} (the sizes prioritizer supports: README, Sizes)",
                count=f"{MAX_CRITERIA:,}",
                what=phrase("criteria"),
            ),
            got=len(ids),
        )
    index = {name: position for position, name in enumerate(ids)}
    values = [[math.nan] * len(ids) for _ in ids]
    cells: dict[tuple[int, int], tuple[int, str]] = {}
    snapped: dict[str, list[str]] = {}
    for (row, column), (line, text) in given.items():
        i, j = index[row], index[column]
        value, k = read_judgment(
            text, math.nan, file=shown, line=line, field="value", decimal_comma=comma
        )
        values[i][j] = value
        cells[(i, j)] = (line, "value")
        if k is not None:
            snapped.setdefault(f"{text.strip()}→1/{k}", []).append(f"{row}/{column}")
    _fill_mirrors(values, cells)
    notes = _notes(snapped) + off_scale(values, ids)
    return Judgments(shown, tuple(ids), _frozen(values), notes, cells)


def _fill_mirrors(values: list[list[float]], cells: dict[tuple[int, int], tuple[int, str]]) -> None:
    """A judgment given one way only implies its reciprocal the other way (and where it was
    written is where a complaint about either cell points); a blank diagonal is 1."""
    n = len(values)
    for i in range(n):
        if math.isnan(values[i][i]):
            values[i][i] = 1.0
        for j in range(n):
            if i != j and math.isnan(values[i][j]) and not math.isnan(values[j][i]):
                values[i][j] = 1.0 / values[j][i]
                if (j, i) in cells:
                    cells[(i, j)] = cells[(j, i)]


def _frozen(values: list[list[float]]) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(row) for row in values)


def off_scale(values: Sequence[Sequence[float]], ids: Sequence[str]) -> tuple[Phrase, ...]:
    """A note naming the judgments beyond Saaty's scale (more than 9 times either way): they
    are used as the ratios written, but the random index behind the CR assumes that scale."""
    beyond = [
        f"{ids[i]}/{ids[j]} = {values[i][j]:g}"
        for i in range(len(ids))
        for j in range(len(ids))
        if i != j and not math.isnan(values[i][j]) and values[i][j] > 9 * (1 + 1e-9)
    ]
    if not beyond:
        return ()
    return (
        phrase(
            "{judgments} beyond Saaty's scale (1/9 to 9): used as the ratios written, but the CR's"
            " random index assumes that scale",
            judgments=", ".join(beyond),
        ),
    )


def _notes(snapped: Mapping[str, list[str]]) -> tuple[Phrase, ...]:
    """One note per printed decimal read as a reciprocal, naming the judgments that had it."""
    return tuple(
        phrase(
            "{printed} read as {fraction}, the reciprocal it rounds ({judgments})",
            printed=reading.split("→")[0],
            fraction=reading.split("→")[1],
            judgments=", ".join(judgments),
        )
        for reading, judgments in snapped.items()
    )
