"""A region's roadmap as a Gantt chart: one bar per planned project over the years it runs,
labelled with its spend in the plan; the plan's years on the axis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from prioritizer.formats import format_pen
from prioritizer.i18n import t
from prioritizer.present.export.charts._common import FUNDED_COLOR, new_figure, plain, wrapped
from prioritizer.present.render.compare_roadmap import planned

Payload = Mapping[str, Any]


def roadmap_chart(region: Payload, lang: str) -> Figure:
    """The region's planned projects as bars over the plan's years (earlier starts on top)."""
    roadmap: Payload = region["roadmap"]
    years = [int(y) for y in roadmap["years"]]
    rows = planned(roadmap)
    figure = new_figure(1.2 + 0.42 * max(len(rows), 1))
    axes = figure.add_subplot()
    for place, project in enumerate(rows):
        start = max(int(project["start"]), years[0])
        end = min(int(project["end"]), years[-1])
        axes.barh(place, end - start + 1, left=start - 0.5, height=0.6, color=FUNDED_COLOR)
        spend = format_pen(sum(project["spend_pen"] or ()), lang)
        axes.text(end + 0.55, place, spend, va="center", fontsize=9.5)
    axes.set_yticks(range(len(rows)), [plain(wrapped(str(p["name"]), 28)) for p in rows])
    axes.invert_yaxis()
    axes.set_xticks(years, [str(y) for y in years])
    axes.set_xlim(years[0] - 0.5, years[-1] + 2.0)  # room for the spend after the last bar
    axes.grid(axis="y", visible=False)
    axes.set_title(plain(t("export.roadmap.chart", lang, region=region["name"])))
    return figure
