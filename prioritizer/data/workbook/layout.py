"""The workbook's layout: its sheets and columns (headers in the user's language), the
error that names a cell, and values as the folder form writes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Unpack

from prioritizer.data.models import Swot
from prioritizer.errors import Complaint, InputError
from prioritizer.i18n import Language, t
from prioritizer.phrases import phrase

MONEY_FORMAT = '"S/ "#,##0'
"""Excel number format for amounts in soles: `S/ 1,200,000`."""

VALIDATED_ROWS = 1000
"""Drop-down lists cover the data rows up to this one, so rows added later get them too."""

LANGUAGES = tuple(language.value for language in Language)
TEXT, NUMBER, MONEY, JUDGMENT, FLAG = "text", "number", "money", "judgment", "flag"
SWOT_PARTS = tuple(Swot.model_fields)
TRUE_WORDS = {"true", "yes", "x", "1", "sí", "si", "verdadero"}
FALSE_WORDS = {"false", "no", "0", "falso"}


class CellError(InputError):
    """Bad input in a workbook: names the workbook, the sheet and the cell (`projects!F3`)."""

    def __init__(
        self,
        workbook: str,
        sheet: str,
        cell: str | None,
        **complaint: Unpack[Complaint],
    ) -> None:
        self.workbook = workbook
        self.sheet = sheet
        self.cell = cell
        where = (
            phrase("{workbook}, {sheet}!{cell}", workbook=workbook, sheet=sheet, cell=cell)
            if cell
            else phrase("{workbook}, sheet {sheet}", workbook=workbook, sheet=sheet)
        )
        super().__init__(where, **complaint)


# -- the layout of the workbook ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    kind: str = TEXT
    optional: bool = False
    choices: str | None = None
    """A fixed drop-down list: levels, saaty, types, swot or phases."""
    ids_from: str | None = None
    """The sheet whose first column lists the allowed ids (a drop-down list of them)."""


@dataclass(frozen=True, slots=True)
class _Sheet:
    id: str
    columns: tuple[_Column, ...]

    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)


LAYOUT = (
    ("elements", "id name_en name_es description_en description_es source"),
    ("criteria", "id type=types unit name_en name_es description_en? description_es? source"),
    ("relevance_scale", "id value/number name_en name_es source"),
    ("saaty_scale", "value/number name_en name_es source"),
    ("random_index", "table default/flag citation n/number value/number"),
    ("work_areas", "id name_en name_es source"),
    ("gaps", "id name_en name_es <elements> table_wording source"),
    ("mechanisms", "id name_en name_es work_area@work_areas source"),
    ("gap_mechanisms", "gap@gaps mechanism@mechanisms table_wording source"),
    ("value_chains", "id name_en name_es source"),
    (
        "challenges",
        "value_chain@value_chains letter name_en name_es description_en description_es gaps source",
    ),
    ("swot", "value_chain@value_chains kind=swot text_en text_es"),
    (
        "regions",
        "id name_en name_es source budget_pen/money budget_source budget_note? rules_source",
    ),
    ("facts", "region@regions fact value/number year/number source"),
    ("rules", "region@regions value_chain@value_chains min_projects/number"),
    ("severities", "region@regions gap@gaps level=levels source quote?"),
    (
        "projects",
        "id name_en name_es value_chain@value_chains regions cost_pen/money cost_shares? "
        "mechanisms gaps phase=phases requires? excludes? mandatory/flag? source",
    ),
    ("stakeholders", "id region@regions name_en name_es group influence/number source"),
    ("judgments", "stakeholder@stakeholders row@criteria column@criteria value/judgment=saaty"),
    ("points", "stakeholder@stakeholders criterion@criteria points/number"),
    ("roadmaps", "region@regions first_year/number last_year/number source"),
    (
        "pools",
        "region@regions id name_en name_es <years> carry_over/flag? value_chains? mechanisms? "
        "max_share/number? source",
    ),
    ("units", "region@regions id name_en name_es max_running/number projects source"),
    ("commitments", "region@regions project@projects start/number level? source"),
    ("windows", "region@regions project@projects earliest/number? latest/number? source"),
    (
        "project_levels",
        "region@regions project@projects level name_en name_es costs_pen value_factor/number? "
        "source",
    ),
    (
        "synergies",
        "region@regions id name_en name_es projects extra_value_pct/number? saving_pen/money? "
        "bearer? source",
    ),
)
"""Every data sheet in workbook order and its columns, `key[/kind][=list][@sheet][?]`: the kind
is text unless given; `=list` offers a fixed drop-down list (levels, saaty, types, swot,
phases), `@sheet` the ids in the first column of that sheet; `?` marks a column that may be left
out. Sheets read as CSV files have the CSV's columns, in the same order. The roadmap's sheets come
last, keyed by region; `pools` has one amount column per year of the regions' plans (a year per
column, as a budget sheet is laid out in Excel: a pool's years side by side in one row)."""

_COLUMN = re.compile(
    r"(?P<key>[a-z0-9_-]+)(?:/(?P<kind>\w+))?(?:=(?P<choices>\w+))?(?:@(?P<ids>\w+))?(?P<opt>\?)?"
)


def _layout(element_ids: Sequence[str], years: Sequence[int] = ()) -> tuple[_Sheet, ...]:
    """The sheets of `LAYOUT`; the gaps sheet has one column per element, with a level list, and
    the pools sheet one amount column per year (`years`: every year of the regions' plans)."""
    sheets = []
    elements = " ".join(f"{element}=levels" for element in element_ids)
    amounts = " ".join(f"{year}/money" for year in years)
    for sheet_id, spec in LAYOUT:
        columns = []
        for token in spec.replace("<elements>", elements).replace("<years>", amounts).split():
            match = _COLUMN.fullmatch(token)
            if match is None:
                raise ValueError(f"bad column {token!r} in the layout of {sheet_id}")
            columns.append(
                _Column(
                    match["key"],
                    match["kind"] or TEXT,
                    optional=bool(match["opt"]),
                    choices=match["choices"],
                    ids_from=match["ids"],
                )
            )
        sheets.append(_Sheet(sheet_id, tuple(columns)))
    return tuple(sheets)


def year_labels(years: Sequence[int]) -> dict[str, dict[str, str]]:
    """The headers of the pools sheet's amount columns, by column key and language."""
    return {
        str(year): {code: t("workbook.col.amount_year", code, year=year) for code in LANGUAGES}
        for year in years
    }


def _sheet_title(sheet_id: str, lang: str) -> str:
    return t(f"workbook.sheet.{sheet_id}", lang)


def _column_label(key: str, lang: str, names: Mapping[str, Mapping[str, str]]) -> str:
    """The header of a column: the element's name for relevance columns, else the UI string."""
    if key in names:
        return names[key][lang]
    return t(f"workbook.col.{key}", lang)


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# -- values ------------------------------------------------------------------------------------
def _plain(value: Any) -> str:
    """A cell value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _yaml_float(value: float) -> str:
    text = repr(float(value))
    if "e" in text and "." not in text:
        text = text.replace("e", ".0e")
    return text


def _yaml_scalar(value: Any, kind: str) -> str:
    """A cell value as a YAML scalar; text is always double-quoted (JSON strings are YAML)."""
    if kind in (NUMBER, MONEY, FLAG, JUDGMENT) and not isinstance(value, str):
        if isinstance(value, bool):
            return ("true" if value else "false") if kind == FLAG else json.dumps(str(value))
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return _yaml_float(value)
    return json.dumps(_plain(value), ensure_ascii=False)
