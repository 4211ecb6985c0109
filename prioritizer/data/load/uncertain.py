"""A user's uncertain criteria values (`robustness --uncertain U.csv`): one row per cell of
the decision matrix whose value is not known exactly, with its distribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.load.numbers import finite_number
from prioritizer.data.load.sizes import MAX_ALTERNATIVES, MAX_CRITERIA
from prioritizer.data.load.text import _Reader
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.smaa import Distribution, UncertainCell, UncertainValues

_RULES: dict[Distribution, Phrase] = {
    Distribution.INTERVAL: phrase("a <= b (uniform on [a, b]), c left empty"),
    Distribution.TRIANGULAR: phrase("a <= b <= c (minimum a, mode b, maximum c)"),
    Distribution.NORMAL: phrase("a standard deviation b >= 0 (mean a), c left empty"),
}


def load_uncertain_csv(
    path: Path, ids: Sequence[str], criteria: Sequence[str], *, seed: int = 0
) -> UncertainValues:
    """U.csv: `id`, `criterion`, `distribution` (interval | triangular | normal), `a`, `b` and,
    for a triangular, `c`; each id and criterion of the decision matrix, each pair once.
    Cells not listed keep the matrix's exact value."""
    reader = _Reader(DatasetLocation(path.parent, path.parent, str(path.parent)), own=True)
    shown, rows = reader.csv(
        path,
        ["id", "criterion", "distribution", "a", "b"],
        ["c"],
        most=(MAX_ALTERNATIVES * MAX_CRITERIA, phrase("uncertain values")),
    )
    comma = reader.decimal_comma[shown]
    cells: list[UncertainCell] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        alternative, criterion = row["id"], row["criterion"]
        for field, value, known in (("id", alternative, ids), ("criterion", criterion, criteria)):
            if value not in known:
                raise InputError(
                    shown,
                    row=line,
                    field=field,
                    expected=phrase("one of {known}", known=", ".join(known)),
                    got=value or phrase("nothing"),
                )
        if (alternative, criterion) in seen:
            raise InputError(
                shown,
                row=line,
                field="criterion",
                expected=phrase("each id and criterion pair once"),
                got=f"{alternative}, {criterion}",
            )
        seen.add((alternative, criterion))
        try:
            kind = Distribution(row["distribution"].strip().lower())
        except ValueError:
            raise InputError(
                shown,
                row=line,
                field="distribution",
                expected=phrase("interval, triangular or normal"),
                got=row["distribution"] or phrase("nothing"),
            ) from None
        numbers = {
            name: finite_number(row[name], file=shown, line=line, field=name, decimal_comma=comma)
            for name in ("a", "b", "c")
            if row.get(name, "").strip()
        }
        wanted = ("a", "b", "c") if kind is Distribution.TRIANGULAR else ("a", "b")
        for name in ("a", "b", "c"):
            if (name in numbers) != (name in wanted):
                raise InputError(
                    shown,
                    row=line,
                    field=name,
                    expected=_RULES[kind],
                    got=row.get(name, "") or phrase("nothing"),
                )
        try:
            cells.append(
                UncertainCell(
                    alternative, criterion, kind, numbers["a"], numbers["b"], numbers.get("c")
                )
            )
        except ValueError:
            shown_numbers = ", ".join(f"{name} = {row[name]}" for name in numbers)
            raise InputError(
                shown, row=line, field="b", expected=_RULES[kind], got=shown_numbers
            ) from None
    return UncertainValues(tuple(cells), seed=seed, source=shown)
