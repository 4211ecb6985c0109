"""The report's blocks as one self-contained HTML5 page: the stylesheet (report.css, shipped
in the package) inline, charts as data: URIs, every text escaped, a section per topic."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from prioritizer.present.export.report.blocks import (
    Block,
    Bullets,
    Figures,
    Heading,
    Paragraph,
    Section,
    Table,
)


def to_html(blocks: Sequence[Block], charts: Mapping[str, bytes], lang: str) -> str:
    """The page: a header (title, what precedes the first section, a table of contents),
    then one <section id=...> per Section block."""
    title = next((b.text for b in blocks if isinstance(b, Heading)), "")
    sections = [b for b in blocks if isinstance(b, Section)]
    header: list[str] = []
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Section):
            if body:
                body.append("</section>")
            body.append(f'<section id="{html.escape(block.anchor)}">')
            body.append(f"<h2>{html.escape(block.title)}</h2>")
        else:
            (body if body else header).append(_block(block, charts))
    if body:
        body.append("</section>")
    toc = "".join(
        f'<li><a href="#{html.escape(s.anchor)}">{html.escape(s.title)}</a></li>' for s in sections
    )
    if toc:
        header.append(f'<nav class="toc"><ol>{toc}</ol></nav>')
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n"
        "<body>\n<main>\n<header>\n"
        + "\n".join(header)
        + "\n</header>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


@cache
def stylesheet() -> str:
    """report.css, read from the package."""
    return (resources.files(__package__) / "report.css").read_text(encoding="utf-8")


def text(value: str) -> str:
    """`value` escaped, with no line break inside an amount ("S/ 1,200,000", "96,7 %")."""
    return html.escape(value).replace("S/ ", "S/\u00a0").replace(" %", "\u00a0%")


def _block(block: Block, charts: Mapping[str, bytes]) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{text(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        kind = ' class="note"' if block.note else ""
        return f"<p{kind}>{text(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{text(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figures):
        return _figures(block, charts)
    raise TypeError(f"not a report block: {block!r}")


def _figures(block: Figures, charts: Mapping[str, bytes]) -> str:
    shown = []
    for chart in block.charts:
        data = base64.b64encode(charts[chart.name]).decode("ascii")
        caption = html.escape(chart.caption)
        shown.append(
            f'<figure id="chart-{html.escape(chart.name)}">'
            f'<img src="data:image/png;base64,{data}" alt="{caption}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    return f'<div class="figures">{"".join(shown)}</div>'


def _table(table: Table) -> str:
    def cells(tag: str, row: Sequence[str]) -> str:
        out = []
        for cell, label, right in zip(row, table.header, table.right, strict=True):
            kind = ' class="num"' if right else ""
            data = f' data-label="{html.escape(label)}"' if tag == "td" and table.stack else ""
            out.append(f"<{tag}{kind}{data}>{text(cell)}</{tag}>")
        return "".join(out)

    head = f"<thead><tr>{cells('th', table.header)}</tr></thead>"
    marked = ' class="marked"'
    rows = "".join(
        f"<tr{marked if i in table.marked else ''}>{cells('td', row)}</tr>"
        for i, row in enumerate(table.rows)
    )
    kind = ' class="stack"' if table.stack else ""
    return f'<div class="table-wrap"><table{kind}>{head}<tbody>{rows}</tbody></table></div>'
