"""Checks of a portfolio problem's inputs: project ids, whole soles, values, pairs and shares."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.arrays import FloatArray, IntArray

PROJECT_ID = phrase("a project id: printable text without ';' and without spaces at either end")
"""What a project id may be. The solver never sees ids (its variables are x_0, x_1, …), so
accents, spaces and ids that differ only in punctuation ("P-1", "P_1") are all kept apart; ';'
separates ids in `requires`/`excludes` cells."""


def is_project_id(text: str) -> bool:
    """Whether `text` can be a project id (see PROJECT_ID)."""
    return bool(text) and text == text.strip() and text.isprintable() and ";" not in text


def whole_soles(raw: object, name: str, n: int) -> IntArray:
    """n costs as whole soles >= 0 (a bool or a fraction of a sol is refused), read-only."""
    cells = np.asarray(raw, dtype=object).reshape(-1)
    if cells.shape != (n,):
        raise InvalidMatrix(
            name, expected=phrase("{count} whole amounts in soles", count=n), got=cells.shape
        )
    out = np.zeros(n, dtype=np.int64)
    for i, cell in enumerate(cells):
        if isinstance(cell, bool) or not isinstance(cell, int | np.integer):
            raise InvalidMatrix(name, expected=phrase("a whole number of soles"), got=cell, row=i)
        if cell < 0:
            raise InvalidMatrix(name, expected=phrase("a cost >= 0"), got=int(cell), row=i)
        out[i] = int(cell)
    out.setflags(write=False)
    return out


def project_values(raw: object, n: int) -> FloatArray:
    """n finite values >= 0, read-only."""
    try:
        values = np.array(raw, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InvalidMatrix("values", expected=phrase("numbers"), got=raw) from exc
    if values.shape != (n,):
        raise InvalidMatrix("values", expected=phrase("{count} values", count=n), got=values.shape)
    for i, v in enumerate(values):
        if not math.isfinite(v) or v < 0:
            raise InvalidMatrix(
                "values", expected=phrase("a finite value >= 0"), got=float(v), row=i
            )
    values.setflags(write=False)
    return values


def whole_number(raw: object, name: str) -> int:
    """A count >= 0 (a bool is refused)."""
    if isinstance(raw, bool) or not isinstance(raw, int | np.integer) or raw < 0:
        raise InvalidMatrix(name, expected=phrase("a whole number >= 0"), got=raw)
    return int(raw)


def project_pairs(
    raw: Iterable[tuple[str, str]], name: str, known: Mapping[str, int], *, symmetric: bool = False
) -> tuple[tuple[str, str], ...]:
    """Checked, de-duplicated pairs; for a symmetric rule (excludes) (b, a) repeats (a, b)."""
    out: list[tuple[str, str]] = []
    for i, pair in enumerate(raw):
        a, b = pair
        for project in (a, b):
            if project not in known:
                raise InvalidMatrix(
                    name, expected=phrase("ids of listed projects"), got=project, row=i
                )
        if a == b:
            raise InvalidMatrix(
                name, expected=phrase("two different projects"), got=f"{a} / {b}", row=i
            )
        if (a, b) not in out and not (symmetric and (b, a) in out):
            out.append((a, b))
    return tuple(out)


def listed_projects(raw: Iterable[str], name: str, known: Mapping[str, int]) -> tuple[str, ...]:
    """Ids that must all be listed projects, de-duplicated in order."""
    items = tuple(raw)
    for i, project in enumerate(items):
        if project not in known:
            raise InvalidMatrix(name, expected=phrase("ids of listed projects"), got=project, row=i)
    return tuple(dict.fromkeys(items))


def group_shares(raw: Mapping[str, float]) -> dict[str, float]:
    """Minimum budget shares per group, each between 0 and 1."""
    out: dict[str, float] = {}
    for group, share in dict(raw).items():
        value = float(share)
        if not math.isfinite(value) or not 0.0 <= value <= 1.0:
            raise InvalidMatrix(
                f"min_share_per_group[{group}]",
                expected=phrase("a share between 0 and 1"),
                got=share,
            )
        out[str(group)] = value
    return out
