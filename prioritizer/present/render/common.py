"""Shared formatting for renderers: money in soles, numbers and percentages by language, and
the layout helpers that keep words and amounts whole at any terminal width.

The formats themselves live in `prioritizer.formats` (no rich), so results and exceptions
can use them too; renderers import them from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import rich._wrap
from rich import box
from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table

from prioritizer.formats import format_number, format_pen, format_share

__all__ = [
    "Fitted",
    "format_number",
    "format_pen",
    "format_share",
    "longest_word",
    "new_table",
    "table_width",
]

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


def new_table(title: str | None = None) -> Table:
    """A table in the house style; box drawing degrades to ASCII on terminals that need it."""
    return Table(title=title, box=box.SIMPLE_HEAVY, show_lines=False, title_justify="left")
