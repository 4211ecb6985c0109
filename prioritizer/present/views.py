"""JSON-ready views of the data set for `show`: one shape for the terminal tables and for --json.

Pure: takes the Dataset and a language, returns plain lists and dicts (names in that language).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from prioritizer.data.models import Dataset, Stakeholder


class Catalog(str, Enum):
    """What `prioritizer show` can list."""

    CRITERIA = "criteria"
    GAPS = "gaps"
    MECHANISMS = "mechanisms"
    CHAINS = "chains"
    REGIONS = "regions"
    PROJECTS = "projects"
    STAKEHOLDERS = "stakeholders"


def catalog_view(
    data: Dataset, catalog: Catalog, *, lang: str = "en", region: str | None = None
) -> list[dict[str, Any]]:
    """The rows of one catalog; `region` filters projects and stakeholders."""
    builders = {
        Catalog.CRITERIA: _criteria,
        Catalog.GAPS: _gaps,
        Catalog.MECHANISMS: _mechanisms,
        Catalog.CHAINS: _chains,
        Catalog.REGIONS: _regions,
        Catalog.PROJECTS: _projects,
        Catalog.STAKEHOLDERS: _stakeholders,
    }
    return builders[catalog](data, lang, region)


def _criteria(data: Dataset, lang: str, region: str | None) -> list[dict[str, Any]]:
    elements = set(data.element_ids)
    return [
        {
            "id": c.id,
            "name": c.name.get(lang),
            "type": c.type,
            "unit": c.unit,
            "element": c.id in elements,
            "source": c.source,
        }
        for c in data.criteria
    ]


def _gaps(data: Dataset, lang: str, region: str | None) -> list[dict[str, Any]]:
    rows = []
    for gap in data.gaps:
        row: dict[str, Any] = {
            "id": gap.id,
            "name": gap.name.get(lang),
            "relevance": {element: gap.relevance[element] for element in data.element_ids},
            "mechanisms": list(data.mechanisms_of(gap.id)),
            "table_wording": gap.table_wording,
            "source": gap.source,
        }
        if region is not None:
            severity = data.region(region).severity_of(gap.id)
            row["severity"] = severity.level
        rows.append(row)
    return rows


def _mechanisms(data: Dataset, lang: str, region: str | None) -> list[dict[str, Any]]:
    areas = {area.id: area.name.get(lang) for area in data.work_areas}
    return [
        {
            "id": m.id,
            "name": m.name.get(lang),
            "work_area": m.work_area,
            "work_area_name": areas[m.work_area],
            "gaps": list(data.gaps_of(m.id)),
            "source": m.source,
        }
        for m in data.mechanisms
    ]


def _chains(data: Dataset, lang: str, region: str | None) -> list[dict[str, Any]]:
    return [
        {
            "id": chain.id,
            "name": chain.name.get(lang),
            "challenges": [
                {
                    "letter": c.letter,
                    "name": c.name.get(lang),
                    "description": c.description.get(lang),
                    "gaps": list(c.gaps),
                    "source": c.source,
                }
                for c in chain.challenges
            ],
            "swot": {
                part: [point.get(lang) for point in getattr(chain.swot, part)]
                for part in ("strengths", "weaknesses", "opportunities", "threats")
            },
            "source": chain.source,
        }
        for chain in data.value_chains
    ]


def _regions(data: Dataset, lang: str, region: str | None) -> list[dict[str, Any]]:
    rows = []
    for item in data.regions:
        if region is not None and item.id != region:
            continue
        rows.append(
            {
                "id": item.id,
                "name": item.name.get(lang),
                "budget": item.budget.budget_pen,
                "budget_source": item.budget.source,
                "severity": {s.gap: s.level for s in item.severities},
                "severity_sources": {
                    s.gap: {"source": s.source, "quote": s.quote} for s in item.severities
                },
                "facts": {
                    key: {"value": fact.value, "year": fact.year, "source": fact.source}
                    for key, fact in item.facts.items()
                },
                "min_projects_per_chain": dict(item.rules.min_projects_per_chain),
                "projects": len(data.projects_in(item.id)),
                "stakeholders": len(data.stakeholders_of(item.id)),
            }
        )
    return rows


def _projects(data: Dataset, lang: str, region: str | None) -> list[dict[str, Any]]:
    projects = data.projects if region is None else data.projects_in(region)
    rows = []
    for p in projects:
        row: dict[str, Any] = {
            "id": p.id,
            "name": p.name.get(lang),
            "cost": p.cost_pen,
            "value_chain": p.value_chain,
            "regions": list(p.regions),
            "mechanisms": list(p.mechanisms),
            "gaps": list(p.gaps),
            "requires": list(p.requires),
            "excludes": list(p.excludes),
            "phase": p.phase,
            "mandatory": p.mandatory,
            "cost_shares": dict(p.cost_shares),
            "interregional": p.interregional,
            "source": p.source,
            "illustrative": p.illustrative,
        }
        if region is not None:
            row["cost_in_region"] = p.cost_in(region)
        rows.append(row)
    return rows


def _stakeholders(data: Dataset, lang: str, region: str | None) -> list[dict[str, Any]]:
    people = data.stakeholders if region is None else data.stakeholders_of(region)
    return [_stakeholder(s, lang) for s in people]


def _stakeholder(s: Stakeholder, lang: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": s.id,
        "region": s.region,
        "name": s.name.get(lang),
        "group": s.group,
        "influence": s.influence,
        "kind": "pairwise" if s.judgments is not None else "points",
        "source": s.source,
    }
    if s.judgments is not None:
        row["judgments"] = {row_id: dict(cols) for row_id, cols in s.judgments.items()}
    if s.points is not None:
        row["points"] = dict(s.points)
    return row
