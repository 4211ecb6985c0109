"""Charts of a run as PNG bytes: frontier, weights, mechanism scores, portfolio against budget.

Drawn with matplotlib's object API on an Agg canvas per figure (no pyplot, no global backend
switch, so importing prioritizer never changes a notebook's backend) under matplotlib's
default style, at a fixed size and dpi, with no software or date metadata in the PNG: the
same payload gives the same bytes.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from io import BytesIO
from typing import Any

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from prioritizer.i18n import t
from prioritizer.present.export.tables import Payload, display_name, is_infeasible, regions
from prioritizer.present.render.common import format_number, format_pen, format_share

FRONTIER = "frontier"
WEIGHTS = "weights"
SCORES = "scores"
PORTFOLIO = "portfolio"
CHARTS = (WEIGHTS, SCORES, PORTFOLIO, FRONTIER)
"""Chart names, also the PNG file stems under charts/."""

DPI = 100
WIDTH_IN = 8.0
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.axisbelow": True,
}
_LABEL_CHARS = 28
_GROUP_COLOR = "0.25"
_LEFTOVER_COLOR = "0.9"


def render_charts(payload: Payload, lang: str) -> dict[str, bytes]:
    """Every chart of `payload` as PNG bytes, keyed by chart name in CHARTS order."""
    drawers = {
        WEIGHTS: _weights,
        SCORES: _scores,
        PORTFOLIO: _portfolio,
        FRONTIER: _frontier,
    }
    with matplotlib.style.context(["default", _STYLE]), warnings.catch_warnings():
        # a name in a script DejaVu Sans lacks shows boxes; say nothing on the terminal
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        return {name: _png(drawers[name](payload, lang)) for name in CHARTS}


def _frontier(payload: Payload, lang: str) -> Figure:
    """Step plot of the best portfolio value against the budget, one line per region."""
    figure = _figure(4.5)
    axes = figure.add_subplot()
    for index, region in enumerate(regions(payload)):
        color = f"C{index}"
        points = sorted(
            (float(p["budget"]), float(p["objective"]))
            for p in (region.get("frontier") or {}).get("points", [])
        )
        if points:
            axes.step(
                [b for b, _ in points],
                [v for _, v in points],
                where="post",
                color=color,
                marker="o",
                label=_plain(str(region["name"])),
            )
        axes.axvline(
            float(region["budget"]),
            color=color,
            linestyle="--",
            linewidth=1,
            label=_plain(t("export.chart.budget_mark", lang, region=region["name"])),
        )
    _money_axis(axes, lang)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 1, lang)))
    axes.set_xlabel(t("export.chart.budget_axis", lang))
    axes.set_ylabel(t("export.chart.value_axis", lang))
    axes.set_title(t("export.chart.frontier", lang))
    axes.legend(fontsize=8)
    return figure


def _weights(payload: Payload, lang: str) -> Figure:
    """Grouped bars: per criterion, the group's weight then each stakeholder's, per region."""
    areas = regions(payload)
    figure = _figure(5.5)
    grid = figure.subplots(1, len(areas), sharey=True, squeeze=False)[0]
    for axes, region in zip(grid, areas, strict=True):
        weights = region["weights"]
        criteria = list(weights["weights"])
        series: list[tuple[str, Mapping[str, float]]] = [
            (t("export.group", lang), weights["weights"])
        ] + [(str(p["name"]), p["weights"]) for p in weights.get("stakeholders", [])]
        width = 0.8 / len(series)
        for k, (label, values) in enumerate(series):
            axes.bar(
                [i - 0.4 + width * (k + 0.5) for i in range(len(criteria))],
                [float(values[c]) for c in criteria],
                width,
                color=_GROUP_COLOR if k == 0 else f"C{(k - 1) % 10}",
                label=_plain(_short(label, 45)),
            )
        axes.set_xticks(
            range(len(criteria)),
            [_plain(_short(display_name(payload, c), 20)) for c in criteria],
            rotation=20,
            ha="right",
        )
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_share(v, lang, 0)))
        axes.set_title(_plain(str(region["name"])))
        axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False)
    grid[0].set_ylabel(t("export.chart.weight_axis", lang))
    figure.suptitle(t("export.chart.weights", lang))
    return figure


def _scores(payload: Payload, lang: str) -> Figure:
    """Paired horizontal bars: each mechanism's score in every region, first region's order."""
    areas = regions(payload)
    scores = [
        {item["id"]: float(item["score"]) for item in (r.get("ranking") or {}).get("ranking", [])}
        for r in areas
    ]
    order = list(scores[0]) if scores else []
    order += sorted({m for s in scores for m in s} - set(order))
    figure = _figure(1.5 + 0.45 * max(len(order), 1))
    axes = figure.add_subplot()
    height = 0.8 / max(len(areas), 1)
    for k, (region, by_id) in enumerate(zip(areas, scores, strict=True)):
        rows = [(i, by_id[m]) for i, m in enumerate(order) if m in by_id]
        axes.barh(
            [i - 0.4 + height * (k + 0.5) for i, _ in rows],
            [s for _, s in rows],
            height,
            color=f"C{k}",
            label=_plain(str(region["name"])),
        )
    axes.set_yticks(
        range(len(order)), [_plain(_short(display_name(payload, m), 40)) for m in order]
    )
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 2, lang)))
    axes.set_xlabel(t("export.chart.score_axis", lang))
    axes.set_title(t("export.chart.scores", lang))
    figure.legend(fontsize=8, loc="outside lower center", ncols=max(len(areas), 1))
    return figure


def _portfolio(payload: Payload, lang: str) -> Figure:
    """One stacked bar per region: funded projects' costs, the leftover, a mark at the budget."""
    areas = regions(payload)
    figure = _figure(1.6 + 1.0 * len(areas))
    axes = figure.add_subplot()
    scale = max((float(r["budget"]) for r in areas), default=1.0) or 1.0
    labelled = False
    for y, region in enumerate(areas):
        portfolio = region["portfolio"]
        if is_infeasible(portfolio):
            label = _plain(t("export.status.infeasible", lang))
            axes.text(0.01 * scale, y, label, va="center", color="firebrick")
            continue
        costs = {p["id"]: float(p["cost"]) for p in portfolio.get("projects", [])}
        left = 0.0
        for k, project in enumerate(portfolio.get("selected", [])):
            cost = costs.get(project, 0.0)
            axes.barh(y, cost, left=left, color=f"C{k % 10}", edgecolor="white")
            chars = int(110 * cost / scale)
            if chars >= 6:
                axes.text(
                    left + cost / 2,
                    y,
                    _plain(_short(display_name(payload, project), chars)),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white",
                )
            left += cost
        budget = float(region["budget"])
        axes.barh(
            y,
            max(budget - left, 0.0),
            left=left,
            color=_LEFTOVER_COLOR,
            hatch="//",
            edgecolor="0.6",
            label=None if labelled else t("export.chart.leftover", lang),
        )
        axes.plot(
            [budget, budget],
            [y - 0.45, y + 0.45],
            color="black",
            linewidth=2,
            label=None if labelled else t("export.budget", lang),
        )
        labelled = True
    axes.set_yticks(range(len(areas)), [_plain(str(r["name"])) for r in areas])
    axes.set_ylim(len(areas) - 0.5, -0.5)
    _money_axis(axes, lang)
    axes.set_title(t("export.chart.portfolio", lang))
    if labelled:
        figure.legend(fontsize=8, loc="outside lower center", ncols=2)
    return figure


def _figure(height_in: float) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _money_axis(axes: Axes, lang: str) -> None:
    """Soles on the x axis, slanted so S/ 1,234,567 labels do not overlap."""
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_pen(v, lang)))
    axes.tick_params(axis="x", labelsize=7, labelrotation=20)


def _short(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)] + "…"


def _plain(text: str) -> str:
    """Text shown literally: a "$" in a name would otherwise start matplotlib mathtext."""
    return text.replace("$", r"\$")
