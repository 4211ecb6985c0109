"""The parts of the `compare` view that add up its numbers: each region's portfolio line (with
shared projects that go ahead nowhere), joint planning reconciled region by region, what the
value is, and the closing verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from prioritizer.i18n import t
from prioritizer.present.render.common import format_number, format_pen, format_share, new_table
from prioritizer.present.render.layout import Fitted, longest_word, table_width

Payload = Mapping[str, Any]


def share_text(share: float, lang: str) -> str:
    """A share in whole percent that never rounds a real amount to 0% or a shortfall to 100%."""
    if 0 < share < 0.005:
        return "< " + format_share(0.01, lang, 0)
    if 0.995 <= share < 1:
        return "> " + format_share(0.99, lang, 0)
    return format_share(share, lang, 0)


def value_note(payload: Payload, lang: str) -> str:
    """What a portfolio's value is, for the value mode of the run."""
    mode = str((payload.get("options") or {}).get("value", "score"))
    return t(
        "compare.value_note.coverage" if mode == "coverage" else "compare.value_note.score", lang
    )


def _spending(spent: float, budget: float, lang: str) -> str:
    return t(
        "compare.spent_of",
        lang,
        spent=format_pen(spent, lang),
        budget=format_pen(budget, lang),
        share=share_text(spent / budget if budget else 0.0, lang),
    )


def portfolio_line(n: int, spent: float, budget: float, value: float, lang: str) -> str:
    return t(
        "compare.portfolio_line",
        lang,
        n=n,
        spent=format_pen(spent, lang),
        share=share_text(spent / budget if budget else 0.0, lang),
        value=format_number(value, 3, lang),
    )


def _region_names(ids: Sequence[str], regions: Mapping[str, Payload]) -> str:
    return ", ".join(str(regions[r]["name"]) if r in regions else r for r in ids)


def portfolio_cell(
    region: Payload,
    regions: Mapping[str, Payload],
    names: Mapping[str, str],
    joint: bool,
    lang: str,
) -> Text:
    """Projects, spending and value; every candidate funded; blocked shared projects, with the
    totals without them and where the joint plan is."""
    portfolio = region["portfolio"]
    if portfolio.get("status") == "infeasible":
        return Text(t("compare.infeasible", lang) + ": " + portfolio["explanation"], style="red")
    budget = float(portfolio["budget"])
    selected = portfolio["selected"]
    text = Text(
        portfolio_line(len(selected), portfolio["total_cost"], budget, portfolio["objective"], lang)
    )
    if portfolio.get("status") != "optimal":
        text.append(" (" + t("compare.best_found", lang) + ")", style="yellow")
    candidates = portfolio.get("projects", [])
    if candidates and all(p.get("selected") for p in candidates):
        text.append("\n" + t("compare.all_funded", lang), style="green")
    blocked = region.get("blocked", [])
    for item in blocked:
        project = names.get(item["id"], item["id"])
        who = _region_names(item["unfunded_by"], regions)
        text.append("\n⚠ " + t("compare.blocked", lang, project=project, regions=who), "red")
    if blocked:
        spent = portfolio["total_cost"] - sum(item["cost"] for item in blocked)
        value = portfolio["objective"] - sum(item["value"] for item in blocked)
        without = portfolio_line(len(selected) - len(blocked), spent, budget, value, lang)
        text.append("\n" + t("compare.without_blocked", lang, line=without))
        hint = "compare.joint_below" if joint else "compare.joint_hint"
        text.append("\n" + t(hint, lang), style="dim")
    return text


def joint_section(
    joint: Payload, regions: Mapping[str, Payload], names: Mapping[str, str], lang: str
) -> RenderableType:
    """Three plans (each region's own as shown above, its own with shared projects only where
    both fund them, both together) by region and in total, then the joint plan's projects."""
    ids = [r for r in regions if r in joint.get("selected", {})]
    own = {
        r: (
            regions[r]["portfolio"].get("objective", 0.0),
            regions[r]["portfolio"].get("total_cost", 0),
        )
        for r in ids
        if regions[r]["portfolio"].get("status") != "infeasible"
    }
    plans = [
        (t("compare.as_above", lang), own),
        (
            t("compare.separate", lang),
            {r: (joint["separate_value"][r], joint["separate_spend"][r]) for r in ids}
            if joint.get("separate_value")
            else {},
        ),
        (
            t("compare.jointly", lang),
            {r: (joint["value"][r], joint["spend"][r]) for r in ids} if joint.get("value") else {},
        ),
    ]
    budgets = {r: float(regions[r]["budget"]) for r in ids}
    heads = [str(regions[r]["name"]) for r in ids] + [t("compare.both", lang)]
    rows = [
        (
            t("compare.budget", lang),
            [format_pen(budgets[r], lang) for r in ids] + [format_pen(sum(budgets.values()), lang)],
        )
    ]
    rows += [(label, _plan_cells(cells, ids, budgets, lang)) for label, cells in plans if cells]
    title = t("compare.joint_title", lang)
    parts: list[RenderableType] = [Fitted(_joint_layout(title, heads, rows))]
    gain = t("compare.joint_gain", lang, **_joint_values(joint, lang))
    if joint.get("gain_pen"):
        gain += " " + t("compare.joint_stranded", lang, pen=format_pen(joint["gain_pen"], lang))
    parts.append(Text(gain))
    for r in ids:
        parts.append(_joint_projects(joint, regions[r], r, names, lang))
    return Group(*parts)


def _plan_cells(
    cells: Mapping[str, tuple[float, float]],
    ids: Sequence[str],
    budgets: Mapping[str, float],
    lang: str,
) -> list[str]:
    out = []
    for r in ids:
        value, spent = cells.get(r, (None, None))
        out.append(
            "—" if value is None or spent is None else _plan_cell(value, spent, budgets[r], lang)
        )
    total_value = sum(cells[r][0] for r in ids if r in cells)
    total_spent = sum(cells[r][1] for r in ids if r in cells)
    total_budget = sum(budgets.values())
    out.append(_plan_cell(total_value, total_spent, total_budget, lang))
    return out


def _plan_cell(value: float, spent: float, budget: float, lang: str) -> str:
    share = share_text(spent / budget if budget else 0.0, lang)
    return f"{format_number(value, 3, lang)}\n{format_pen(spent, lang)} ({share})"


def _joint_layout(
    title: str, heads: Sequence[str], rows: Sequence[tuple[str, list[str]]]
) -> Callable[[int], RenderableType]:
    def build(width: int) -> RenderableType:
        cells = [cell for _, row in rows for cell in row]
        column = max(longest_word([*cells, *heads]), 12)
        label = width - table_width([0, *(column for _ in heads)])
        if label >= longest_word([label for label, _ in rows]):
            table = new_table(title)
            table.add_column("", width=label)
            for head in heads:
                table.add_column(head, justify="right", width=column)
            for name, row in rows:
                table.add_row(Text(name), *(Text(cell) for cell in row))
            return table
        lines: list[RenderableType] = [Text(title, style="bold")]
        for name, row in rows:
            lines.append(Text(name, style="bold"))
            for head, cell in zip(heads, row, strict=True):
                lines.append(Text(f"  {head}: " + cell.replace("\n", ", ")))
        return Group(*lines)

    return build


def _joint_projects(
    joint: Payload, region: Payload, region_id: str, names: Mapping[str, str], lang: str
) -> Text:
    selected = joint.get("selected", {}).get(region_id, [])
    projects = {p["id"]: p for p in region["portfolio"].get("projects", [])}
    spend = joint.get("spend", {}).get(region_id, 0)
    text = Text(
        t(
            "compare.joint_region",
            lang,
            region=region["name"],
            n=len(selected),
            spending=_spending(spend, float(region["budget"]), lang),
            value=format_number(joint.get("value", {}).get(region_id, 0.0), 3, lang),
        ),
        style="bold",
    )
    for pid in selected:
        item = projects.get(pid, {})
        text.append(f"\n• {names.get(pid, pid)}")
        if "cost" in item:
            detail = format_pen(item["cost"], lang)
            if "value" in item:
                detail += ", " + t(
                    "compare.value_is", lang, value=format_number(item["value"], 3, lang)
                )
            text.append(f" ({detail})", style="dim")
    return text


def verdict(payload: Payload, lang: str) -> RenderableType:
    """Each region in a few lines: spent of budget, projects, value, and what to debate."""
    regions: Mapping[str, Payload] = payload["regions"]
    names: Mapping[str, str] = payload.get("names", {})
    lines: list[RenderableType] = [Text(t("compare.verdict", lang), style="bold")]
    for region in regions.values():
        portfolio = region["portfolio"]
        if portfolio.get("status") == "infeasible":
            line = t("compare.verdict_infeasible", lang, region=region["name"])
            lines.append(Text(f"• {line}: {portfolio.get('explanation', '')}", style="red"))
            continue
        lines.append(
            Text(
                "• "
                + t(
                    "compare.verdict_line",
                    lang,
                    region=region["name"],
                    spending=_spending(portfolio["total_cost"], float(portfolio["budget"]), lang),
                    n=len(portfolio["selected"]),
                    value=format_number(portfolio["objective"], 3, lang),
                )
            )
        )
        lines.append(Padding(Text(_debate(region, regions, names, lang)), (0, 0, 0, 2)))
    joint = payload.get("joint")
    if joint:  # the plan that funds shared projects where each region alone would not
        line = t("compare.verdict_joint", lang, **_joint_values(joint, lang))
        lines.append(Text(f"• {line}"))
    return Group(*lines)


def _debate(
    region: Payload, regions: Mapping[str, Payload], names: Mapping[str, str], lang: str
) -> str:
    items = []
    robust = region.get("robustness") or {}
    shares = robust.get("core_index", {})
    chosen = set(region["portfolio"].get("selected", []))
    for project in robust.get("borderline", []):
        state = "compare.debate_in" if project in chosen else "compare.debate_out"
        share = format_share(shares.get(project, 0.0), lang, 0)
        items.append(t(state, lang, project=names.get(project, project), share=share))
    for item in region.get("blocked", []):
        who = _region_names(item["unfunded_by"], regions)
        items.append(
            t(
                "compare.debate_blocked",
                lang,
                project=names.get(item["id"], item["id"]),
                regions=who,
            )
        )
    consistency = region.get("consistency") or {}
    people = {p["id"]: p["name"] for p in region["weights"].get("stakeholders", [])}
    flagged = [people.get(s, s) for s in consistency.get("inconsistent", [])]
    if flagged:
        items.append(t("compare.debate_judgments", lang, names=", ".join(flagged)))
    if not consistency.get("group_consistent", True):
        items.append(t("compare.debate_group", lang))
    if not items:
        key = "compare.debate_nothing" if robust else "compare.debate_unknown"
        return t(key, lang)
    return t("compare.debate", lang, items="; ".join(items))


def _joint_values(joint: Payload, lang: str) -> dict[str, str]:
    """The joint plan's value (`together`), the regions' apart and the `gain`, as every
    sentence about joint planning prints them."""
    return {
        "together": format_number(joint["objective"], 3, lang),
        "apart": format_number(joint["separate_objective"], 3, lang),
        "gain": format_number(joint["gain_value"], 3, lang),
    }
