"""Writing the data set as a workbook: one sheet per table, drop-down lists, soles
formatted, a README sheet; saved whole or not at all.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, get_args

from prioritizer.data.load import LIST_SEPARATOR
from prioritizer.data.models import Criterion, Dataset, Project
from prioritizer.data.models.common import LocalizedText
from prioritizer.data.workbook.layout import (
    JUDGMENT,
    MONEY,
    MONEY_FORMAT,
    SWOT_PARTS,
    VALIDATED_ROWS,
    _column_label,
    _layout,
    _plain,
    _Sheet,
    _sheet_title,
    year_labels,
)
from prioritizer.formats import judgment_text
from prioritizer.i18n import t


# -- writing a workbook ------------------------------------------------------------------------
def write_workbook(data: Dataset, path: Path, *, lang: str = "en") -> tuple[str, ...]:
    """Writes the whole data set as an .xlsx workbook, one sheet per table, with a README sheet.

    Headers are in `lang`; drop-down lists for levels, Saaty values and ids; soles formatted
    `S/ 1,200,000`; frozen header row. Written to a temporary file, then renamed over `path`.
    Returns the titles of the sheets.
    """
    from openpyxl import Workbook  # slow to import: only `template` pays for it
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    years = plan_years(data)
    layout = _layout(data.element_ids, years)
    names = {e.id: {"en": e.name.en, "es": e.name.es} for e in data.elements}
    names.update(year_labels(years))
    titles = {sheet.id: _sheet_title(sheet.id, lang) for sheet in layout}
    rows = _dataset_rows(data)
    book = Workbook()
    readme = book.active
    readme.title = _sheet_title("readme", lang)
    choices = _choices(data)
    for sheet in layout:
        sheet_rows = rows[sheet.id]
        ws = book.create_sheet(titles[sheet.id])
        labels = [_column_label(c.key, lang, names) for c in sheet.columns]
        ws.append(labels)
        for values in sheet_rows:
            ws.append(list(values))
        _style_sheet(ws, sheet, labels, sheet_rows)
        for index, column in enumerate(sheet.columns, start=1):
            if column.choices is not None:
                formula = f'"{choices[column.choices]}"'
            elif column.ids_from is not None:
                formula = f"'{titles[column.ids_from]}'!$A$2:$A${VALIDATED_ROWS}"
            else:
                continue
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.errorTitle = t("workbook.validation.title", lang)
            validation.error = t("workbook.validation.error", lang)
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(validation)
    _write_readme(readme, layout, titles, lang)
    _replace_atomically(path, book.save)
    return tuple(str(title) for title in book.sheetnames)


def _choices(data: Dataset) -> dict[str, str]:
    """The fixed drop-down lists, from the data set's scales and the models' constraints."""
    phase = Project.model_fields["phase"].metadata
    low = next(rule.ge for rule in phase if hasattr(rule, "ge"))
    high = next(rule.le for rule in phase if hasattr(rule, "le"))
    strengths = sorted({v.value for v in data.saaty_scale.values}, reverse=True)
    return {
        "levels": ",".join(data.relevance_scale.ids),
        "saaty": ",".join(
            [str(v) for v in strengths] + [f"1/{v}" for v in reversed(strengths) if v > 1]
        ),
        "types": ",".join(get_args(Criterion.model_fields["type"].annotation)),
        "swot": ",".join(SWOT_PARTS),
        "phases": ",".join(str(phase) for phase in range(low, high + 1)),
    }


def _style_sheet(
    ws: Any, sheet: _Sheet, labels: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Bold frozen header, widths to fit, soles and text formats on cells and whole columns.

    A column's format also applies to the rows a user adds later in Excel.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    formats = {MONEY: MONEY_FORMAT, JUDGMENT: "@"}
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        header = ws.cell(row=1, column=index)
        header.font = bold
        header.fill = fill
        header.alignment = Alignment(vertical="top", wrap_text=True)
        widest = max([len(labels[index - 1])] + [len(_plain(r[index - 1])) for r in rows])
        ws.column_dimensions[letter].width = min(max(widest + 2, 8), 60)
        number_format = formats.get(column.kind)
        if number_format is not None:
            ws.column_dimensions[letter].number_format = number_format
        for row in range(2, len(rows) + 2):
            cell = ws.cell(row=row, column=index)
            if number_format is not None:
                cell.number_format = number_format
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    ws.freeze_panes = "A2"


def _write_readme(ws: Any, layout: Sequence[_Sheet], titles: Mapping[str, str], lang: str) -> None:
    from openpyxl.styles import Font

    ws.append([t("workbook.readme.title", lang)])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for key in ("intro", "ids", "judgments", "roadmaps", "formulas", "use"):
        ws.append([t(f"workbook.readme.{key}", lang)])
    ws.append([])
    ws.append([t("workbook.readme.sheet", lang), t("workbook.readme.contents", lang)])
    header = ws.max_row
    for column in (1, 2):
        ws.cell(row=header, column=column).font = Font(bold=True)
    for sheet in layout:
        ws.append([titles[sheet.id], t(f"workbook.about.{sheet.id}", lang)])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110


def new_file_mode(existing: Path | None = None) -> int:
    """Permissions for a file written through a temporary one: those of the file it replaces,
    else what the user's umask gives a new file (temporary files are created private)."""
    if existing is not None and existing.exists():
        return existing.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace_atomically(path: Path, save: Any) -> None:
    """Calls `save(temporary path)` in the target's folder, then renames over `path`."""
    mode = new_file_mode(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        save(temporary)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def plan_years(data: Dataset) -> tuple[int, ...]:
    """Every year of the regions' plans, in order: the amount columns of the pools sheet."""
    return tuple(sorted({year for roadmap in data.roadmaps for year in roadmap.years.years}))


def _joined(items: Iterable[str]) -> str | None:
    text = LIST_SEPARATOR.join(items)
    return text or None


def _dataset_rows(data: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """The records of the data set as rows of each sheet, columns in `_layout` order."""
    scale, saaty, tables = data.relevance_scale, data.saaty_scale, data.random_index
    return {
        "elements": [
            (e.id, e.name.en, e.name.es, e.description.en, e.description.es, e.source)
            for e in data.elements
        ],
        "criteria": [
            (c.id, c.type, c.unit, c.name.en, c.name.es, *_both(c.description), c.source)
            for c in data.criteria
        ],
        "relevance_scale": [
            (level.id, level.value, level.name.en, level.name.es, scale.source)
            for level in scale.levels
        ],
        "saaty_scale": [(v.value, v.name.en, v.name.es, saaty.source) for v in saaty.values],
        "random_index": [
            (table.id, table.id == tables.default, table.citation, n, value)
            for table in tables.tables
            for n, value in table.values.items()
        ],
        "work_areas": [(a.id, a.name.en, a.name.es, a.source) for a in data.work_areas],
        "gaps": [
            (
                g.id,
                g.name.en,
                g.name.es,
                *(g.relevance[element] for element in data.element_ids),
                g.table_wording,
                g.source,
            )
            for g in data.gaps
        ],
        "mechanisms": [
            (m.id, m.name.en, m.name.es, m.work_area, m.source) for m in data.mechanisms
        ],
        "gap_mechanisms": [
            (link.gap, link.mechanism, link.table_wording, link.source)
            for link in data.gap_mechanisms
        ],
        "value_chains": [(c.id, c.name.en, c.name.es, c.source) for c in data.value_chains],
        "challenges": [
            (
                chain.id,
                c.letter,
                c.name.en,
                c.name.es,
                c.description.en,
                c.description.es,
                _joined(c.gaps),
                c.source,
            )
            for chain in data.value_chains
            for c in chain.challenges
        ],
        "swot": [
            (chain.id, part, point.en, point.es)
            for chain in data.value_chains
            for part in SWOT_PARTS
            for point in getattr(chain.swot, part)
        ],
        "regions": [
            (
                r.id,
                r.name.en,
                r.name.es,
                r.source,
                r.budget.budget_pen,
                r.budget.source,
                r.budget.note,
                r.rules.source,
            )
            for r in data.regions
        ],
        "facts": [
            (r.id, key, fact.value, fact.year, fact.source)
            for r in data.regions
            for key, fact in r.facts.items()
        ],
        "rules": [
            (r.id, chain, minimum)
            for r in data.regions
            for chain, minimum in r.rules.min_projects_per_chain.items()
        ],
        "severities": [
            (r.id, s.gap, s.level, s.source, s.quote) for r in data.regions for s in r.severities
        ],
        "projects": [
            (
                p.id,
                p.name.en,
                p.name.es,
                p.value_chain,
                _joined(p.regions),
                p.cost_pen,
                _joined(f"{region}:{share}" for region, share in p.cost_shares.items()),
                _joined(p.mechanisms),
                _joined(p.gaps),
                p.phase,
                _joined(p.requires),
                _joined(p.excludes),
                p.mandatory,
                p.source,
            )
            for p in data.projects
        ],
        "stakeholders": [
            (s.id, s.region, s.name.en, s.name.es, s.group, s.influence, s.source)
            for s in data.stakeholders
        ],
        "judgments": [
            (s.id, row, column, judgment_text(value))
            for s in data.stakeholders
            for row, columns in (s.judgments or {}).items()
            for column, value in columns.items()
        ],
        "points": [
            (s.id, criterion, points)
            for s in data.stakeholders
            for criterion, points in (s.points or {}).items()
        ],
        **_roadmap_rows(data),
    }


def _roadmap_rows(data: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """The regions' roadmaps as rows of the roadmap sheets, each row led by its region."""
    years = plan_years(data)
    plans = data.roadmaps
    return {
        "roadmaps": [(r.region, r.years.first, r.years.last, r.source) for r in plans],
        "pools": [
            (
                r.region,
                p.id,
                p.name.en,
                p.name.es,
                *(p.amounts_pen.get(year) for year in years),
                p.carry_over,
                _joined(p.value_chains or ()),
                _joined(p.mechanisms or ()),
                p.max_share,
                p.source,
            )
            for r in plans
            for p in r.pools
        ],
        "units": [
            (r.region, u.id, u.name.en, u.name.es, u.max_running, _joined(u.projects), u.source)
            for r in plans
            for u in r.units
        ],
        "commitments": [
            (r.region, c.project, c.start, c.level, c.source) for r in plans for c in r.commitments
        ],
        "windows": [
            (r.region, w.project, w.earliest, w.latest, w.source) for r in plans for w in r.windows
        ],
        "project_levels": [
            (
                r.region,
                level.project,
                level.level,
                level.name.en,
                level.name.es,
                _joined(str(cost) for cost in level.costs_pen),
                level.value_factor,
                level.source,
            )
            for r in plans
            for level in r.levels
        ],
        "synergies": [
            (
                r.region,
                s.id,
                s.name.en,
                s.name.es,
                _joined(s.projects),
                s.extra_value_pct or None,
                s.saving_pen or None,
                s.bearer,
                s.source,
            )
            for r in plans
            for s in r.synergies
        ],
    }


def _both(text: LocalizedText | None) -> tuple[str | None, str | None]:
    """An optional text's English and Spanish cells (empty when there is none)."""
    return (None, None) if text is None else (text.en, text.es)
