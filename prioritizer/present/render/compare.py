"""The main view: Cusco and Puno side by side, from the `compare` payload (its JSON form).

Works from the plain payload rather than result objects so that `prioritizer report RUN_DIR`
can show a saved run exactly as `compare` showed it. The table is built for the width it is
printed at: regions as columns when each column holds its longest word, else one region after
the other, so that no word or amount is ever cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from prioritizer.i18n import t
from prioritizer.present.render.common import format_number, format_pen, format_share, new_table
from prioritizer.present.render.compare_notes import (
    joint_section,
    portfolio_cell,
    portfolio_line,
    share_text,
    value_note,
    verdict,
)
from prioritizer.present.render.compare_roadmap import render_roadmaps
from prioritizer.present.render.layout import Fitted, longest_word, table_width

Payload = Mapping[str, Any]
Row = tuple[str, list[Text]]

_LABEL_SHARE = 0.25
"""Share of the width the labels take when the regions are side by side."""


def render_comparison(payload: Payload, *, top: int = 5) -> RenderableType:
    """Both regions in aligned columns, then what differs and why, joint planning, the verdict."""
    lang = str(payload.get("lang", "en"))
    names: Mapping[str, str] = payload.get("names", {})
    regions: Mapping[str, Payload] = payload["regions"]
    ids = list(regions)
    rows = _rows(payload, regions, ids, names, lang, top)
    heads = [str(regions[r]["name"]) for r in ids]
    listed = (
        ", ".join(heads[:-1]) + t("compare.and", lang) + heads[-1] if len(heads) > 1 else heads[0]
    )
    title = (
        t("compare.title", lang, regions=listed)
        if len(heads) > 1
        else t("compare.title_one", lang, region=listed)
    )
    parts: list[RenderableType] = [Fitted(lambda width: _layout(title, heads, rows, width))]
    parts.append(Text(value_note(payload, lang), style="dim"))
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
        parts.append(joint_section(joint, regions, names, lang))
    parts.append(render_roadmaps(regions, ids, lang))
    parts.append(verdict(payload, lang))
    return Group(*parts)


def _rows(
    payload: Payload,
    regions: Mapping[str, Payload],
    ids: Sequence[str],
    names: Mapping[str, str],
    lang: str,
    top: int,
) -> list[Row | None]:
    """The table's rows (a label, one cell per region); None where a section ends."""
    joint = payload.get("joint")
    rows: list[Row | None] = [
        (t("compare.budget", lang), [Text(format_pen(regions[r]["budget"], lang)) for r in ids]),
        (
            t("compare.portfolio", lang),
            [portfolio_cell(regions[r], regions, names, joint is not None, lang) for r in ids],
        ),
    ]
    if joint:
        rows.append(
            (
                t("compare.funded_together", lang),
                [_together_cell(joint, regions[r], lang) for r in ids],
            )
        )
    rows.append(None)
    for criterion in regions[ids[0]]["weights"]["weights"]:
        rows.append(
            (
                names.get(criterion, criterion),
                [_weight_cell(regions[r]["weights"], criterion, lang) for r in ids],
            )
        )
    rows.append(
        (t("compare.stakeholders", lang), [_stakeholder_cell(regions[r], lang) for r in ids])
    )
    rows.append(None)
    rows.append(
        (
            t("compare.top_mechanisms", lang, n=top),
            [_top_cell(regions[r]["ranking"], names, top) for r in ids],
        )
    )
    rows.append(None)
    rows.append((t("compare.funded", lang), [_funded_cell(regions[r], names, lang) for r in ids]))
    rows.append(
        (t("compare.uncovered", lang), [_uncovered_cell(regions[r], names, lang) for r in ids])
    )
    rows.append(
        (t("compare.interregional", lang), [_shared_cell(regions[r], names, lang) for r in ids])
    )
    if any(regions[r].get("robustness") for r in ids):
        rows.append(None)
        for kind, key in (("core", "compare.robust_core"), ("borderline", "compare.robust_debate")):
            rows.append((t(key, lang), [_robust_cell(regions[r], kind, names, lang) for r in ids]))
    return rows


def _layout(title: str, heads: Sequence[str], rows: Sequence[Row | None], width: int) -> Any:
    """Regions side by side when every column holds its longest word; else one after another."""
    labels = [row[0] for row in rows if row is not None]
    cells = [cell.plain for row in rows if row is not None for cell in row[1]]
    label_width = max(longest_word(labels), round(_LABEL_SHARE * width))
    free = width - table_width([label_width, *(0 for _ in heads)])
    column = free // max(len(heads), 1)
    if column >= longest_word([*cells, *heads]):
        table = new_table(title)
        table.add_column("", style="bold", width=label_width)
        for head in heads:
            table.add_column(head, width=column)
        for row in rows:
            if row is None:
                table.add_section()
            else:
                table.add_row(Text(row[0]), *row[1])
        return table
    return _stacked(title, heads, rows)


def _stacked(title: str, heads: Sequence[str], rows: Sequence[Row | None]) -> Group:
    """One region after the other, each label on its own line above its value."""
    lines: list[RenderableType] = [Text(title, style="bold")]
    for i, head in enumerate(heads):
        lines.append(Text("\n" + head, style="bold underline"))
        for row in rows:
            if row is not None:
                lines.append(Text(row[0], style="bold"))
                lines.append(Padding(row[1][i], (0, 0, 0, 2)))
    return Group(*lines)


def _together_cell(joint: Payload, region: Payload, lang: str) -> Text:
    selected = joint.get("selected", {}).get(region["id"], [])
    spend = joint.get("spend", {}).get(region["id"], 0)
    value = joint.get("value", {}).get(region["id"], 0.0)
    return Text(portfolio_line(len(selected), spend, float(region["budget"]), value, lang))


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


def _stakeholder_cell(region: Payload, lang: str) -> Text:
    weights = region["weights"]
    people = weights.get("stakeholders", [])
    consistency = region.get("consistency") or {}
    threshold = format_number(consistency.get("threshold", 0.1), 2, lang)
    cr = weights.get("consistency_ratio")
    text = Text(t("compare.stakeholder_count", lang, n=len(people)))
    if cr is not None:
        text.append(", " + t("compare.group_cr", lang, cr=format_cr(cr, lang)))
    if not consistency.get("group_consistent", True):
        text.append("\n" + t("compare.group_inconsistent", lang, threshold=threshold), "red")
    flagged = set(consistency.get("inconsistent", []))
    for person in people:
        if person["id"] in flagged:
            cr_text = format_cr(person.get("consistency_ratio") or 0.0, lang)
            line = t("compare.inconsistent", lang, name=person["name"], cr=cr_text)
            text.append("\n" + line, style="red")
    far = max(people, key=lambda p: p.get("distance", 0.0), default=None)
    if far is not None and round(far.get("distance", 0.0), 3) > 0:
        text.append("\n" + t("compare.furthest", lang, name=far["name"]), style="dim")
    return text


def format_cr(cr: float, lang: str) -> str:
    """A consistency ratio with three decimals, `< 0.001` when it is smaller but not zero."""
    if 0 < cr < 0.0005:
        return "< " + format_number(0.001, 3, lang)
    return format_number(cr, 3, lang)


def _top_cell(ranking: Payload, names: Mapping[str, str], top: int) -> Text:
    lines = [
        f"{item['rank']}. {names.get(item['id'], item['id'])}" for item in ranking["ranking"][:top]
    ]
    return Text("\n".join(lines))


def _funded_cell(region: Payload, names: Mapping[str, str], lang: str) -> Text:
    portfolio = region["portfolio"]
    if portfolio.get("status") == "infeasible" or not portfolio["selected"]:
        return Text("—")
    costs = {p["id"]: p.get("cost") for p in portfolio.get("projects", [])}
    blocked = {item["id"] for item in region.get("blocked", [])}
    text = Text()
    for pid in portfolio["selected"]:
        cost = costs.get(pid)
        text.append(("\n" if text else "") + f"• {names.get(pid, pid)}")
        if pid in blocked:
            text.append(f" ({t('compare.blocked_mark', lang)})", style="red")
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
    blocked = {item["id"] for item in region.get("blocked", [])}
    text = Text()
    for item in region.get("interregional", []):
        mark = "⚠" if item["id"] in blocked else "✓" if item["selected"] else "✗"
        cost = format_pen(item["cost_in_region"], lang)
        share = t("compare.share", lang, share=share_text(item["share"] / 100, lang), cost=cost)
        text.append(
            ("\n" if text else "") + f"{mark} {names.get(item['id'], item['id'])} ({share})"
        )
        if item["id"] in blocked:
            text.append(f" {t('compare.blocked_mark', lang)}", style="red")
    return text or Text("—")


def _robust_cell(region: Payload, kind: str, names: Mapping[str, str], lang: str) -> Text:
    summary = region.get("robustness") or {}
    shares = summary.get("core_index", {})
    lines = [
        f"• {names.get(p, p)} ({format_share(shares.get(p, 0.0), lang, 0)})"
        for p in summary.get(kind, [])
    ]
    return Text("\n".join(lines) or "—")


def _differences(differences: Sequence[Payload], lang: str) -> RenderableType:
    lines: list[RenderableType] = [Text(t("compare.differences", lang), style="bold")]
    if not differences:
        lines.append(Text(t("compare.no_differences", lang)))
    for item in differences:
        lines.append(Text("• " + str(item.get("text", item["subject"]))))
    return Group(*lines)
