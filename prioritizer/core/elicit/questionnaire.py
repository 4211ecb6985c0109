"""The pairwise questionnaire as pure logic: which pair to ask next, the weights so far, the
consistency ratio as soon as a cycle of answers can be checked, the judgment most at odds and
what the stakeholder did about it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from prioritizer.core.weigh import CONSISTENCY_THRESHOLD, ahp_weights
from prioritizer.core.weigh.incomplete import complete as complete_judgments
from prioritizer.errors import InvalidMatrix
from prioritizer.formats import judgment_text
from prioritizer.phrases import phrase
from prioritizer.results.judgments import IncompleteAhp
from prioritizer.results.records import attributes, dict_or_none
from prioritizer.results.weights import AhpWeights, FloatArray, WorstJudgment, freeze

KEEP, REVISE = "keep", "revise"
"""What to do when CR is above the threshold: keep the answers (recorded), or revise them."""


@dataclass(frozen=True, slots=True)
class Pair:
    """One question: how many times is `row` more important than `column`."""

    row: str
    column: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"row": self.row, "column": self.column}


def format_judgment(value: float) -> str:
    """A judgment as people write it: `3`, `1/3` (or the decimal when it is neither)."""
    return judgment_text(value)


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a questionnaire stands: answers given, weights so far, the consistency ratio and the
    judgment most at odds (of the complete matrix, or of the answers so far as soon as a cycle
    of them can be checked)."""

    ids: tuple[str, ...]
    answered: int
    total: int
    weights: FloatArray
    """Priorities from the answers so far (the optimal completion of the missing pairs); NaN
    for criteria not yet linked."""
    ahp: AhpWeights | None
    """The AHP of the complete matrix; None while answers are missing."""
    partial: IncompleteAhp | None = None
    """While answers are missing: the answers so far completed, with their CR and worst one."""

    def __post_init__(self) -> None:
        freeze(self, "weights")

    @property
    def complete(self) -> bool:
        """Every pair has been judged."""
        return self.answered == self.total

    @property
    def consistency_ratio(self) -> float | None:
        """CR of the answers; None while no cycle of answers can be checked."""
        if self.ahp is not None:
            return self.ahp.consistency_ratio
        return None if self.partial is None else self.partial.consistency_ratio

    @property
    def worst(self) -> WorstJudgment | None:
        """The judgment most at odds with the others when CR is above the threshold."""
        if self.ahp is not None:
            return self.ahp.worst_judgment
        return None if self.partial is None else self.partial.worst_judgment

    @property
    def consistent(self) -> bool | None:
        """CR within the threshold; None while there is no CR."""
        source = self.ahp or self.partial
        return None if source is None else source.consistent

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **attributes(self, "answered", "total", "complete"),
            "weights": {
                criterion: None if math.isnan(value) else float(value)
                for criterion, value in zip(self.ids, self.weights, strict=True)
            },
            **attributes(self, "consistency_ratio", "consistent"),
            "worst_judgment": dict_or_none(self.worst),
        }


@dataclass(frozen=True, slots=True)
class Revision:
    """What the stakeholder did about the judgment most at odds: revised it, or kept it."""

    row: str
    column: str
    given: float
    consistent: float
    """w_row / w_column from the whole matrix: the value that would agree with the others."""
    suggested: float
    """`consistent` rounded to the nearest value of the scale (or its reciprocal)."""
    value: float
    """The judgment afterwards (equal to `given` when kept)."""
    kept: bool
    ratio_before: float
    ratio_after: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (also the draft file's `revisions` entries)."""
        return {
            **attributes(self, "row", "column"),
            "action": "kept" if self.kept else "revised",
            **attributes(self, "given", "consistent", "suggested", "value"),
            "consistency_ratio_before": self.ratio_before,
            "consistency_ratio_after": self.ratio_after,
        }

    @classmethod
    def from_dict(cls, item: Mapping[str, Any]) -> Revision:
        """The record that `to_dict` wrote; KeyError, TypeError or ValueError if it is not one."""
        return cls(
            row=str(item["row"]),
            column=str(item["column"]),
            given=float(item["given"]),
            consistent=float(item["consistent"]),
            suggested=float(item["suggested"]),
            value=float(item["value"]),
            kept=item["action"] == "kept",
            ratio_before=float(item["consistency_ratio_before"]),
            ratio_after=float(item["consistency_ratio_after"]),
        )

    def note(self) -> str:
        """One English clause for the comment left in stakeholders.yaml."""
        given, value = format_judgment(self.given), format_judgment(self.value)
        if self.kept:
            return (
                f"kept {self.row} vs {self.column} = {given} (consistent value "
                f"{self.consistent:.2f}, CR {self.ratio_before:.3f})"
            )
        return (
            f"revised {self.row} vs {self.column} from {given} to {value} "
            f"(CR {self.ratio_before:.3f} -> {self.ratio_after:.3f})"
        )


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The questions for a set of criteria on a judgment scale, and what follows from answers.

    `scale` is Saaty's 1-9 (criteria/saaty_scale.yaml); `random_index` maps n to RI(n)
    (criteria/random_index.yaml); CR above `threshold` asks for a revision.
    """

    ids: tuple[str, ...]
    scale: tuple[int, ...]
    random_index: Mapping[int, float]
    threshold: float = CONSISTENCY_THRESHOLD

    @property
    def pairs(self) -> tuple[Pair, ...]:
        """Every pair once, row by row: the first criterion against each other one first, so
        that all criteria are linked (and weighted) after n - 1 answers."""
        return tuple(Pair(a, b) for index, a in enumerate(self.ids) for b in self.ids[index + 1 :])

    def values(self) -> tuple[float, ...]:
        """Every allowed judgment, from the strongest for the row to the strongest against."""
        ordered = sorted(set(self.scale), reverse=True)
        return tuple(float(v) for v in ordered) + tuple(1.0 / v for v in reversed(ordered) if v > 1)

    def parse(self, text: str) -> float | None:
        """A typed judgment (`5`, `1/5`, ` 1 / 5 `) if it is on the scale, else None."""
        cleaned = "".join(text.split())
        numerator, slash, denominator = cleaned.partition("/")
        try:
            value = float(numerator) / float(denominator) if slash else float(cleaned)
        except (ValueError, ZeroDivisionError):
            return None
        for allowed in self.values():
            if math.isclose(value, allowed, rel_tol=1e-9):
                return allowed
        return None

    def next_pair(self, answers: Mapping[Pair, float]) -> Pair | None:
        """The first pair not yet judged, in question order."""
        return next((pair for pair in self.pairs if pair not in answers), None)

    def matrix(self, answers: Mapping[Pair, float]) -> FloatArray:
        """The pairwise matrix of the answers; NaN where no judgment is given yet."""
        n = len(self.ids)
        position = {criterion: index for index, criterion in enumerate(self.ids)}
        a = np.full((n, n), np.nan)
        np.fill_diagonal(a, 1.0)
        for pair, value in answers.items():
            i, j = position[pair.row], position[pair.column]
            a[i, j], a[j, i] = value, 1.0 / value
        return a

    def progress(self, answers: Mapping[Pair, float]) -> Progress:
        """Weights so far, the CR and the judgment most at odds: of the AHP once complete, of
        the answers so far (missing pairs completed) before."""
        a = self.matrix(answers)
        answered = sum(1 for pair in self.pairs if pair in answers)
        if answered == len(self.pairs):
            ahp = ahp_weights(
                a,
                self.ids,
                random_index=self.random_index,
                threshold=self.threshold,
                scale=self.scale,
            )
            return Progress(self.ids, answered, len(self.pairs), ahp.weights, ahp)
        partial = complete_judgments(
            a, self.ids, random_index=self.random_index, threshold=self.threshold, scale=self.scale
        )
        return Progress(self.ids, answered, len(self.pairs), partial.weights, None, partial)

    def revise(
        self, answers: Mapping[Pair, float], value: float | None
    ) -> tuple[dict[Pair, float], Revision, Progress]:
        """Applies the stakeholder's decision on the judgment most at odds: `value` replaces it,
        None keeps it. Returns the answers, the record of the decision and the new progress."""
        before = self.progress(answers)
        worst = before.worst
        if worst is None or before.consistency_ratio is None:
            raise InvalidMatrix(
                "judgments", expected=phrase("a complete, inconsistent matrix to revise")
            )
        pair = Pair(worst.row, worst.column)
        revised = dict(answers)
        if value is not None:
            revised[pair] = value
        after = self.progress(revised)
        record = Revision(
            row=worst.row,
            column=worst.column,
            given=worst.given,
            consistent=worst.consistent,
            suggested=worst.nearest_saaty,
            value=revised[pair],
            kept=value is None,
            ratio_before=before.consistency_ratio,
            ratio_after=after.consistency_ratio or 0.0,
        )
        return revised, record, after

    def settle(
        self, answers: Mapping[Pair, float], policy: str
    ) -> tuple[dict[Pair, float], tuple[Revision, ...]]:
        """The non-interactive decision on an inconsistent matrix: `revise` takes the suggested
        value of the judgment most at odds until CR <= threshold (at most one round per pair);
        `keep` records that the judgment most at odds was kept."""
        current = dict(answers)
        records: list[Revision] = []
        for _ in self.pairs:
            progress = self.progress(current)
            worst = progress.worst
            if worst is None:
                break
            if policy == KEEP or math.isclose(worst.nearest_saaty, worst.given):
                current, record, _ = self.revise(current, None)
                records.append(record)
                break
            current, record, _ = self.revise(current, worst.nearest_saaty)
            records.append(record)
        return current, tuple(records)
