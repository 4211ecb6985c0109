"""The report's roadmap section: each region's plan over the years (when the run has one) as a
summary line, a table of what starts when and why, and its Gantt chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from prioritizer.formats import format_pen
from prioritizer.i18n import t
from prioritizer.present.export.charts import ROADMAP, chart_name
from prioritizer.present.export.report.blocks import (
    Block,
    Bullets,
    Chart,
    Figures,
    Heading,
    Paragraph,
    Section,
    Table,
)
from prioritizer.present.export.tables import Payload
from prioritizer.present.render.compare_roadmap import planned, roadmap_summary


def roadmap_section(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    """One subsection per region with a roadmap in the run; nothing when none has one."""
    with_plans = [r for r in areas if r.get("roadmap")]
    if not with_plans:
        return []
    blocks: list[Block] = [Section("roadmap", t("export.roadmap", lang))]
    for region in with_plans:
        roadmap = region["roadmap"]
        blocks.append(Heading(3, str(region["name"])))
        if roadmap.get("status") != "planned":
            blocks.append(Paragraph(t("roadmap.infeasible", lang)))
            blocks.append(Bullets(tuple(str(c["text"]) for c in roadmap.get("causes", ()))))
            continue
        blocks.append(Paragraph(roadmap_summary(roadmap, lang)))
        rows = tuple(
            (
                str(p["name"]),
                str(p.get("level_name") or ""),
                _years(int(p["start"]), int(p["end"])),
                format_pen(sum(p["spend_pen"] or ()), lang),
                str(p["why"]),
            )
            for p in planned(roadmap)
        )
        header = tuple(
            t(key, lang)
            for key in (
                "roadmap.col.project",
                "roadmap.col.level",
                "export.roadmap.years",
                "roadmap.col.spend",
                "roadmap.col.why",
            )
        )
        blocks.append(Table(header, rows, (False, False, False, True, False), stack=True))
        name = chart_name(ROADMAP, str(region["id"]))
        if name in charts:
            caption = t("export.roadmap.caption", lang, region=region["name"])
            blocks.append(Figures((Chart(name, caption),)))
    return blocks


def _years(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"
