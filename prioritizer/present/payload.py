"""The `compare` result as one JSON document: what `compare --json` prints, what a run folder
keeps in results.json, and what the side-by-side view and the reports are drawn from.

Presentation, not computation: names and sentences are put in the chosen language here.
"""

from __future__ import annotations

from typing import Any

from prioritizer.data.models import Dataset
from prioritizer.errors.portfolio import infeasible_to_dict
from prioritizer.i18n import t
from prioritizer.present.render.common import cite
from prioritizer.present.render.portfolio import describe_reason
from prioritizer.results.analysis import Difference, RegionAnalysis, RegionComparison
from prioritizer.results.records import dict_or_none

PAYLOAD_VERSION = 1
REVERSALS_NAMED = 20
"""Alternatives named in a rank-reversal note (a sentence; the JSON lists keep every pair)."""


def display_names(data: Dataset, lang: str) -> dict[str, str]:
    """Every id of the data set (criteria, gaps, mechanisms, projects, stakeholders, regions,
    chains) with its name in `lang`."""
    names: dict[str, str] = {}
    for group in (
        data.criteria,
        data.gaps,
        data.mechanisms,
        data.projects,
        data.stakeholders,
        data.regions,
        data.value_chains,
    ):
        names |= {item.id: item.name.get(lang) for item in group}
    return names


def comparison_payload(
    comparison: RegionComparison, data: Dataset, *, lang: str, options: dict[str, Any]
) -> dict[str, Any]:
    """The JSON document of a comparison (see README, "compare --json")."""
    names = display_names(data, lang)
    regions = {item.region: _region(item, data, names, lang) for item in comparison.regions}
    _mark_blocked(regions)
    return {
        "command": "compare",
        "version": PAYLOAD_VERSION,
        "lang": lang,
        "options": options,
        "names": names,
        "regions": regions,
        "differences": [_difference(d, data, names, lang) for d in comparison.differences],
        "joint": dict_or_none(comparison.joint),
    }


def _region(
    item: RegionAnalysis, data: Dataset, names: dict[str, str], lang: str
) -> dict[str, Any]:
    region = data.region(item.region)
    if item.portfolio is not None:
        chosen = item.portfolio
        portfolio = chosen.to_dict(describe=lambda r: describe_reason(r, lang=lang, names=names))
    elif item.infeasible is not None:
        portfolio = infeasible_to_dict(item.infeasible, lang, names)
    else:
        portfolio = {"status": "infeasible", "explanation": ""}
    selected = set(item.portfolio.selected) if item.portfolio is not None else set()
    severity = {s.gap: s.level for s in region.severities}
    projects = {p.id: p for p in data.projects}
    return {
        "id": item.region,
        "name": region.name.get(lang),
        "budget": item.budget_pen,
        "weights": item.weights.to_dict(),
        "consistency": _consistency(item),
        "ranking": item.mechanisms.to_dict(),
        "projects_ranking": item.projects.to_dict(),
        "rank_reversals": [r.to_dict() for r in item.mechanism_reversals],
        "projects_rank_reversals": [r.to_dict() for r in item.project_reversals],
        "rank_reversal_notes": _reversal_notes(item, region.name.get(lang), names, lang),
        "portfolio": portfolio,
        "frontier": dict_or_none(item.frontier),
        "uncovered_gaps": [{"id": g, "severity": severity[g]} for g in item.uncovered],
        "robustness": None if item.robustness is None else _robustness(item),
        "interregional": [
            {
                "id": p,
                "cost": projects[p].cost_pen,
                "share": projects[p].cost_shares.get(item.region, 100),
                "cost_in_region": projects[p].cost_in(item.region),
                "selected": p in selected,
            }
            for p in item.shared
        ],
    }


def _consistency(item: RegionAnalysis) -> dict[str, Any]:
    """Whose judgments are inconsistent (CR above the threshold), and whether the group's are."""
    weights = item.weights
    found = [s.ahp for s in weights.stakeholders if s.ahp is not None]
    group = weights.group
    threshold = group.threshold if group is not None else found[0].threshold if found else 0.1
    return {
        "threshold": threshold,
        "inconsistent": [
            s.id for s in weights.stakeholders if s.ahp is not None and not s.ahp.consistent
        ],
        "group_consistent": group is None or group.consistent,
    }


def _mark_blocked(regions: dict[str, dict[str, Any]]) -> None:
    """Adds `blocked` to each region: the shared projects its plan funds that another region
    where they are candidates does not (they go ahead nowhere), with that region's cost and
    value, and the regions that do not fund their share."""
    funded = {
        r: {item["id"] for item in region["interregional"] if item["selected"]}
        for r, region in regions.items()
    }
    candidates = {
        r: {item["id"] for item in region["interregional"]} for r, region in regions.items()
    }
    for r, region in regions.items():
        values = {p["id"]: p for p in region["portfolio"].get("projects", [])}
        region["blocked"] = [
            {
                "id": item["id"],
                "cost": item["cost_in_region"],
                "value": values.get(item["id"], {}).get("value", 0.0),
                "unfunded_by": missing,
            }
            for item in region["interregional"]
            if item["selected"]
            and (
                missing := [
                    other
                    for other in regions
                    if other != r and item["id"] in candidates[other] - funded[other]
                ]
            )
        ]


def _reversal_notes(
    item: RegionAnalysis, region: str, names: dict[str, str], lang: str
) -> list[str]:
    """One sentence for each of the region's rankings where removing one alternative reorders
    others (rank reversal), naming the first `REVERSALS_NAMED` of those alternatives; the pairs
    themselves, all of them, are in `rank_reversals`."""
    notes = []
    for key, label, found in (
        ("rank_reversals", "compare.reversal_mechanisms", item.mechanism_reversals),
        ("projects_rank_reversals", "compare.reversal_projects", item.project_reversals),
    ):
        if found:
            removed = "; ".join(names.get(r.removed, r.removed) for r in found[:REVERSALS_NAMED])
            if len(found) > REVERSALS_NAMED:
                more = t("ranking.more", lang, count=len(found) - REVERSALS_NAMED)
                removed = f"{removed} {more}"
            subject = t(label, lang, region=region)
            notes.append(t("compare.reversal", lang, subject=subject, removed=removed, key=key))
    return notes


def _difference(
    item: Difference, data: Dataset, names: dict[str, str], lang: str
) -> dict[str, Any]:
    first, second = data.region_ids[:2]
    values: dict[str, Any] = {
        "subject": names.get(item.subject, item.subject),
        "first": names.get(first, first),
        "second": names.get(second, second),
    }
    values |= {key: names.get(str(v), v) for key, v in item.reason_values.items()}
    if "source" in values:
        values["source"] = cite(str(values["source"]), lang)
    scale = {level.id: level.name.get(lang) for level in data.relevance_scale.levels}
    if item.kind == "severity":
        values["first_level"] = scale.get(item.values[first], item.values[first])
        values["second_level"] = scale.get(item.values[second], item.values[second])
    if item.kind == "rank_shift":
        values["first_rank"], values["second_rank"] = item.values[first], item.values[second]
    return {**item.to_dict(), "text": t(item.reason, lang, **values)}


def _robustness(item: RegionAnalysis) -> dict[str, Any]:
    """The compact summary `compare` shows: core, borderline and exterior projects."""
    report = item.robustness
    assert report is not None
    full = report.to_dict()
    summary: dict[str, Any] = {
        "samples": full["samples"],
        "seed": full["seed"],
        "sampler": full["sampler"],
        "core_index": full.get("core_index", {}),
    }
    core = report.core_index
    if core is not None:
        classes = core.classes
        for kind in ("core", "borderline", "exterior"):
            summary[kind] = [p for p in core.ids if classes[p] == kind]
    return summary
