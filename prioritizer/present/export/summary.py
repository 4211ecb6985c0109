"""The summary rows of a run, one list for report.html and results.xlsx.

Both files show the same rows in the same order; the HTML formats each value as text, the
workbook keeps it a number with a number format, so a planner can sum or sort it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prioritizer.formats import format_number, format_pen, format_share
from prioritizer.i18n import t
from prioritizer.present.export.tables import Payload, display_name, is_infeasible, regions


class Kind(StrEnum):
    """How a summary value is shown: soles, a share, a count, a score or plain text."""

    PEN = "pen"
    SHARE = "share"
    COUNT = "count"
    DECIMAL = "decimal"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One labelled row: a value per region (None when it does not apply) and its kind."""

    label: str
    values: tuple[object, ...]
    kind: Kind


def summary_rows(payload: Payload, lang: str) -> tuple[SummaryRow, ...]:
    """Budget, spending, value, robustness, weights and coverage of every region."""
    areas = regions(payload)

    def row(key: str, kind: Kind, values: Sequence[object]) -> SummaryRow:
        return SummaryRow(t(key, lang), tuple(values), kind)

    rows = [
        row("export.budget", Kind.PEN, [r["budget"] for r in areas]),
        row("export.status", Kind.TEXT, [_status(r["portfolio"], lang) for r in areas]),
        row("export.funded_count", Kind.COUNT, [_field(r, "selected", len) for r in areas]),
        row("export.spent", Kind.PEN, [_field(r, "total_cost") for r in areas]),
        row("export.spent_share", Kind.SHARE, [_spent_share(r) for r in areas]),
        row("export.leftover", Kind.PEN, [_field(r, "leftover") for r in areas]),
        row("export.objective", Kind.DECIMAL, [_field(r, "objective") for r in areas]),
    ]
    if any(r.get("robustness") for r in areas):
        rows += [
            row("compare.robust_core", Kind.COUNT, [_robust(r, "core") for r in areas]),
            row("compare.robust_debate", Kind.COUNT, [_robust(r, "borderline") for r in areas]),
            row("export.debate_funded", Kind.COUNT, [_debated_funded(r) for r in areas]),
        ]
    rows += [
        row(
            "export.group_cr",
            Kind.DECIMAL,
            [r["weights"].get("consistency_ratio") for r in areas],
        ),
        row("export.group_inconsistent", Kind.TEXT, [_group_flag(r, lang) for r in areas]),
        row(
            "export.stakeholder_count",
            Kind.COUNT,
            [len(r["weights"].get("stakeholders", [])) for r in areas],
        ),
        row("export.inconsistent", Kind.TEXT, [_inconsistent(payload, r, lang) for r in areas]),
        row("export.blocked", Kind.TEXT, [_blocked(payload, r, lang) for r in areas]),
        row("export.top_mechanism", Kind.TEXT, [_top(payload, r) for r in areas]),
        row("export.uncovered", Kind.TEXT, [_uncovered(payload, r, lang) for r in areas]),
    ]
    return tuple(rows)


def format_value(value: object, kind: Kind, lang: str) -> str:
    """A summary value as text in `lang`; "—" for a missing one."""
    if value is None:
        return "—"
    if not isinstance(value, int | float) or kind in (Kind.TEXT, Kind.COUNT):
        return str(value)
    if kind is Kind.PEN:
        return format_pen(value, lang)
    if kind is Kind.SHARE:
        return format_share(value, lang)
    return format_number(value, 3, lang)


def funded(region: Payload) -> tuple[str, ...]:
    """The ids of the region's funded projects, in the portfolio's order (none if infeasible)."""
    portfolio = region["portfolio"]
    return () if is_infeasible(portfolio) else tuple(portfolio.get("selected", []))


def _status(portfolio: Payload, lang: str) -> str:
    if is_infeasible(portfolio):
        return f"{t('export.status.infeasible', lang)}: {portfolio.get('explanation', '')}"
    status = str(portfolio.get("status", "optimal"))
    return t(f"export.status.{status}", lang) if status in ("optimal", "best_found") else status


def _field(region: Payload, key: str, transform: Any = None) -> object:
    portfolio = region["portfolio"]
    if is_infeasible(portfolio):
        return None
    value = portfolio.get(key)
    return transform(value) if transform is not None and value is not None else value


def _spent_share(region: Payload) -> float | None:
    portfolio = region["portfolio"]
    if is_infeasible(portfolio):
        return None
    return float(portfolio["total_cost"]) / max(float(portfolio["budget"]), 1.0)


def _robust(region: Payload, kind: str) -> int | None:
    summary = region.get("robustness")
    return None if not summary else len(summary.get(kind, []))


def _debated_funded(region: Payload) -> int | None:
    summary = region.get("robustness")
    if not summary:
        return None
    chosen = set(funded(region))
    return sum(1 for project in summary.get("borderline", []) if project in chosen)


def _top(payload: Payload, region: Payload) -> str | None:
    ranking = (region.get("ranking") or {}).get("ranking", [])
    return display_name(payload, ranking[0]["id"]) if ranking else None


def _uncovered(payload: Payload, region: Payload, lang: str) -> str:
    gaps = region.get("uncovered_gaps") or []
    if not gaps:
        return t("export.none", lang)
    return "; ".join(f"{display_name(payload, g['id'])} ({g['severity']})" for g in gaps)


def _group_flag(region: Payload, lang: str) -> str:
    consistent = (region.get("consistency") or {}).get("group_consistent", True)
    return t("export.no" if consistent else "export.yes", lang)


def _inconsistent(payload: Payload, region: Payload, lang: str) -> str:
    people = {p["id"]: p for p in region["weights"].get("stakeholders", [])}
    flagged = (region.get("consistency") or {}).get("inconsistent", [])
    if not flagged:
        return t("export.none", lang)
    return "; ".join(
        f"{people[s]['name']} ({format_number(people[s].get('consistency_ratio') or 0.0, 3, lang)})"
        if s in people
        else display_name(payload, s)
        for s in flagged
    )


def _blocked(payload: Payload, region: Payload, lang: str) -> str:
    blocked = region.get("blocked") or []
    if not blocked:
        return t("export.none", lang)
    return "; ".join(display_name(payload, item["id"]) for item in blocked)
