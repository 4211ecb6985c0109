"""CSV files of a run folder: UTF-8 with a byte-order mark, formula-looking text defused.

The BOM makes Excel read accents correctly; a leading apostrophe on text that starts with a
formula trigger stops a spreadsheet from running a project name as a formula.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from prioritizer.cells import FORMULA_TRIGGERS, defuse
from prioritizer.present.export.tables import ExportContent

__all__ = ["FORMULA_TRIGGERS", "defuse", "defused_frame"]


def defused_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are defused; numbers and booleans stay as they are."""
    result = frame.copy()
    for column in result.columns:
        series = result[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        result[column] = series.map(lambda v: defuse(v) if isinstance(v, str) else v)
    return result


def write_csv(content: ExportContent, folder: Path) -> None:
    """ranking.csv, portfolio.csv, frontier.csv and weights.csv, with English column names."""
    for stem, frame in content.tables.named():
        defused_frame(frame).to_csv(
            folder / f"{stem}.csv", index=False, encoding="utf-8-sig", lineterminator="\n"
        )
