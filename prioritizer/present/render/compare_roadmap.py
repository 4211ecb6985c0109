"""Each region's roadmap in `compare` and `report`, drawn from the run's payload (so a saved run
shows it again): the schedule as a Gantt-like table with each project's why-line, or why no
roadmap exists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import t
from prioritizer.present.render.common import format_number, format_pen, new_table

Payload = Mapping[str, Any]
_BAR = "█"


def planned(roadmap: Payload) -> list[Payload]:
    """The projects in the plan, by start year then name."""
    chosen = [p for p in roadmap.get("projects", ()) if p.get("selected")]
    return sorted(chosen, key=lambda p: (int(p["start"]), str(p["name"])))


def roadmap_summary(roadmap: Payload, lang: str) -> str:
    """One line: how many candidates are planned, the value and the spend over the years, and
    the regions it was planned with (`compare --roadmap --joint`)."""
    rows = planned(roadmap)
    spend = sum(sum(p["spend_pen"] or ()) for p in rows)
    line = t(
        "compare.roadmap.summary",
        lang,
        count=len(rows),
        total=len(roadmap.get("projects", ())),
        value=format_number(float(roadmap["value"]), 3, lang),
        spend=format_pen(spend, lang),
        first=roadmap["years"][0],
        last=roadmap["years"][-1],
    )
    joint = roadmap.get("joint")
    if not joint:
        return line
    regions = ", ".join(str(r) for r in joint["with"])
    return f"{line} {t('compare.roadmap.joint', lang, regions=regions)}"


def render_roadmaps(
    regions: Mapping[str, Payload], ids: Sequence[str], lang: str
) -> RenderableType:
    """The roadmap of every region that has one in the payload (nothing when none has)."""
    parts: list[RenderableType] = []
    for region in ids:
        roadmap = regions[region].get("roadmap")
        if not roadmap:
            continue
        name = str(regions[region]["name"])
        parts.append(Text(t("compare.roadmap.title", lang, region=name), style="bold"))
        if roadmap.get("status") != "planned":
            parts.append(Text(t("roadmap.infeasible", lang)))
            parts.extend(Text("• " + str(c["text"])) for c in roadmap.get("causes", ()))
            continue
        parts.append(Text(roadmap_summary(roadmap, lang)))
        parts.append(_schedule(roadmap, lang))
    return Group(*parts)


def _schedule(roadmap: Payload, lang: str) -> RenderableType:
    years = [int(y) for y in roadmap["years"]]
    table = new_table(None)
    table.add_column(t("roadmap.col.project", lang), ratio=3, overflow="fold")
    for year in years:
        table.add_column(str(year), justify="center", no_wrap=True)
    table.add_column(t("roadmap.col.spend", lang), justify="right", no_wrap=True)
    table.add_column(t("roadmap.col.why", lang), ratio=4, overflow="fold")
    for project in planned(roadmap):
        start, end = int(project["start"]), int(project["end"])
        bars = [
            Text(_BAR * 3, style="green") if start <= year <= end else Text("·") for year in years
        ]
        table.add_row(
            Text(str(project["name"])),
            *bars,
            format_pen(sum(project["spend_pen"] or ()), lang),
            Text(str(project["why"])),
        )
    return table
