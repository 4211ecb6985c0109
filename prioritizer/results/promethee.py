"""PROMETHEE's vocabulary: the preference function of each criterion (Brans' six shapes with
their thresholds q, p, s) and PROMETHEE I's partial order of the alternatives.

Data only; `preference_problem` states the one rule on thresholds that both the CSV reader (to
name the file and line) and `Preference` itself apply."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prioritizer.phrases import Phrase, phrase


class PreferenceShape(StrEnum):
    """Brans & Vincke's generalised criteria, as spelled in a criteria CSV."""

    USUAL = "usual"
    """Type I: any advantage is full preference."""
    USHAPE = "ushape"
    """Type II (quasi-criterion): full preference beyond the indifference threshold q."""
    VSHAPE = "vshape"
    """Type III: preference grows linearly up to the preference threshold p."""
    LEVEL = "level"
    """Type IV: 0 up to q, one half up to p, then 1."""
    LINEAR = "linear"
    """Type V (V-shape with indifference): 0 up to q, linear from q to p, then 1."""
    GAUSSIAN = "gaussian"
    """Type VI: 1 − exp(−d² / 2s²)."""


NEEDS: dict[PreferenceShape, tuple[str, ...]] = {
    PreferenceShape.USUAL: (),
    PreferenceShape.USHAPE: ("q",),
    PreferenceShape.VSHAPE: ("p",),
    PreferenceShape.LEVEL: ("q", "p"),
    PreferenceShape.LINEAR: ("q", "p"),
    PreferenceShape.GAUSSIAN: ("s",),
}
"""The thresholds each shape takes, no more and no fewer."""


def preference_problem(
    shape: PreferenceShape, q: float | None, p: float | None, s: float | None
) -> tuple[str, Phrase, Any] | None:
    """What is wrong with these thresholds for `shape` (field, what was expected, what was
    found), or None: each needed threshold present and finite, no other given, q ≥ 0,
    p ≥ q (p > 0 for the V-shape), s > 0."""
    given = {"q": q, "p": p, "s": s}
    needed = NEEDS[shape]
    for name in needed:
        value = given[name]
        if value is None:
            return (
                name,
                phrase("a {name} threshold for {shape}", name=name, shape=shape.value),
                None,
            )
        if not math.isfinite(value):
            return name, phrase("a finite number"), value
    for name, value in given.items():
        if name not in needed and value is not None:
            return (
                name,
                phrase("no {name} threshold for {shape}", name=name, shape=shape.value),
                value,
            )
    if q is not None and q < 0:
        return "q", phrase("q >= 0"), q
    if p is not None and q is not None and p < q:
        return "p", phrase("p >= q ({q})", q=q), p
    if p is not None and shape is PreferenceShape.VSHAPE and p <= 0:
        return "p", phrase("p > 0"), p
    if s is not None and s <= 0:
        return "s", phrase("s > 0"), s
    return None


@dataclass(frozen=True, slots=True)
class Preference:
    """One criterion's preference function, thresholds in the criterion's own units."""

    shape: PreferenceShape = PreferenceShape.USUAL
    q: float | None = None
    p: float | None = None
    s: float | None = None

    def __post_init__(self) -> None:
        problem = preference_problem(self.shape, self.q, self.p, self.s)
        if problem is not None:
            field, expected, got = problem
            raise ValueError(f"{field}: {expected} ({got})")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the shape and the thresholds it takes."""
        return {"preference": self.shape.value, **{k: getattr(self, k) for k in NEEDS[self.shape]}}


@dataclass(frozen=True, slots=True)
class PrometheeOrder:
    """PROMETHEE I's partial order from the leaving (φ⁺) and entering (φ⁻) flows.

    a outranks b when φ⁺(a) ≥ φ⁺(b) and φ⁻(a) ≤ φ⁻(b) with one of them strict; they are
    indifferent when both flows are equal; otherwise incomparable (a is better by one flow
    and worse by the other). Equal means within the ranking's tolerance.

    References
    ----------
    Brans, J.-P., & Vincke, Ph. (1985). A preference ranking organisation method: the
    PROMETHEE method for MCDM. Management Science, 31(6), 647-656.
    """

    preferences: tuple[Preference, ...]
    """Per criterion of the ranking (usual where the file gave none)."""
    outranks: tuple[tuple[str, str], ...]
    indifferent: tuple[tuple[str, str], ...]
    incomparable: tuple[tuple[str, str], ...]

    def to_dict(self, criteria: tuple[str, ...]) -> dict[str, Any]:
        """JSON-ready form: each criterion's preference function and the three relations."""
        return {
            "preference_functions": {
                c: pref.to_dict() for c, pref in zip(criteria, self.preferences, strict=True)
            },
            "promethee_i": {
                "outranks": [list(pair) for pair in self.outranks],
                "indifferent": [list(pair) for pair in self.indifferent],
                "incomparable": [list(pair) for pair in self.incomparable],
            },
        }
