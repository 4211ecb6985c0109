"""What a stakeholder's answers say so far, for the pages: the weights, the consistency ratio and
the judgment most at odds as soon as a cycle of answers can be checked, the fewest further
questions that would link every criterion, and the answers completed where "don't know" left
gaps, for the group. All of it comes from the core (`Questionnaire.progress`: the AHP of a
complete matrix, the λmax-optimal completion of an incomplete one); this module only puts it in
the shape the pages use."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from prioritizer.core.elicit import Pair, Questionnaire
from prioritizer.results.weights import FloatArray, WorstJudgment, freeze
from prioritizer.web.store import Sheet


@dataclass(frozen=True, slots=True)
class Assessment:
    """A stakeholder's standing: answers given and skipped, weights so far, and, when the
    judgments can be checked, the consistency ratio and the judgment most at odds."""

    ids: tuple[str, ...]
    weights: FloatArray
    """Priorities so far; NaN for criteria not yet linked to the others by answers."""
    answered: int
    skipped: int
    total: int
    consistency_ratio: float | None
    """CR of the answers (of the complete matrix, or of the answers so far); None while no
    answer can be checked against the others."""
    threshold: float
    worst: WorstJudgment | None
    """The judgment most at odds with the others, when CR is above the threshold."""
    to_connect: tuple[Pair, ...]
    """The fewest further pairs whose answers would link every criterion (none when linked)."""

    def __post_init__(self) -> None:
        freeze(self, "weights")

    @property
    def inconsistent(self) -> bool:
        """The judgments contradict each other beyond the threshold."""
        return self.worst is not None


def assess(questionnaire: Questionnaire, sheet: Sheet) -> Assessment:
    """The standing of one stakeholder's answers."""
    progress = questionnaire.progress(sheet.answers)
    skipped = sum(1 for pair in questionnaire.pairs if pair in sheet.skipped)
    weights = np.array(progress.weights, dtype=np.float64)
    if np.isfinite(weights).sum() < 2:  # one criterion alone has no weight to speak of
        weights[:] = np.nan
    partial = progress.partial
    return Assessment(
        ids=questionnaire.ids,
        weights=weights,
        answered=progress.answered,
        skipped=skipped,
        total=progress.total,
        consistency_ratio=progress.consistency_ratio,
        threshold=questionnaire.threshold,
        worst=progress.worst,
        to_connect=()
        if partial is None
        else tuple(Pair(row, column) for row, column in partial.questions_to_connect),
    )


def completed(questionnaire: Questionnaire, answers: Mapping[Pair, float]) -> dict[Pair, float]:
    """Every pair's judgment: the answers, and where none was given the value of the
    λmax-optimal completion (Bozóki, Fülöp & Rónyai 2010, computed by the core), held within
    the scale (1/9 to 9) so that it can be saved like any judgment. Empty when the answers do
    not link every criterion."""
    partial = questionnaire.progress(answers).partial
    if partial is None:
        return dict(answers)
    if np.isnan(partial.weights).any():
        return {}
    top = float(max(questionnaire.scale))
    position = {criterion: index for index, criterion in enumerate(questionnaire.ids)}
    result = dict(answers)
    for pair in questionnaire.pairs:
        if pair not in result:
            value = float(partial.completed[position[pair.row], position[pair.column]])
            result[pair] = min(max(value, 1.0 / top), top)
    return result


def weight_list(assessment: Assessment) -> list[float | None]:
    """The weights as numbers, None where not known yet (for templates and JSON)."""
    return [None if math.isnan(value) else float(value) for value in assessment.weights]
