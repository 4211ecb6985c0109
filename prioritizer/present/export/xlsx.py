"""results.xlsx: a summary sheet and one formatted sheet per table, byte-for-byte reproducible.

Soles show as `S/ 1,234,567` and weights as percentages through number formats, so the cells
stay numbers a planner can sum. Text is always stored as text (never a formula), and the zip
timestamps and document dates are fixed so the same payload gives the same file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from prioritizer.i18n import t
from prioritizer.present.export.csv import FORMULA_TRIGGERS
from prioritizer.present.export.tables import (
    GROUP,
    ExportContent,
    Payload,
    display_name,
    is_infeasible,
    regions,
)

SOLES = '"S/ "#,##0'
PERCENT = "0.0%"
DECIMAL = "0.000"
INTEGER = "0"
COLUMN_FORMATS = {
    "rank": INTEGER,
    "score": DECIMAL,
    "cost": SOLES,
    "value": DECIMAL,
    "budget": SOLES,
    "objective": DECIMAL,
    "weight": PERCENT,
    "consistency_ratio": DECIMAL,
}
FIXED_TIMESTAMP = datetime(1980, 1, 1)
"""Document dates and zip entry times (the zip format's epoch): the workbook never varies."""

_MIN_WIDTH = 8
_MAX_WIDTH = 60
_NUMBER_WIDTH = 14


def write_xlsx(content: ExportContent, folder: Path) -> None:
    """results.xlsx with a summary sheet, then ranking, portfolio, frontier and weights."""
    lang = content.lang
    workbook = Workbook()
    summary = workbook.active
    summary.title = t("export.sheet.summary", lang)
    _fill_summary(summary, content.payload, lang)
    for stem, frame in content.tables.named():
        sheet = workbook.create_sheet(t(f"export.sheet.{stem}", lang))
        _fill_table(sheet, _readable(frame, content.payload, lang), lang)
    (folder / "results.xlsx").write_bytes(_reproducible_bytes(workbook))


def _put(sheet: Any, row: int, column: int, value: object, number_format: str | None = None) -> Any:
    """Writes one cell; text is stored as text even when it looks like a formula.

    openpyxl reads a str starting with "=" as a formula; the cell is forced back to a string
    and given Excel's quote prefix, the in-file form of a typed leading apostrophe.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str) and value:
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    elif value not in (None, "") and not (isinstance(value, float) and math.isnan(value)):
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def _readable(frame: pd.DataFrame, payload: Payload, lang: str) -> pd.DataFrame:
    """Names instead of region, stakeholder and criterion ids; translated levels and group."""
    result = frame.copy()
    region_names = {r["id"]: str(r["name"]) for r in regions(payload)}
    result["region"] = result["region"].map(lambda r: region_names.get(r, r))
    if "level" in result:
        result["level"] = result["level"].map(lambda v: t(f"export.level.{v}", lang))
    if "stakeholder" in result:
        people = {
            p["id"]: str(p["name"])
            for r in regions(payload)
            for p in r["weights"].get("stakeholders", [])
        }
        result["stakeholder"] = result["stakeholder"].map(
            lambda v: t("export.group", lang) if v == GROUP else people.get(v, v)
        )
    if "criterion" in result:
        result["criterion"] = result["criterion"].map(lambda c: display_name(payload, c))
    return result


def _fill_table(sheet: Any, frame: pd.DataFrame, lang: str) -> None:
    columns = list(frame.columns)
    _header(sheet, [t(f"export.col.{c}", lang) for c in columns])
    for row_number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        for column_number, (column, value) in enumerate(zip(columns, values, strict=True), 1):
            _put(sheet, row_number, column_number, _plain(value), COLUMN_FORMATS.get(column))
    widths = [
        _NUMBER_WIDTH if c in COLUMN_FORMATS else _text_width(frame[c].astype(str).tolist())
        for c in columns
    ]
    _finish(sheet, [t(f"export.col.{c}", lang) for c in columns], widths, "A2")


def _fill_summary(sheet: Any, payload: Payload, lang: str) -> None:
    """Label column, then one column per region; joint planning below when present."""
    areas = regions(payload)
    header = [t("export.summary.item", lang)] + [str(r["name"]) for r in areas]
    _header(sheet, header)
    names: Mapping[str, str] = payload.get("names", {})
    rows: list[tuple[str, list[object], str | None]] = [
        (t("export.budget", lang), [r["budget"] for r in areas], SOLES),
        (t("export.status", lang), [_status(r["portfolio"], lang) for r in areas], None),
        (t("export.funded_count", lang), [_field(r, "selected", len) for r in areas], INTEGER),
        (t("export.spent", lang), [_field(r, "total_cost") for r in areas], SOLES),
        (t("export.leftover", lang), [_field(r, "leftover") for r in areas], SOLES),
        (t("export.objective", lang), [_field(r, "objective") for r in areas], DECIMAL),
        (
            t("export.group_cr", lang),
            [r["weights"].get("consistency_ratio") for r in areas],
            DECIMAL,
        ),
        (t("export.top_mechanism", lang), [_top(r, names) for r in areas], None),
    ]
    joint = payload.get("joint")
    if joint:
        rows += [
            (t("export.joint.separate", lang), [joint["separate_objective"]], DECIMAL),
            (t("export.joint.jointly", lang), [joint["objective"]], DECIMAL),
            (t("export.joint.gain_value", lang), [joint["gain_value"]], DECIMAL),
            (t("export.joint.gain_pen", lang), [joint["gain_pen"]], SOLES),
        ]
    for row_number, (label, values, number_format) in enumerate(rows, start=2):
        _put(sheet, row_number, 1, label)
        for column_number, value in enumerate(values, start=2):
            _put(sheet, row_number, column_number, value, number_format)
    cells = [str(value) for _, values, _ in rows for value in values]
    widths = [_text_width([label for label, _, _ in rows])] + [
        max(_NUMBER_WIDTH, _text_width(cells)) for _ in areas
    ]
    _finish(sheet, header, widths, "B2")


def _status(portfolio: Payload, lang: str) -> str:
    if is_infeasible(portfolio):
        return f"{t('export.status.infeasible', lang)}: {portfolio.get('explanation', '')}"
    status = str(portfolio.get("status", "optimal"))
    return t(f"export.status.{status}", lang) if status in ("optimal", "best_found") else status


def _field(region: Payload, key: str, transform: Callable[[Any], object] | None = None) -> object:
    portfolio = region["portfolio"]
    if is_infeasible(portfolio):
        return None
    value = portfolio.get(key)
    return transform(value) if transform is not None and value is not None else value


def _top(region: Payload, names: Mapping[str, str]) -> str | None:
    ranking = (region.get("ranking") or {}).get("ranking", [])
    if not ranking:
        return None
    return str(names.get(ranking[0]["id"], ranking[0]["id"]))


def _header(sheet: Any, labels: Sequence[str]) -> None:
    bold = Font(bold=True)
    for column_number, label in enumerate(labels, start=1):
        _put(sheet, 1, column_number, label).font = bold


def _finish(sheet: Any, header: Sequence[str], widths: Sequence[int], freeze: str) -> None:
    for column_number, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].width = max(width, _text_width([label]))
    sheet.freeze_panes = freeze


def _text_width(texts: Sequence[str]) -> int:
    longest = max((len(text) for text in texts), default=0)
    return min(_MAX_WIDTH, max(_MIN_WIDTH, longest + 2))


def _plain(value: object) -> object:
    """numpy scalars as Python ones, so openpyxl writes bool as bool and int as int."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _reproducible_bytes(workbook: Any) -> bytes:
    """The saved workbook with fixed document dates and zip entry times.

    openpyxl stamps `modified` with the current time when it saves and zip entries with the
    current time, so the archive is rebuilt with FIXED_TIMESTAMP in both places.
    """
    raw = BytesIO()
    workbook.save(raw)
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    core = tostring(workbook.properties.to_tree())
    fixed = BytesIO()
    with ZipFile(raw) as source, ZipFile(fixed, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = core if entry.filename == "docProps/core.xml" else source.read(entry)
            info = ZipInfo(entry.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return fixed.getvalue()
