"""The main view: Cusco and Puno side by side, from the `compare` payload (its JSON form).

Works from the plain payload rather than result objects so that `prioritizer report RUN_DIR`
can show a saved run exactly as `compare` showed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from prioritizer.i18n import t
from prioritizer.present.render.common import format_number, format_pen, format_share, new_table

Payload = Mapping[str, Any]


def render_comparison(payload: Payload, *, top: int = 5) -> RenderableType:
    """Both regions in aligned columns, then what differs and why, then joint planning."""
    lang = str(payload.get("lang", "en"))
    names: Mapping[str, str] = payload.get("names", {})
    regions: Mapping[str, Payload] = payload["regions"]
    ids = list(regions)
    table = new_table(t("compare.title", lang))
    table.add_column("", style="bold", ratio=2, overflow="fold")
    for region_id in ids:
        table.add_column(str(regions[region_id]["name"]), ratio=3, overflow="fold")

    def row(label: str, cells: Sequence[RenderableType]) -> None:
        table.add_row(Text(label), *cells)

    row(t("compare.budget", lang), [format_pen(regions[r]["budget"], lang) for r in ids])
    row(t("compare.portfolio", lang), [_portfolio_summary(regions[r], lang) for r in ids])
    table.add_section()
    criteria = list(regions[ids[0]]["weights"]["weights"])
    for criterion in criteria:
        row(
            names.get(criterion, criterion),
            [_weight_cell(regions[r]["weights"], criterion, lang) for r in ids],
        )
    row(
        t("compare.stakeholders", lang),
        [_stakeholder_cell(regions[r]["weights"], lang) for r in ids],
    )
    table.add_section()
    row(
        t("compare.top_mechanisms", lang, n=top),
        [_top_cell(regions[r]["ranking"], names, top) for r in ids],
    )
    table.add_section()
    row(t("compare.funded", lang), [_funded_cell(regions[r], names, lang) for r in ids])
    row(t("compare.uncovered", lang), [_uncovered_cell(regions[r], names, lang) for r in ids])
    row(t("compare.interregional", lang), [_shared_cell(regions[r], names, lang) for r in ids])
    if any(regions[r].get("robustness") for r in ids):
        table.add_section()
        row(t("compare.robust_core", lang), [_robust_cell(regions[r], "core", names) for r in ids])
        row(
            t("compare.robust_debate", lang),
            [_robust_cell(regions[r], "borderline", names) for r in ids],
        )
    parts: list[RenderableType] = [table]
    robust = next((regions[r]["robustness"] for r in ids if regions[r].get("robustness")), None)
    if robust:
        parts.append(
            Text(
                t("compare.robust_note", lang, samples=robust["samples"], seed=robust["seed"]),
                style="dim",
            )
        )
    notes = [n for r in ids for n in regions[r].get("rank_reversal_notes", [])]
    parts.extend(Text(note, style="yellow") for note in notes)
    parts.append(_differences(payload.get("differences", []), lang))
    joint = payload.get("joint")
    if joint:
        parts.append(_joint(joint, regions, names, lang))
    return Group(*parts)


def _portfolio_summary(region: Payload, lang: str) -> Text:
    portfolio = region["portfolio"]
    if portfolio.get("status") == "infeasible":
        return Text(t("compare.infeasible", lang) + ": " + portfolio["explanation"], style="red")
    text = Text(
        t(
            "compare.portfolio_line",
            lang,
            n=len(portfolio["selected"]),
            spent=format_pen(portfolio["total_cost"], lang),
            share=format_share(portfolio["total_cost"] / max(portfolio["budget"], 1), lang, 0),
            value=format_number(portfolio["objective"], 3, lang),
        )
    )
    if portfolio.get("status") != "optimal":
        text.append(" (" + t("compare.best_found", lang) + ")", style="yellow")
    return text


def _weight_cell(weights: Payload, criterion: str, lang: str) -> Text:
    value = weights["weights"][criterion]
    spread = weights.get("spread", {}).get(criterion)
    text = Text(format_share(value, lang))
    if spread:
        text.append(
            "  "
            + t(
                "compare.spread",
                lang,
                low=format_share(spread["min"], lang, 0),
                high=format_share(spread["max"], lang, 0),
            ),
            style="dim",
        )
    return text


def _stakeholder_cell(weights: Payload, lang: str) -> Text:
    people = weights.get("stakeholders", [])
    cr = weights.get("consistency_ratio")
    text = Text(t("compare.stakeholder_count", lang, n=len(people)))
    if cr is not None:
        text.append(", " + t("compare.group_cr", lang, cr=format_number(cr, 3, lang)))
    far = max(people, key=lambda p: p.get("distance", 0.0), default=None)
    if far is not None:
        text.append("\n" + t("compare.furthest", lang, name=far["name"]), style="dim")
    return text


def _top_cell(ranking: Payload, names: Mapping[str, str], top: int) -> Text:
    lines = [
        f"{item['rank']}. {names.get(item['id'], item['id'])}" for item in ranking["ranking"][:top]
    ]
    return Text("\n".join(lines))


def _funded_cell(region: Payload, names: Mapping[str, str], lang: str) -> RenderableType:
    portfolio = region["portfolio"]
    if portfolio.get("status") == "infeasible" or not portfolio["selected"]:
        return Text("—")
    costs = {p["id"]: p.get("cost") for p in portfolio.get("projects", [])}
    text = Text()
    for pid in portfolio["selected"]:
        cost = costs.get(pid)
        text.append(("\n" if text else "") + f"• {names.get(pid, pid)}")
        if cost is not None:
            text.append(f"\n  {format_pen(cost, lang)}", style="dim")
    return text


def _uncovered_cell(region: Payload, names: Mapping[str, str], lang: str) -> Text:
    gaps = region.get("uncovered_gaps", [])
    if not gaps:
        return Text(t("compare.none_uncovered", lang), style="green")
    return Text(
        "\n".join(f"• {names.get(g['id'], g['id'])} ({g['severity']})" for g in gaps),
        style="yellow",
    )


def _shared_cell(region: Payload, names: Mapping[str, str], lang: str) -> Text:
    lines = []
    for item in region.get("interregional", []):
        mark = "✓" if item["selected"] else "✗"
        cost = format_pen(item["cost_in_region"], lang)
        share = t("compare.share", lang, share=item["share"], cost=cost)
        lines.append(f"{mark} {names.get(item['id'], item['id'])} ({share})")
    return Text("\n".join(lines) or "—")


def _robust_cell(region: Payload, kind: str, names: Mapping[str, str]) -> Text:
    summary = region.get("robustness") or {}
    shares = summary.get("core_index", {})
    lines = [
        f"• {names.get(p, p)} ({round(100 * shares.get(p, 0.0))}%)" for p in summary.get(kind, [])
    ]
    return Text("\n".join(lines) or "—")


def _differences(differences: Sequence[Payload], lang: str) -> RenderableType:
    lines: list[RenderableType] = [Text(t("compare.differences", lang), style="bold")]
    if not differences:
        lines.append(Text(t("compare.no_differences", lang)))
    for item in differences:
        lines.append(Text("• " + str(item.get("text", item["subject"]))))
    return Group(*lines)


def _joint(
    joint: Payload, regions: Mapping[str, Payload], names: Mapping[str, str], lang: str
) -> RenderableType:
    table: Table = new_table(t("compare.joint_title", lang))
    table.add_column(t("compare.plan", lang))
    table.add_column(t("compare.value", lang), justify="right")
    table.add_row(t("compare.separate", lang), format_number(joint["separate_objective"], 3, lang))
    table.add_row(t("compare.jointly", lang), format_number(joint["objective"], 3, lang))
    lines: list[RenderableType] = [table]
    lines.append(
        Text(
            t(
                "compare.joint_gain",
                lang,
                value=format_number(joint["gain_value"], 3, lang),
                pen=format_pen(joint["gain_pen"], lang),
            )
        )
    )
    for region_id, selected in joint.get("selected", {}).items():
        label = regions[region_id]["name"] if region_id in regions else region_id
        listing = ", ".join(names.get(p, p) for p in selected)
        lines.append(Text(f"{label}: {listing}", style="dim"))
    return Group(*lines)
