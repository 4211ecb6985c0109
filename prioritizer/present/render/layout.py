"""Fitting tables to the terminal width without cutting a word or an amount: the word
pattern rich wraps by, column widths by the longest word, and a block layout where a table
does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import rich._wrap
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

__all__ = ["Fitted", "longest_word", "table_width", "whole_words"]

_UNIT = r"S/[ \u00a0](?=\d)|\d[\d.,]*[ \u00a0](?=%)|\u00a0|\S"
"""One unbreakable piece of a word: an amount's `S/ `, a number before its ` %`, a no-break
space, or any other character that is not a space."""

_WORD = re.compile(rf"[^\S\u00a0]*(?:{_UNIT})+[^\S\u00a0]*")
# rich breaks lines at any whitespace, no-break spaces included, and between `S/` and the
# amount; its wrapper reads this pattern, so every table and paragraph keeps them together.
rich._wrap.re_word = _WORD


def longest_word(texts: Iterable[str]) -> int:
    """Cells taken by the longest piece of `texts` that a line may not break (0 if none)."""
    return max((len(word.strip()) for text in texts for word in _WORD.findall(text)), default=0)


def table_width(columns: Iterable[int]) -> int:
    """Characters a house-style table takes for columns of these widths (padding and edges)."""
    widths = list(columns)
    return sum(widths) + 3 * len(widths) + 1


class Fitted:
    """A renderable built for the width it is printed at (a table, or a narrower layout)."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self._build = build

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        yield self._build(options.max_width)


def whole_words(table: Table) -> Fitted:
    """`table` where every column can hold its longest word; else each row as a block: its first
    cell, then `heading: cell` for the others (a narrower layout that cuts no word)."""

    def build(width: int) -> RenderableType:
        columns = [[_plain(column.header), *map(_plain, column.cells)] for column in table.columns]
        least = [longest_word(texts) for texts in columns]
        if table_width(least) <= width:
            whole = [
                max(len(line) for text in texts for line in text.splitlines() or [""])
                for texts in columns
            ]
            widths = _share_out(least, whole, width - table_width(least))
            for column, given in zip(table.columns, widths, strict=True):
                column.width = given
            return table
        lines: list[RenderableType] = []
        if table.title:
            lines.append(Text(_plain(table.title), style="italic"))
        heads = [texts[0] for texts in columns[1:]]
        for row in zip(*(texts[1:] for texts in columns), strict=True):
            lines.append(Text(row[0].strip(), style="bold"))
            for head, cell in zip(heads, row[1:], strict=True):
                if cell.strip():
                    shown = f"{head}: {cell}" if head else cell
                    lines.append(Padding(Text(" ".join(shown.split())), (0, 0, 0, 2)))
        if table.caption:
            lines.append(Text(_plain(table.caption)))
        return Group(*lines)

    return Fitted(build)


def _share_out(least: list[int], whole: list[int], spare: int) -> list[int]:
    """Column widths from `least` up, one cell at a time to the column furthest from `whole`."""
    widths = list(least)
    for _ in range(spare):
        short = max(range(len(widths)), key=lambda i: whole[i] - widths[i])
        if widths[short] >= whole[short]:
            break
        widths[short] += 1
    return widths


def _plain(cell: object) -> str:
    """A cell's text without styles."""
    return cell.plain if isinstance(cell, Text) else str(cell or "")
