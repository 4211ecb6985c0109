"""Terminal tables for `prioritizer show`, built from views.catalog_view rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import t
from prioritizer.present.render.common import cite, format_number, format_pen, new_table
from prioritizer.present.views import Catalog

Rows = Sequence[Mapping[str, Any]]


def render_catalog(
    catalog: Catalog,
    rows: Rows,
    *,
    lang: str = "en",
    level_names: Mapping[str, str] | None = None,
    region_name: str | None = None,
    names: Mapping[str, str] | None = None,
) -> RenderableType:
    """The table(s) for one catalog; `names` turns ids (elements, mechanisms, chains) into names."""
    levels = dict(level_names or {})
    elements = mechanisms = dict(names or {})
    if catalog is Catalog.CRITERIA:
        return _criteria(rows, lang)
    if catalog is Catalog.GAPS:
        return _gaps(rows, lang, levels, elements, mechanisms, region_name)
    if catalog is Catalog.MECHANISMS:
        return _mechanisms(rows, lang)
    if catalog is Catalog.CHAINS:
        return _chains(rows, lang)
    if catalog is Catalog.REGIONS:
        return _regions(rows, lang, levels)
    if catalog is Catalog.PROJECTS:
        return _projects(rows, lang, region_name, mechanisms)
    return _stakeholders(rows, lang, region_name)


def _criteria(rows: Rows, lang: str) -> RenderableType:
    table = new_table(t("catalog.criteria_title", lang))
    for key in ("catalog.id", "catalog.name", "catalog.type", "catalog.unit", "catalog.source"):
        table.add_column(t(key, lang))
    for row in rows:
        table.add_row(
            Text(row["id"]),
            Text(row["name"]),
            t(f"catalog.{row['type']}", lang),
            Text(row["unit"]),
            Text(cite(str(row["source"]), lang)),
        )
    return table


def _gaps(
    rows: Rows,
    lang: str,
    levels: Mapping[str, str],
    elements: Mapping[str, str],
    mechanisms: Mapping[str, str],
    region: str | None,
) -> RenderableType:
    table = new_table(t("catalog.gaps_title", lang))
    table.add_column(t("catalog.gap", lang) + " / " + t("catalog.mechanisms", lang), ratio=1)
    element_ids = list(rows[0]["relevance"]) if rows else []
    for element in element_ids:
        table.add_column(elements.get(element, element), no_wrap=True)
    if region:
        table.add_column(t("catalog.severity_in", lang, region=region), no_wrap=True)
    for row in rows:
        cell = Text(row["name"])
        for mechanism in row["mechanisms"]:
            cell.append(f"\n  • {mechanisms.get(mechanism, mechanism)}", style="dim")
        cells: list[RenderableType] = [cell]
        cells += [Text(levels.get(row["relevance"][e], row["relevance"][e])) for e in element_ids]
        if region:
            cells.append(Text(levels.get(row["severity"], row["severity"])))
        table.add_row(*cells)
    return table


def _mechanisms(rows: Rows, lang: str) -> RenderableType:
    table = new_table(t("catalog.mechanisms_title", lang))
    for key in ("catalog.id", "catalog.name", "catalog.work_area", "catalog.gaps"):
        table.add_column(t(key, lang))
    for row in rows:
        table.add_row(
            Text(row["id"]),
            Text(row["name"]),
            Text(row["work_area_name"]),
            Text(", ".join(row["gaps"])),
        )
    return table


def _chains(rows: Rows, lang: str) -> RenderableType:
    parts: list[RenderableType] = []
    for row in rows:
        table = new_table(t("catalog.chain_title", lang, name=row["name"]))
        table.add_column(t("catalog.letter", lang), no_wrap=True)
        table.add_column(t("catalog.challenge", lang), ratio=3)
        table.add_column(t("catalog.gaps", lang), ratio=2)
        for challenge in row["challenges"]:
            body = Text(challenge["name"], style="bold")
            body.append("\n" + challenge["description"], style="")
            table.add_row(challenge["letter"], body, Text(", ".join(challenge["gaps"])))
        parts.append(table)
        swot = new_table()
        swot.add_column(t("catalog.strengths", lang))
        swot.add_column(t("catalog.weaknesses", lang))
        swot.add_column(t("catalog.opportunities", lang))
        swot.add_column(t("catalog.threats", lang))
        swot.add_row(
            *(
                Text("\n".join(f"• {p}" for p in row["swot"][part]))
                for part in ("strengths", "weaknesses", "opportunities", "threats")
            )
        )
        parts.append(swot)
    return Group(*parts)


def _regions(rows: Rows, lang: str, levels: Mapping[str, str]) -> RenderableType:
    facts = new_table(t("catalog.regions_title", lang))
    for key in (
        "catalog.region",
        "catalog.budget",
        "catalog.population",
        "catalog.area_km2",
        "catalog.projects_count",
        "catalog.stakeholders_count",
    ):
        facts.add_column(
            t(key, lang), justify="right" if key != "catalog.region" else "left", no_wrap=True
        )
    for row in rows:
        population = row["facts"].get("population")
        area = row["facts"].get("area_km2")
        facts.add_row(
            Text(row["name"]),
            format_pen(row["budget"], lang),
            ""
            if population is None
            else f"{format_number(population['value'], 0, lang)}"
            + (f" ({population['year']})" if population.get("year") else ""),
            "" if area is None else format_number(area["value"], 0, lang),
            str(row["projects"]),
            str(row["stakeholders"]),
        )
    severity = new_table(t("catalog.severity_title", lang))
    severity.add_column(t("catalog.gap", lang))
    for row in rows:
        severity.add_column(row["name"], no_wrap=True)
    gap_ids = list(rows[0]["severity"]) if rows else []
    for gap in gap_ids:
        severity.add_row(
            Text(gap), *(Text(levels.get(r["severity"][gap], r["severity"][gap])) for r in rows)
        )
    return Group(facts, severity)


def _in_region(lang: str, region: str | None, regional: str, general: str) -> str:
    """The text `regional` naming the region when the catalog is of one region, else `general`."""
    return t(regional, lang, region=region) if region else t(general, lang)


def _projects(
    rows: Rows, lang: str, region: str | None, names: Mapping[str, str]
) -> RenderableType:
    table = new_table(
        _in_region(lang, region, "catalog.projects_title_region", "catalog.projects_title")
    )
    table.add_column(t("catalog.name", lang), ratio=1)
    table.add_column(t("catalog.chain", lang) + " · " + t("catalog.phase", lang), max_width=24)
    cost_header = _in_region(lang, region, "catalog.cost_region", "catalog.cost")
    table.add_column(cost_header, justify="right", no_wrap=True)
    for row in rows:
        cell = Text(row["name"], overflow="fold")
        cell.append(f"\n{row['id']}", style="dim")
        details = [t("catalog.gaps", lang) + ": " + ", ".join(row["gaps"])]
        if row["requires"]:
            details.append(t("catalog.requires", lang, ids=", ".join(row["requires"])))
        if row["excludes"]:
            details.append(t("catalog.excludes", lang, ids=", ".join(row["excludes"])))
        if row["mandatory"]:
            details.append(t("catalog.mandatory", lang))
        if row["cost_shares"]:
            shares = ", ".join(f"{k} {v}%" for k, v in row["cost_shares"].items())
            details.append(t("catalog.shared", lang, shares=shares))
        for line in details:
            cell.append(f"\n  {line}", style="dim")
        chain = f"{names.get(row['value_chain'], row['value_chain'])} · {row['phase']}"
        cost = row.get("cost_in_region", row["cost"])
        table.add_row(cell, Text(chain), format_pen(cost, lang))
    return Group(table, Text(t("catalog.illustrative_note", lang), style="dim"))


def _stakeholders(rows: Rows, lang: str, region: str | None) -> RenderableType:
    table = new_table(
        _in_region(lang, region, "catalog.stakeholders_title_region", "catalog.stakeholders_title")
    )
    table.add_column(t("catalog.name", lang), ratio=3)
    table.add_column(t("catalog.region", lang))
    table.add_column(t("catalog.group", lang))
    table.add_column(t("catalog.influence", lang), justify="right")
    table.add_column(t("catalog.kind", lang))
    table.add_column(t("catalog.cr", lang), justify="right")
    for row in rows:
        name = Text(row["name"])
        name.append(f"\n{row['id']}", style="dim")
        cr = row.get("consistency_ratio")
        table.add_row(
            name,
            Text(row["region"]),
            Text(row["group"]),
            format_number(row["influence"], 2, lang),
            t(f"catalog.{row['kind']}", lang),
            "" if cr is None else format_number(cr, 3, lang),
        )
    return table
