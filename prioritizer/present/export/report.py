"""report.md and report.html: one list of blocks, written as Markdown and as self-contained HTML.

Building the content once (headings, paragraphs, tables, charts) and writing it twice keeps
the two reports identical in substance. Every text from the payload is escaped for the target
format, so a project called `[bold]` or `<script>` shows verbatim. The HTML embeds its charts
as base64 PNGs and its CSS inline: one file that opens offline.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from prioritizer.i18n import t
from prioritizer.present.export.charts import FRONTIER, PORTFOLIO, SCORES, WEIGHTS
from prioritizer.present.export.tables import (
    ExportContent,
    Payload,
    display_name,
    is_infeasible,
    regions,
)
from prioritizer.present.render.common import format_number, format_pen, format_share

TOP_MECHANISMS = 10
CHART_FOLDER = "charts"


@dataclass(frozen=True, slots=True)
class Heading:
    """A section title; level 1 is the report's title."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted list of plain text."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table of plain text; `right` marks the right-aligned (numeric) columns."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart of the run by name (see charts.CHARTS), with its caption."""

    name: str
    caption: str


Block = Heading | Paragraph | Bullets | Table | Chart


def write_markdown(content: ExportContent, folder: Path) -> None:
    """report.md, with its charts as PNG files in charts/ linked relatively."""
    blocks = report_blocks(content)
    charts = [block.name for block in blocks if isinstance(block, Chart)]
    if charts:
        (folder / CHART_FOLDER).mkdir()
    for name in charts:
        (folder / CHART_FOLDER / f"{name}.png").write_bytes(content.charts[name])
    (folder / "report.md").write_text(to_markdown(blocks), encoding="utf-8", newline="\n")


def write_html(content: ExportContent, folder: Path) -> None:
    """report.html: one file with inline CSS and base64 charts, nothing fetched."""
    text = to_html(report_blocks(content), content.charts, content.lang)
    (folder / "report.html").write_text(text, encoding="utf-8", newline="\n")


def report_blocks(content: ExportContent) -> list[Block]:
    """The report: summary side by side, weights, mechanisms, portfolios, frontier, differences
    and joint planning, in the UI language; names as the payload gives them."""
    payload, lang = content.payload, content.lang
    areas = regions(payload)
    blocks: list[Block] = [
        Heading(1, t("export.title", lang, regions=" · ".join(str(r["name"]) for r in areas)))
    ]
    options = payload.get("options") or {}
    scalars = [
        f"{key}={value if isinstance(value, str) else json.dumps(value)}"
        for key, value in options.items()
        if isinstance(value, str | int | float | bool)
    ]
    if scalars:
        blocks.append(Paragraph(f"{t('export.options', lang)}: {', '.join(scalars)}"))
    blocks += _summary(payload, areas, lang)
    blocks += _weights(payload, areas, lang, content.charts)
    blocks += _mechanisms(payload, areas, lang, content.charts)
    blocks += _portfolios(payload, areas, lang, content.charts)
    blocks += _frontiers(payload, areas, lang, content.charts)
    blocks += _differences(payload, lang)
    blocks += _joint(payload, areas, lang)
    return blocks


def _summary(payload: Payload, areas: Sequence[Payload], lang: str) -> list[Block]:
    def row(label: str, cells: Sequence[str]) -> tuple[str, ...]:
        return (label, *cells)

    rows = [
        row(t("export.budget", lang), [format_pen(r["budget"], lang) for r in areas]),
        row(t("export.status", lang), [_status(r["portfolio"], lang) for r in areas]),
        row(t("export.funded_count", lang), [_portfolio_cell(r, lang, "count") for r in areas]),
        row(t("export.spent", lang), [_portfolio_cell(r, lang, "spent") for r in areas]),
        row(t("export.leftover", lang), [_portfolio_cell(r, lang, "leftover") for r in areas]),
        row(t("export.objective", lang), [_portfolio_cell(r, lang, "objective") for r in areas]),
        row(t("export.group_cr", lang), [_cr(r["weights"], lang) for r in areas]),
        row(
            t("export.stakeholder_count", lang),
            [str(len(r["weights"].get("stakeholders", []))) for r in areas],
        ),
        row(t("export.top_mechanism", lang), [_top_mechanism(payload, r) for r in areas]),
        row(t("export.uncovered", lang), [_uncovered(payload, r, lang) for r in areas]),
    ]
    header = (t("export.summary.item", lang), *(str(r["name"]) for r in areas))
    blocks: list[Block] = [
        Heading(2, t("export.summary", lang)),
        Table(header, tuple(rows), (False,) * len(header)),
    ]
    blocks += [_infeasible(r, lang) for r in areas if is_infeasible(r["portfolio"])]
    return blocks


def _weights(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    criteria = list(areas[0]["weights"]["weights"]) if areas else []
    rows = tuple(
        (display_name(payload, c), *(_weight_cell(r["weights"], c, lang) for r in areas))
        for c in criteria
    )
    header = (t("export.col.criterion", lang), *(str(r["name"]) for r in areas))
    blocks: list[Block] = [
        Heading(2, t("export.weights", lang)),
        Paragraph(t("export.weights.group", lang)),
        Table(header, rows, (False,) + (True,) * len(areas)),
    ]
    for region in areas:
        weights = region["weights"]
        people = weights.get("stakeholders", [])
        if not people:
            continue
        own = list(weights["weights"])
        header = (
            t("export.col.stakeholder", lang),
            t("export.col.influence", lang),
            t("export.col.consistency_ratio", lang),
            *(display_name(payload, c) for c in own),
        )
        rows = tuple(
            (
                str(p["name"]),
                format_share(float(p.get("influence", 0.0)), lang),
                _cr(p, lang),
                *(format_share(float(p["weights"][c]), lang) for c in own),
            )
            for p in people
        )
        blocks += [
            Heading(3, t("export.weights.stakeholders", lang, region=region["name"])),
            Table(header, rows, (False,) + (True,) * (len(header) - 1)),
        ]
    blocks += _chart(WEIGHTS, t("export.chart.weights", lang), charts)
    return blocks


def _mechanisms(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    lists = [(r.get("ranking") or {}).get("ranking", [])[:TOP_MECHANISMS] for r in areas]
    header: tuple[str, ...] = ()
    for region in areas:
        header += (str(region["name"]), t("export.col.score", lang))
    rows = []
    for position in range(max((len(items) for items in lists), default=0)):
        cells: tuple[str, ...] = ()
        for items in lists:
            if position < len(items):
                item = items[position]
                cells += (
                    f"{item['rank']}. {display_name(payload, item['id'])}",
                    format_number(float(item["score"]), 3, lang),
                )
            else:
                cells += ("", "")
        rows.append(cells)
    notes = tuple(n for r in areas for n in r.get("rank_reversal_notes", []))
    return [
        Heading(2, t("export.mechanisms", lang, n=len(rows))),
        Table(header, tuple(rows), (False, True) * len(areas)),
        *_chart(SCORES, t("export.chart.scores", lang), charts),
        *([Bullets(notes)] if notes else []),
    ]


def _portfolios(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, t("export.portfolio", lang)),
        *_chart(PORTFOLIO, t("export.chart.portfolio", lang), charts),
    ]
    header = tuple(
        t(f"export.col.{c}", lang) for c in ("name", "cost", "value", "selected", "reason")
    )
    for region in areas:
        portfolio = region["portfolio"]
        blocks.append(Heading(3, str(region["name"])))
        if is_infeasible(portfolio):
            blocks.append(_infeasible(region, lang))
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
        rows = tuple(
            (
                display_name(payload, p["id"], p.get("name")),
                format_pen(p["cost"], lang),
                format_number(float(p["value"]), 3, lang),
                t("export.yes" if p["selected"] else "export.no", lang),
                str(p.get("reason", "")),
            )
            for p in portfolio.get("projects", [])
        )
        blocks += [Paragraph(line), Table(header, rows, (False, True, True, False, False))]
        shared = region.get("interregional") or []
        if shared:
            blocks += [
                Paragraph(t("export.interregional", lang)),
                Bullets(tuple(_shared_line(payload, item, lang) for item in shared)),
            ]
    return blocks


def _frontiers(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, t("export.frontier", lang)),
        *_chart(FRONTIER, t("export.chart.frontier", lang), charts),
    ]
    header = tuple(t(f"export.col.{c}", lang) for c in ("budget", "objective", "added", "removed"))
    for region in areas:
        points = (region.get("frontier") or {}).get("points", [])
        if not points:
            continue
        rows = tuple(
            (
                format_pen(p["budget"], lang),
                format_number(float(p["objective"]), 3, lang),
                ", ".join(display_name(payload, i) for i in p.get("added", [])),
                ", ".join(display_name(payload, i) for i in p.get("removed", [])),
            )
            for p in points
        )
        blocks += [Heading(3, str(region["name"])), Table(header, rows, (True, True, False, False))]
    return blocks


def _differences(payload: Payload, lang: str) -> list[Block]:
    items = tuple(
        str(d.get("text") or display_name(payload, d["subject"]))
        for d in payload.get("differences", [])
    )
    body: Block = Bullets(items) if items else Paragraph(t("export.no_differences", lang))
    return [Heading(2, t("export.differences", lang)), body]


def _joint(payload: Payload, areas: Sequence[Payload], lang: str) -> list[Block]:
    joint = payload.get("joint")
    if not joint:
        return []
    rows = (
        (t("export.joint.separate", lang), format_number(joint["separate_objective"], 3, lang)),
        (t("export.joint.jointly", lang), format_number(joint["objective"], 3, lang)),
    )
    names = {str(r["id"]): str(r["name"]) for r in areas}
    plans = tuple(
        f"{names.get(region, region)}: " + ", ".join(display_name(payload, p) for p in chosen)
        for region, chosen in joint.get("selected", {}).items()
    )
    gain = t(
        "export.joint.gain",
        lang,
        value=format_number(joint["gain_value"], 3, lang),
        pen=format_pen(joint["gain_pen"], lang),
    )
    return [
        Heading(2, t("export.joint", lang)),
        Table((t("export.joint.plan", lang), t("export.joint.value", lang)), rows, (False, True)),
        Paragraph(gain),
        Bullets(plans),
    ]


def _chart(name: str, caption: str, charts: Mapping[str, bytes]) -> list[Block]:
    return [Chart(name, caption)] if name in charts else []


def _status(portfolio: Payload, lang: str) -> str:
    if is_infeasible(portfolio):
        return t("export.status.infeasible", lang)
    status = str(portfolio.get("status", "optimal"))
    return t(f"export.status.{status}", lang) if status in ("optimal", "best_found") else status


def _portfolio_cell(region: Payload, lang: str, what: str) -> str:
    portfolio = region["portfolio"]
    if is_infeasible(portfolio):
        return "—"
    if what == "count":
        return str(len(portfolio["selected"]))
    if what == "spent":
        share = portfolio["total_cost"] / max(portfolio["budget"], 1)
        spent = format_pen(portfolio["total_cost"], lang)
        return t("export.spent_line", lang, spent=spent, share=format_share(share, lang))
    if what == "leftover":
        return format_pen(portfolio["leftover"], lang)
    return format_number(float(portfolio["objective"]), 3, lang)


def _infeasible(region: Payload, lang: str) -> Paragraph:
    explanation = str(region["portfolio"].get("explanation", ""))
    return Paragraph(
        t("export.infeasible_line", lang, region=region["name"], explanation=explanation)
    )


def _cr(holder: Payload, lang: str) -> str:
    value = holder.get("consistency_ratio")
    return "—" if value is None else format_number(float(value), 3, lang)


def _weight_cell(weights: Payload, criterion: str, lang: str) -> str:
    value = format_share(float(weights["weights"][criterion]), lang)
    spread = (weights.get("spread") or {}).get(criterion)
    if not spread:
        return value
    low = format_share(float(spread["min"]), lang, 0)
    high = format_share(float(spread["max"]), lang, 0)
    return t("export.weights.spread", lang, weight=value, low=low, high=high)


def _top_mechanism(payload: Payload, region: Payload) -> str:
    ranking = (region.get("ranking") or {}).get("ranking", [])
    return display_name(payload, ranking[0]["id"]) if ranking else "—"


def _uncovered(payload: Payload, region: Payload, lang: str) -> str:
    gaps = region.get("uncovered_gaps") or []
    if not gaps:
        return t("export.none", lang)
    return "; ".join(f"{display_name(payload, g['id'])} ({g['severity']})" for g in gaps)


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


# -- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_MD_LINE_START = re.compile(r"^([#+=>-]|\d+(?=[.)]))")


def md_text(text: str) -> str:
    """`text` as literal Markdown: one line, special characters backslash-escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(_line_start, escaped, count=1)


def _line_start(match: re.Match[str]) -> str:
    """A block marker at the start of a line, made literal: `\\#`, `\\-`, or `1\\.` for a
    number followed by `.` or `)` (a backslash before a digit would print)."""
    marker = match.group(1)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def to_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as CommonMark/GFM, charts linked as charts/<name>.png."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + md_text(block.text))
        elif isinstance(block, Paragraph):
            parts.append(md_text(block.text))
        elif isinstance(block, Bullets):
            parts.append("\n".join("- " + md_text(item) for item in block.items))
        elif isinstance(block, Table):
            rule = ["---:" if right else "---" for right in block.right]
            lines = [_md_row([md_text(c) for c in row]) for row in (block.header, *block.rows)]
            lines.insert(1, _md_row(rule))
            parts.append("\n".join(lines))
        else:
            parts.append(f"![{md_text(block.caption)}]({CHART_FOLDER}/{block.name}.png)")
    return "\n\n".join(parts) + "\n"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# -- HTML ----------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .8em 0 1.4em; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: left;
         vertical-align: top; }
th { background: #f3f3f3; }
.num { text-align: right; white-space: nowrap; }
figure { margin: 1em 0; } img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .9em; }
"""


def to_html(blocks: Sequence[Block], charts: Mapping[str, bytes], lang: str) -> str:
    """The blocks as one HTML5 document: inline CSS, charts as data: URIs, all text escaped."""
    title = next((b.text for b in blocks if isinstance(b, Heading)), "")
    body = "\n".join(_html_block(block, charts) for block in blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _html_block(block: Block, charts: Mapping[str, bytes]) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{html.escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{html.escape(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        return _html_table(block)
    data = base64.b64encode(charts[block.name]).decode("ascii")
    caption = html.escape(block.caption)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{caption}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _html_table(table: Table) -> str:
    def cells(tag: str, row: Sequence[str]) -> str:
        return "".join(
            f'<{tag} class="num">{html.escape(c)}</{tag}>'
            if right
            else f"<{tag}>{html.escape(c)}</{tag}>"
            for c, right in zip(row, table.right, strict=True)
        )

    head = f"<thead><tr>{cells('th', table.header)}</tr></thead>"
    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in table.rows)
    return f"<table>{head}<tbody>{body}</tbody></table>"
