"""The optional PROMETHEE columns of a criteria CSV (`preference`, `q`, `p`, `s`), read into one
preference function per criterion with errors that name the file, the line and the column."""

from __future__ import annotations

from prioritizer.data.load.numbers import parse_number
from prioritizer.errors import InputError
from prioritizer.phrases import phrase
from prioritizer.results.promethee import Preference, PreferenceShape, preference_problem

COLUMNS = ("preference", "q", "p", "s")
"""Optional columns of a criteria CSV for PROMETHEE."""


def read_preference(row: dict[str, str], *, file: str, line: int, comma: bool) -> Preference:
    """The preference function of one criteria row: `usual` when the cell is blank, with the
    thresholds that function takes (checked by `preference_problem`)."""
    name = row.get("preference", "").strip().lower() or PreferenceShape.USUAL.value
    if name not in {shape.value for shape in PreferenceShape}:
        raise InputError(
            file,
            row=line,
            field="preference",
            expected=phrase(
                "one of {allowed}", allowed=", ".join(shape.value for shape in PreferenceShape)
            ),
            got=row.get("preference", ""),
        )
    shape = PreferenceShape(name)
    values: dict[str, float | None] = {}
    for column in ("q", "p", "s"):
        cell = row.get(column, "").strip()
        values[column] = (
            None
            if not cell
            else parse_number(
                cell,
                file=file,
                line=line,
                field=column,
                decimal_comma=comma,
                expected=phrase("a threshold (a number in the criterion's units)"),
            )
        )
    problem = preference_problem(shape, values["q"], values["p"], values["s"])
    if problem is not None:
        field, expected, got = problem
        raise InputError(
            file,
            row=line,
            field=field,
            expected=expected,
            got=phrase("nothing") if got is None else row.get(field, "").strip(),
        )
    return Preference(shape, values["q"], values["p"], values["s"])
