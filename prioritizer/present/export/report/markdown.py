"""The report's blocks as CommonMark/GFM, every text escaped so that names show verbatim."""

from __future__ import annotations

import re
from collections.abc import Sequence

from prioritizer.present.export.report.blocks import (
    Block,
    Bullets,
    Heading,
    Paragraph,
    Section,
    Table,
)

CHART_FOLDER = "charts"

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
    """The blocks as CommonMark/GFM, charts linked as charts/<name>.png under their caption."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + md_text(block.text))
        elif isinstance(block, Section):
            parts.append("## " + md_text(block.title))
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
            for chart in block.charts:
                caption = md_text(chart.caption)
                parts.append(f"![{caption}]({CHART_FOLDER}/{chart.name}.png)\n\n{caption}")
    return "\n\n".join(parts) + "\n"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
