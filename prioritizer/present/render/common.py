"""Shared formatting for renderers: money in soles, numbers and percentages by language,
sources cited in `lang`, and the house-style table.

The formats themselves live in `prioritizer.formats` (no rich), so results and exceptions
can use them too; renderers import them from here. The helpers that fit a table to the
terminal width live in `layout`, imported here for its one side effect (rich's word pattern
keeps amounts such as "S/ 1.234.567" whole) wherever renderers are used.
"""

from __future__ import annotations

from rich import box
from rich.table import Table

import prioritizer.present.render.layout  # noqa: F401  (the side effect above)
from prioritizer.formats import format_number, format_pen, format_share
from prioritizer.i18n import t

__all__ = ["cite", "format_number", "format_pen", "format_share", "new_table"]

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
