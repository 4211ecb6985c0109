"""A user's own files outside a data set: a pairwise matrix (`weights ahp`), a decision
matrix with its criteria (`rank --matrix`), candidate projects (`portfolio --projects`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.load.numbers import finite_number, parse_number, whole_soles
from prioritizer.data.load.preference import COLUMNS as PREFERENCE_COLUMNS
from prioritizer.data.load.preference import read_preference
from prioritizer.data.load.sizes import MAX_ALTERNATIVES, MAX_CANDIDATES, MAX_CRITERIA
from prioritizer.data.load.text import _decimal_comma, _delimiter, _plain_rows, _Reader, _split
from prioritizer.errors import InputError, InvalidMatrix
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.portfolio_checks import PROJECT_ID, is_project_id
from prioritizer.results.promethee import Preference


# -- a user's own matrices -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PairwiseFile:
    """A pairwise comparison matrix read from CSV: criterion ids and the numbers, row by row."""

    file: str
    ids: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    texts: tuple[tuple[str, ...], ...] = ()
    """The cells as written (`0.33`, `1/3`), row by row: how a printed decimal is read."""

    def locate(self, error: InvalidMatrix) -> InputError:
        """The kernel's complaint about the matrix, pointed at this file's line and column."""
        return _locate(error, self.file, self.ids)


def _locate(error: InvalidMatrix, file: str, columns: Sequence[str]) -> InputError:
    """A kernel's complaint about row r, column c of a CSV matrix: line r + 2, that column."""
    field = columns[error.column] if error.column is not None else error.field
    line = None if error.row is None else error.row + 2
    return InputError(file, row=line, field=field, expected=error.expected, got=error.got)


def load_pairwise_csv(path: Path) -> PairwiseFile:
    """A square matrix with criterion ids in the header row and, in the same order, the first
    column; cells are positive numbers or fractions like `1/3`, or blank where no judgment is
    given (NaN)."""
    location = DatasetLocation(path.parent, path.parent, str(path.parent))
    reader = _Reader(location, own=True)
    shown = str(path)
    _, text = reader.text(path)
    delimiter = _delimiter(text)
    comma = _decimal_comma(text, delimiter)
    rows = _plain_rows(text, shown, delimiter)
    header, body = rows[0][1], rows[1:]
    ids = tuple(cell.strip() for cell in header[1:])
    if not ids:
        raise InputError(
            shown,
            row=1,
            expected=phrase("a header row with the criterion ids after the first cell"),
            got=phrase("no ids"),
        )
    if len(set(ids)) != len(ids):
        raise InputError(
            shown,
            row=1,
            expected=phrase("each criterion id once in the header"),
            got=next(i for i in ids if ids.count(i) > 1),
        )
    if len(body) != len(ids):
        raise InputError(
            shown,
            expected=phrase("a square matrix: {count} rows for {count} columns", count=len(ids)),
            got=phrase("{count} rows", count=len(body)),
        )
    matrix = []
    for (line, cells), expected_id in zip(body, ids, strict=True):
        if cells[0].strip() != expected_id:
            raise InputError(
                shown,
                row=line,
                field=phrase("first column"),
                expected=phrase("the id {id!r} (rows in the header's order)", id=expected_id),
                got=cells[0].strip(),
            )
        if len(cells) != len(ids) + 1:
            raise InputError(
                shown,
                row=line,
                expected=phrase(
                    "{cells} cells (an id and {count} numbers)", cells=len(ids) + 1, count=len(ids)
                ),
                got=phrase("{count} cells", count=len(cells)),
            )
        matrix.append(
            tuple(
                math.nan
                if not cell.strip()
                else parse_number(cell, file=shown, line=line, field=column, decimal_comma=comma)
                for cell, column in zip(cells[1:], ids, strict=True)
            )
        )
    texts = tuple(tuple(cells[1:]) for _, cells in body)
    return PairwiseFile(shown, ids, tuple(matrix), texts)


@dataclass(frozen=True, slots=True)
class DecisionFile:
    """A user's decision matrix (alternatives x criteria) with the criteria's types and weights."""

    file: str
    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    types: tuple[int, ...]
    weights: tuple[float, ...]
    weights_given: bool = True
    """False when the criteria file has no weights (then `weights` are equal placeholders and
    the weights come from the data: `rank --weights entropy|critic|std`)."""
    preferences: tuple[Preference, ...] | None = None
    """PROMETHEE's preference function per criterion; None when the file has no such column."""

    def locate(self, error: InvalidMatrix) -> InputError:
        """The kernel's complaint about the matrix, pointed at this file's line and criterion."""
        return _locate(error, self.file, self.criteria)


def _new_id(
    row: dict[str, str], seen: Sequence[str], file: str, line: int, expected: Phrase
) -> str:
    """The row's `id`, refused when it is blank or one of the ids `seen` on earlier rows."""
    value = row["id"]
    if not value or value in seen:
        raise InputError(
            file, row=line, field="id", expected=expected, got=value or phrase("nothing")
        )
    return value


def _weight(cell: str, file: str, line: int, comma: bool) -> float:
    """A criterion's weight: a finite number >= 0, written without a % sign."""
    expected = phrase("a weight (a number >= 0)")
    if not cell:
        raise InputError(file, row=line, field="weight", expected=expected, got=phrase("nothing"))
    if cell.endswith("%"):
        raise InputError(
            file,
            row=line,
            field="weight",
            expected=expected,
            got=cell,
            hint=phrase(
                "write {number} without the % sign: weights are rescaled to sum to 1",
                number=cell.removesuffix("%").strip(),
            ),
        )
    return _at_least_zero(
        cell, file, line, "weight", comma, phrase("a finite number >= 0"), unreadable=expected
    )


def _at_least_zero(
    cell: str,
    file: str,
    line: int,
    field: str,
    comma: bool,
    expected: Phrase,
    *,
    unreadable: Phrase | None = None,
) -> float:
    """A finite number >= 0 (a weight, a candidate's value); `expected` is what a negative or
    infinite one is told, `unreadable` what a cell that is no number at all is told."""
    number = parse_number(
        cell, file=file, line=line, field=field, decimal_comma=comma, expected=unreadable
    )
    if not 0 <= number < float("inf"):
        raise InputError(file, row=line, field=field, expected=expected, got=cell)
    return number


def load_decision_csv(
    matrix_path: Path, criteria_path: Path, *, weights_needed: bool = True
) -> DecisionFile:
    """M.csv: `id` then one column per criterion; C.csv: `id`, `type` (benefit|cost), `weight`
    (optional when `weights_needed` is False: objective weights come from the data) and, for
    PROMETHEE, optional `preference` (usual, ushape, vshape, level, linear, gaussian) with the
    thresholds `q`, `p`, `s` that function takes."""
    reader = _Reader(DatasetLocation(criteria_path.parent, matrix_path.parent, "user"), own=True)
    needed = ["id", "type", "weight"] if weights_needed else ["id", "type"]
    extra = ["name", "unit"] if weights_needed else ["weight", "name", "unit"]
    shown_c, rows = reader.csv(
        criteria_path,
        needed,
        [*extra, *PREFERENCE_COLUMNS],
        most=(MAX_CRITERIA, phrase("criteria")),
    )
    with_preferences = any(column in row for _, row in rows[:1] for column in PREFERENCE_COLUMNS)
    preferences: list[Preference] = []
    given = weights_needed or any(row.get("weight", "") for _, row in rows)
    comma = reader.decimal_comma[shown_c]
    criteria: list[str] = []
    types: list[int] = []
    weights: list[float] = []
    for line, row in rows:
        criterion = _new_id(row, criteria, shown_c, line, phrase("a unique criterion id"))
        kind = row["type"].lower()
        if kind not in ("benefit", "cost"):
            raise InputError(
                shown_c,
                row=line,
                field="type",
                expected=phrase("benefit or cost"),
                got=row["type"],
            )
        if with_preferences:
            preferences.append(read_preference(row, file=shown_c, line=line, comma=comma))
        criteria.append(criterion)
        types.append(1 if kind == "benefit" else -1)
        weights.append(_weight(row.get("weight", ""), shown_c, line, comma) if given else 1.0)
    if sum(weights) <= 0:
        raise InputError(
            shown_c,
            field="weight",
            expected=phrase("at least one positive weight"),
            got=phrase("all zero"),
        )
    shown_m, rows = reader.csv(
        matrix_path, ["id", *criteria], ["name"], most=(MAX_ALTERNATIVES, phrase("alternatives"))
    )
    comma = reader.decimal_comma[shown_m]
    ids: list[str] = []
    matrix: list[tuple[float, ...]] = []
    for line, row in rows:
        alternative = _new_id(row, ids, shown_m, line, phrase("a unique id per alternative"))
        ids.append(alternative)
        matrix.append(
            tuple(
                finite_number(
                    row[criterion], file=shown_m, line=line, field=criterion, decimal_comma=comma
                )
                for criterion in criteria
            )
        )
    return DecisionFile(
        shown_m,
        tuple(ids),
        tuple(criteria),
        tuple(matrix),
        tuple(types),
        tuple(weights),
        given,
        tuple(preferences) if with_preferences else None,
    )


@dataclass(frozen=True, slots=True)
class CandidateFile:
    """A user's own candidate projects: id, cost, value and optional rules, as read from CSV."""

    file: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    costs_pen: tuple[int, ...]
    values: tuple[float, ...]
    groups: tuple[str | None, ...]
    requires: tuple[tuple[str, str], ...]
    excludes: tuple[tuple[str, str], ...]
    mandatory: tuple[str, ...]


_TRUE = {"true", "yes", "1", "si", "sí", "x", "verdadero"}
_FALSE = {"false", "no", "0", "", "falso"}


def load_candidates_csv(path: Path) -> CandidateFile:
    """P.csv: `id`, `cost`, `value`, optional `name`, `requires` and `excludes` (ids separated by
    `;`), `group`, `mandatory` (true/false)."""
    reader = _Reader(DatasetLocation(path.parent, path.parent, str(path.parent)), own=True)
    shown = str(path)
    _, rows = reader.csv(
        path,
        ["id", "cost", "value"],
        ["name", "requires", "excludes", "group", "mandatory"],
        most=(MAX_CANDIDATES, phrase("candidate projects")),
    )
    decimal_comma = any(reader.decimal_comma.values())
    ids: list[str] = []
    names: list[str] = []
    costs: list[int] = []
    values: list[float] = []
    groups: list[str | None] = []
    requires: list[tuple[str, str]] = []
    excludes: list[tuple[str, str]] = []
    mandatory: list[str] = []
    for line, row in rows:
        refused = partial(InputError, shown, row=line)
        project = row["id"]
        if not project:
            raise refused(field="id", expected=phrase("a project id"), got=phrase("nothing"))
        if project in ids:
            raise refused(field="id", expected=phrase("each id once"), got=project)
        if not is_project_id(project):
            raise refused(field="id", expected=PROJECT_ID, got=project)
        cost = whole_soles(
            row["cost"], file=shown, line=line, field="cost", decimal_comma=decimal_comma
        )
        if cost < 0:
            raise refused(field="cost", expected=phrase("a cost of 0 soles or more"), got=cost)
        value = _at_least_zero(
            row["value"], shown, line, "value", decimal_comma, phrase("a finite value >= 0")
        )
        flag = row.get("mandatory", "").strip().lower()
        if flag not in _TRUE | _FALSE:
            raise refused(field="mandatory", expected=phrase("true or false"), got=row["mandatory"])
        ids.append(project)
        names.append(row.get("name") or project)
        costs.append(cost)
        values.append(value)
        groups.append(row.get("group") or None)
        requires += [(project, other) for other in _split(row.get("requires", ""))]
        excludes += [(project, other) for other in _split(row.get("excludes", ""))]
        if flag in _TRUE:
            mandatory.append(project)
    known = set(ids)
    for kind, pairs in (("requires", requires), ("excludes", excludes)):
        for project, other in pairs:
            if other not in known or other == project:
                line = next(ln for ln, row in rows if row["id"] == project)
                raise InputError(
                    shown,
                    row=line,
                    field=kind,
                    got=other,
                    expected=phrase("the id of another project in this file"),
                )
    return CandidateFile(
        shown,
        tuple(ids),
        tuple(names),
        tuple(costs),
        tuple(values),
        tuple(groups),
        tuple(requires),
        tuple(excludes),
        tuple(mandatory),
    )
