"""Shared formatting for renderers: money in soles, numbers and percentages by language.

The formats themselves live in `prioritizer.formats` (no rich), so results and exceptions
can use them too; renderers import them from here.
"""

from __future__ import annotations

from rich import box
from rich.table import Table

from prioritizer.formats import format_number, format_pen, format_share

__all__ = ["format_number", "format_pen", "format_share", "new_table"]


def new_table(title: str | None = None) -> Table:
    """A table in the house style; box drawing degrades to ASCII on terminals that need it."""
    return Table(title=title, box=box.SIMPLE_HEAVY, show_lines=False, title_justify="left")
