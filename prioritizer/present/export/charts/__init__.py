"""Charts of a run as PNG bytes: weights and value for money per region, mechanism scores,
portfolios against the budgets, the best value at every budget per region, and each region's
roadmap over the years when the run has one.

Drawn with matplotlib's object API on an Agg canvas per figure (no pyplot, no global backend
switch, so importing prioritizer never changes a notebook's backend) under matplotlib's
default style, at a fixed size and dpi, with no software or date metadata in the PNG: the
same payload gives the same bytes.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import partial

import matplotlib.style
from matplotlib.figure import Figure

from prioritizer.present.export.charts._common import STYLE, png
from prioritizer.present.export.charts.budget import frontier_chart, portfolio_chart, value_chart
from prioritizer.present.export.charts.overview import scores_chart, weights_chart
from prioritizer.present.export.charts.roadmap import roadmap_chart
from prioritizer.present.export.figures import candidates, steps
from prioritizer.present.export.tables import Payload, regions

__all__ = [
    "FRONTIER",
    "PORTFOLIO",
    "ROADMAP",
    "SCORES",
    "VALUE",
    "WEIGHTS",
    "chart_name",
    "render_charts",
]

SCORES = "scores"
PORTFOLIO = "portfolio"
WEIGHTS = "weights"
VALUE = "value"
FRONTIER = "frontier"
ROADMAP = "roadmap"


def chart_name(kind: str, region_id: str) -> str:
    """The name (and PNG file stem under charts/) of a region's chart of `kind`."""
    return f"{kind}-{region_id}"


def render_charts(payload: Payload, lang: str) -> dict[str, bytes]:
    """Every chart the payload has data for, as PNG bytes keyed by name, in report order."""
    areas = regions(payload)
    drawers: list[tuple[str, Callable[[], Figure]]] = [
        (chart_name(WEIGHTS, r["id"]), partial(weights_chart, payload, r, lang)) for r in areas
    ]
    drawers.append((SCORES, partial(scores_chart, payload, lang)))
    drawers.append((PORTFOLIO, partial(portfolio_chart, payload, lang)))
    drawers += [
        (chart_name(VALUE, r["id"]), partial(value_chart, payload, r, lang))
        for r in areas
        if candidates(payload, r)
    ]
    drawers += [
        (chart_name(FRONTIER, r["id"]), partial(frontier_chart, r, lang)) for r in areas if steps(r)
    ]
    drawers += [
        (chart_name(ROADMAP, r["id"]), partial(roadmap_chart, r, lang))
        for r in areas
        if (r.get("roadmap") or {}).get("status") == "planned"
    ]
    with matplotlib.style.context(["default", STYLE]), warnings.catch_warnings():
        # a name in a script DejaVu Sans lacks shows boxes; say nothing on the terminal
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        return {name: png(draw()) for name, draw in drawers}
