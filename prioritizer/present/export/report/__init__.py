"""report.md and report.html: one list of blocks, written as Markdown and as self-contained HTML.

Building the content once (sections, paragraphs, tables, charts) and writing it twice keeps
the two reports identical in substance. Every text from the payload is escaped for the target
format, so a project called `[bold]` or `<script>` shows verbatim. The HTML embeds its charts
as base64 PNGs and its stylesheet inline: one file that opens offline, reads on a phone and
prints a section per page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prioritizer.present.export.report.blocks import Block, Chart, Figures
from prioritizer.present.export.report.budget import (
    frontier_section,
    portfolio_section,
    value_section,
)
from prioritizer.present.export.report.html import to_html
from prioritizer.present.export.report.markdown import CHART_FOLDER, md_text, to_markdown
from prioritizer.present.export.report.overview import (
    core_section,
    differences_section,
    joint_section,
    mechanisms_section,
    summary_section,
    title_blocks,
    weights_section,
)
from prioritizer.present.export.report.roadmap import roadmap_section
from prioritizer.present.export.tables import ExportContent, regions

__all__ = [
    "SECTIONS",
    "chart_blocks",
    "md_text",
    "report_blocks",
    "to_html",
    "to_markdown",
    "write_html",
    "write_markdown",
]

SECTIONS = (
    "summary",
    "core-index",
    "portfolio",
    "value-for-money",
    "frontier",
    "roadmap",
    "weights",
    "mechanisms",
    "differences",
    "joint",
)
"""Section anchors in report order; value-for-money, frontier, roadmap and joint appear when the
run has them (a feasible portfolio, a frontier, `--roadmap`, `--joint`)."""


def write_markdown(content: ExportContent, folder: Path) -> None:
    """report.md, with its charts as PNG files in charts/ linked relatively."""
    blocks = report_blocks(content)
    charts = [chart.name for chart in chart_blocks(blocks)]
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
    """The report, in the UI language: what to decide first (summary, what to fund whatever
    the weights and what to debate, the portfolios, value for money, what more or less
    budget would change), then how the answer came about (weights, mechanisms, differences,
    joint planning)."""
    payload, lang, charts = content.payload, content.lang, content.charts
    areas = regions(payload)
    return [
        *title_blocks(payload, areas, lang),
        *summary_section(payload, areas, lang),
        *core_section(payload, areas, lang),
        *portfolio_section(payload, areas, lang, charts),
        *value_section(payload, areas, lang, charts),
        *frontier_section(payload, areas, lang, charts),
        *roadmap_section(payload, areas, lang, charts),
        *weights_section(payload, areas, lang, charts),
        *mechanisms_section(payload, areas, lang, charts),
        *differences_section(payload, lang),
        *joint_section(payload, areas, lang),
    ]


def chart_blocks(blocks: Sequence[Block]) -> list[Chart]:
    """Every chart the blocks show, in order."""
    return [c for b in blocks if isinstance(b, Figures) for c in b.charts]
