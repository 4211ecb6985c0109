"""The `compare` payload as pandas tables: ranking, portfolio, frontier and weights.

Read from the plain payload (the JSON `compare --json` prints), never from result objects, so
that a saved `results.json` can be exported again. Column names are stable English machine
names; CSV keeps them, the workbook and reports translate them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

Payload = Mapping[str, Any]

RANKING_COLUMNS = ("region", "level", "rank", "id", "name", "score")
PORTFOLIO_COLUMNS = ("region", "id", "name", "selected", "cost", "value", "reason")
FRONTIER_COLUMNS = ("region", "budget", "objective", "added", "removed")
WEIGHTS_COLUMNS = ("region", "stakeholder", "criterion", "weight", "consistency_ratio")

GROUP = "group"
"""The `stakeholder` of the rows holding a region's aggregated (group) weights."""

LEVELS = (("mechanisms", "ranking"), ("projects", "projects_ranking"))
"""Ranking level and the payload key holding it."""


@dataclass(frozen=True, slots=True)
class Tables:
    """The four tables of a run folder, one row per region and item, regions in payload order."""

    ranking: pd.DataFrame
    portfolio: pd.DataFrame
    frontier: pd.DataFrame
    weights: pd.DataFrame

    def named(self) -> tuple[tuple[str, pd.DataFrame], ...]:
        """(file stem, table) pairs in a fixed order."""
        return (
            ("ranking", self.ranking),
            ("portfolio", self.portfolio),
            ("frontier", self.frontier),
            ("weights", self.weights),
        )


@dataclass(frozen=True, slots=True)
class ExportContent:
    """Everything a writer needs: the payload, the UI language, its tables and chart PNGs."""

    payload: Payload
    lang: str
    tables: Tables
    charts: Mapping[str, bytes]


def build_tables(payload: Payload) -> Tables:
    """All four tables of `payload`."""
    return Tables(
        ranking=ranking_frame(payload),
        portfolio=portfolio_frame(payload),
        frontier=frontier_frame(payload),
        weights=weights_frame(payload),
    )


def display_name(payload: Payload, item_id: str, fallback: str | None = None) -> str:
    """An id's display name from the payload's `names`, else `fallback`, else the id."""
    names: Mapping[str, str] = payload.get("names", {})
    return str(names.get(item_id) or fallback or item_id)


def regions(payload: Payload) -> list[Payload]:
    """The regions in payload order, each with its `id` set."""
    return [{"id": key, **value} for key, value in payload["regions"].items()]


def is_infeasible(portfolio: Payload) -> bool:
    """True for the `{"status": "infeasible", "explanation": ...}` form of a portfolio."""
    return portfolio.get("status") == "infeasible"


def ranking_frame(payload: Payload) -> pd.DataFrame:
    """Mechanism and project rankings of every region."""
    rows = [
        (
            region["id"],
            level,
            int(item["rank"]),
            item["id"],
            display_name(payload, item["id"]),
            float(item["score"]),
        )
        for region in regions(payload)
        for level, key in LEVELS
        if region.get(key)
        for item in region[key]["ranking"]
    ]
    return _frame(rows, RANKING_COLUMNS, {"rank": "int64", "score": "float64"})


def portfolio_frame(payload: Payload) -> pd.DataFrame:
    """Every candidate project of every feasible portfolio, with the reason it is in or out."""
    rows = [
        (
            region["id"],
            project["id"],
            display_name(payload, project["id"], project.get("name")),
            bool(project["selected"]),
            int(project["cost"]),
            float(project["value"]),
            str(project.get("reason", "")),
        )
        for region in regions(payload)
        if not is_infeasible(region["portfolio"])
        for project in region["portfolio"].get("projects", [])
    ]
    return _frame(
        rows, PORTFOLIO_COLUMNS, {"selected": "bool", "cost": "int64", "value": "float64"}
    )


def frontier_frame(payload: Payload) -> pd.DataFrame:
    """Budget/value frontier points; `added` and `removed` are ids joined by "; "."""
    rows = [
        (
            region["id"],
            int(point["budget"]),
            float(point["objective"]),
            _joined(point.get("added", [])),
            _joined(point.get("removed", [])),
        )
        for region in regions(payload)
        for point in (region.get("frontier") or {}).get("points", [])
    ]
    return _frame(rows, FRONTIER_COLUMNS, {"budget": "int64", "objective": "float64"})


def weights_frame(payload: Payload) -> pd.DataFrame:
    """Group weights (stakeholder "group") then each stakeholder's, per criterion."""
    rows: list[tuple[Any, ...]] = []
    for region in regions(payload):
        weights = region["weights"]
        criteria = list(weights["weights"])
        rows += [
            (
                region["id"],
                GROUP,
                c,
                float(weights["weights"][c]),
                _optional(weights.get("consistency_ratio")),
            )
            for c in criteria
        ]
        rows += [
            (
                region["id"],
                person["id"],
                c,
                float(person["weights"][c]),
                _optional(person.get("consistency_ratio")),
            )
            for person in weights.get("stakeholders", [])
            for c in criteria
        ]
    return _frame(rows, WEIGHTS_COLUMNS, {"weight": "float64", "consistency_ratio": "float64"})


def _frame(
    rows: Sequence[tuple[Any, ...]], columns: Sequence[str], dtypes: Mapping[str, str]
) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    return frame.astype(dict(dtypes))


def _joined(ids: Sequence[str]) -> str:
    return "; ".join(ids)


def _optional(value: float | None) -> float:
    return float("nan") if value is None else float(value)
