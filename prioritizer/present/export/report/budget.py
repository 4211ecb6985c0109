"""Report sections about the money: the portfolio against the budget, value for money, and
the best value at every budget (the exact change points) around the current one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from prioritizer.formats import format_number, format_pen
from prioritizer.i18n import t
from prioritizer.present.export.charts import FRONTIER, PORTFOLIO, VALUE, chart_name
from prioritizer.present.export.figures import (
    Candidate,
    Step,
    budget_rate,
    candidates,
    efficient,
    frontier_at_budget,
    funded_in_order,
)
from prioritizer.present.export.report.blocks import (
    Block,
    Bullets,
    Chart,
    Figures,
    Heading,
    Paragraph,
    Section,
    Table,
)
from prioritizer.present.export.report.overview import infeasible_line
from prioritizer.present.export.tables import Payload, display_name, is_infeasible

AROUND = 5
"""Change points shown on each side of the one in force at the current budget."""
PER = 10_000
"""Value for money is quoted per S/ 10,000."""


def portfolio_section(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    """The budgets' bars, then per region its line and every candidate with why it is in or
    out, the funded first by their number."""
    blocks: list[Block] = [Section("portfolio", t("export.portfolio", lang))]
    if PORTFOLIO in charts:
        blocks.append(Figures((Chart(PORTFOLIO, t("export.caption.portfolio", lang)),)))
    header = tuple(
        t(f"export.col.{c}", lang)
        for c in ("number", "name", "cost", "value", "selected", "reason")
    )
    for region in areas:
        portfolio = region["portfolio"]
        blocks.append(Heading(3, str(region["name"])))
        if is_infeasible(portfolio):
            blocks.append(infeasible_line(region, lang))
            continue
        line = t(
            "export.portfolio_line",
            lang,
            n=len(portfolio["selected"]),
            spent=format_pen(portfolio["total_cost"], lang),
            budget=format_pen(portfolio["budget"], lang),
            leftover=format_pen(portfolio["leftover"], lang),
            value=format_number(float(portfolio["objective"]), 3, lang),
        )
        if portfolio.get("status") == "best_found":
            line += f" ({t('export.status.best_found', lang)})"
        reasons = {p["id"]: str(p.get("reason", "")) for p in portfolio.get("projects", [])}
        items = candidates(payload, region)
        ordered = [*funded_in_order(items), *(c for c in items if c.number is None)]
        rows = tuple(
            (
                "" if c.number is None else str(c.number),
                c.name,
                format_pen(c.cost_pen, lang),
                format_number(c.value, 3, lang),
                t("export.yes" if c.number is not None else "export.no", lang),
                reasons.get(c.id, ""),
            )
            for c in ordered
        )
        right = (True, False, True, True, False, False)
        blocks += [Paragraph(line), Table(header, rows, right, stack=True)]
        shared = region.get("interregional") or []
        if shared:
            blocks += [
                Paragraph(t("export.interregional", lang)),
                Bullets(tuple(_shared_line(payload, item, lang) for item in shared)),
            ]
    return blocks


def value_section(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    """Per region, each candidate's value against its cost, with what the chart shows said
    in words: the efficient candidates left out, the funded ones below the budget line."""
    shown = [r for r in areas if chart_name(VALUE, r["id"]) in charts]
    if not shown:
        return []
    blocks: list[Block] = [
        Section("value-for-money", t("export.value", lang)),
        Paragraph(t("export.value.intro", lang)),
        Figures(
            tuple(
                Chart(chart_name(VALUE, r["id"]), _value_caption(payload, r, lang)) for r in shown
            )
        ),
    ]
    header = tuple(
        t(f"export.col.{c}", lang) for c in ("number", "name", "cost", "value", "per_10000")
    )
    for region in shown:
        rows = tuple(
            (
                str(c.number),
                c.name,
                format_pen(c.cost_pen, lang),
                format_number(c.value, 3, lang),
                format_number(c.value * PER / max(c.cost_pen, 1), 3, lang),
            )
            for c in funded_in_order(candidates(payload, region))
        )
        blocks += [
            Heading(3, t("export.value.funded", lang, region=region["name"])),
            Table(header, rows, (True, False, True, True, True), stack=True),
        ]
    return blocks


def frontier_section(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    """Per region, the best value at every budget where it changes, the current budget
    marked, and the change points nearest to it in a table."""
    blocks: list[Block] = [
        Section("frontier", t("export.frontier", lang)),
        Paragraph(t("export.frontier.intro", lang)),
    ]
    shown = [r for r in areas if chart_name(FRONTIER, r["id"]) in charts]
    if shown:
        blocks.append(
            Figures(
                tuple(
                    Chart(chart_name(FRONTIER, r["id"]), _frontier_caption(payload, r, lang))
                    for r in shown
                )
            )
        )
    header = tuple(
        t(f"export.col.{c}", lang) for c in ("budget", "objective", "added", "removed", "note")
    )
    for region in areas:
        items, budget, now = frontier_at_budget(region)
        if not items:
            continue
        middle = 0 if now is None else now
        first, last = max(middle - AROUND, 0), min(middle + AROUND + 1, len(items))
        rows = tuple(
            (
                format_pen(step.budget_pen, lang),
                format_number(step.value, 3, lang),
                _names(payload, step.added),
                _names(payload, step.removed),
                t("export.frontier.current", lang, budget=format_pen(budget, lang))
                if i == now
                else "",
            )
            for i, step in enumerate(items[first:last], start=first)
        )
        marked = frozenset() if now is None else frozenset({now - first})
        blocks += [
            Heading(3, str(region["name"])),
            Table(header, rows, (True, True, False, False, False), marked=marked, stack=True),
            Paragraph(
                t("export.frontier.shown", lang, shown=len(rows), total=len(items)), note=True
            ),
        ]
        if (region.get("frontier") or {}).get("method") == "even":
            blocks.append(Paragraph(t("export.frontier.even", lang), note=True))
    return blocks


def _value_caption(payload: Payload, region: Payload, lang: str) -> str:
    items = candidates(payload, region)
    front = efficient(items)
    parts = [
        t(
            "export.caption.value",
            lang,
            region=region["name"],
            efficient=len(front),
            funded=sum(1 for c in front if c.number is not None),
        )
    ]
    left_out = [c.name for c in front if c.number is None]
    if left_out:
        parts.append(t("export.caption.value.left_out", lang, names=", ".join(left_out)))
    rate = budget_rate(region)
    if rate is not None:
        parts.append(t("export.caption.value.rate", lang, value=format_number(rate * PER, 3, lang)))
        below = [c.name for c in items if c.number is not None and _below(c, rate)]
        above = [c.name for c in items if c.number is None and not _below(c, rate)]
        if below:
            parts.append(t("export.caption.value.below", lang, names=", ".join(below)))
        if above:
            parts.append(t("export.caption.value.above", lang, names=", ".join(above)))
    return " ".join(parts)


def _below(item: Candidate, rate: float) -> bool:
    return item.value < rate * item.cost_pen


def _frontier_caption(payload: Payload, region: Payload, lang: str) -> str:
    items, budget, now = frontier_at_budget(region)
    parts = [t("export.caption.frontier", lang, region=region["name"], count=len(items))]
    if now is None:
        parts.append(
            t("export.caption.frontier.below", lang, budget=format_pen(items[0].budget_pen, lang))
        )
        return " ".join(parts)
    here = items[now]
    parts.append(
        t(
            "export.caption.frontier.now",
            lang,
            budget=format_pen(budget, lang),
            value=format_number(here.value, 3, lang),
        )
    )
    if now + 1 < len(items):
        after = items[now + 1]
        parts.append(
            t(
                "export.caption.frontier.next",
                lang,
                budget=format_pen(after.budget_pen, lang),
                more=format_pen(after.budget_pen - budget, lang),
                gain=_gain(after, here, lang),
                moves=_moves(payload, after, lang),
            )
        )
    if now > 0:
        parts.append(
            t(
                "export.caption.frontier.previous",
                lang,
                budget=format_pen(here.budget_pen, lang),
                loss=_gain(here, items[now - 1], lang),
            )
        )
    return " ".join(parts)


def _gain(step: Step, base: Step, lang: str) -> str:
    return format_number(step.value - base.value, 3, lang)


def _moves(payload: Payload, step: Step, lang: str) -> str:
    added = _names(payload, step.added)
    removed = _names(payload, step.removed)
    if removed:
        return t("export.caption.frontier.swap", lang, added=added, removed=removed)
    return t("export.caption.frontier.adds", lang, added=added)


def _names(payload: Payload, ids: Sequence[str]) -> str:
    return ", ".join(display_name(payload, i) for i in ids)


def _shared_line(payload: Payload, item: Payload, lang: str) -> str:
    return t(
        "export.interregional_line",
        lang,
        name=display_name(payload, item["id"]),
        share=format_number(float(item["share"]), 0, lang),
        cost=format_pen(item["cost"], lang),
        cost_in_region=format_pen(item["cost_in_region"], lang),
        status=t("export.yes" if item["selected"] else "export.no", lang),
    )
