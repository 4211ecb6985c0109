"""Shared formatting for renderers: money in soles, numbers and percentages by language,
sources cited in `lang`, and the house-style table.

The formats themselves live in `prioritizer.formats` (no rich), so results and exceptions
can use them too; renderers import them from here. The helpers that fit a table to the
terminal width live in `layout` (imported here, so rich keeps amounts whole wherever
renderers are used) and are re-exported under their old path.
"""

from __future__ import annotations

from rich import box
from rich.table import Table

from prioritizer.formats import format_number, format_pen, format_share
from prioritizer.i18n import t
from prioritizer.present.render.layout import Fitted, longest_word, table_width, whole_words

__all__ = [
    "Fitted",
    "cite",
    "format_number",
    "format_pen",
    "format_share",
    "longest_word",
    "new_table",
    "table_width",
    "whole_words",
]

_REPORT_TAG = "report §"
"""How a record's source cites a section of the report (`report §5.3`)."""


def cite(source: str, lang: str) -> str:
    """A record's `report §N` tag in `lang` (`informe §N`); any other source as written."""
    if source.startswith(_REPORT_TAG):
        return t("compare.source_report", lang, section=source.removeprefix(_REPORT_TAG))
    return source


def new_table(title: str | None = None) -> Table:
    """A table in the house style; box drawing degrades to ASCII on terminals that need it."""
    return Table(title=title, box=box.SIMPLE_HEAVY, show_lines=False, title_justify="left")
