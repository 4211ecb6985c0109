"""Frozen run options built by the CLI and passed down; nothing reads global state."""

from __future__ import annotations

from dataclasses import dataclass

from prioritizer.results.problem import Level
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.weights import Aggregation


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """How to weigh and rank: method, normalisation, aggregation, RI table, language."""

    method: Method = Method.TOPSIS
    normalization: Normalization = Normalization.VECTOR
    ahp_mode: AhpMode = AhpMode.DISTRIBUTIVE
    aggregation: Aggregation = Aggregation.AIJ
    level: Level = Level.MECHANISMS
    random_index: str | None = None
    lang: str = "en"
