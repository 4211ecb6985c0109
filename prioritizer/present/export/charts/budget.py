"""Charts of the money: funded projects against the budget, value for money per region,
and the best value at every budget (the exact change points) per region."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox

from prioritizer.formats import format_number, format_pen
from prioritizer.i18n import t
from prioritizer.present.export.charts._common import (
    BUDGET_COLOR,
    FUNDED_COLOR,
    OTHER_COLOR,
    new_figure,
    plain,
    thousands_axis,
)
from prioritizer.present.export.figures import (
    Candidate,
    budget_rate,
    candidates,
    efficient,
    frontier_at_budget,
    funded_in_order,
)
from prioritizer.present.export.tables import Payload, is_infeasible, regions

_LEFTOVER_COLOR = "0.9"
_NEAR = 0.05
"""Funded points closer than this share of both axes' spans share one label ("3, 7")."""
_SIDES = ((5, 4), (5, -4), (-5, 4), (-5, -4), (0, 8), (0, -8), (9, 0), (-9, 0))
"""Offsets (points) tried in turn for a number's label: above right first, as before."""
_MARKER_PX = 10
"""The side of the square a marker is taken to cover (s=46 is about 7 points across)."""


def portfolio_chart(payload: Payload, lang: str) -> Figure:
    """One stacked bar per region: funded projects' costs, numbered as in the report's list,
    then the leftover, and a mark at the budget."""
    areas = regions(payload)
    figure = new_figure(1.7 + 0.9 * len(areas))
    axes = figure.add_subplot()
    scale = max((float(r["budget"]) for r in areas), default=1.0) or 1.0
    labelled = False
    for y, region in enumerate(areas):
        if is_infeasible(region["portfolio"]):
            label = plain(t("export.status.infeasible", lang))
            axes.text(0.01 * scale, y, label, va="center", color=BUDGET_COLOR)
            continue
        left = 0.0
        for item in funded_in_order(candidates(payload, region)):
            cost = float(item.cost_pen)
            axes.barh(y, cost, left=left, color=f"C{(item.number or 0) % 10}", edgecolor="white")
            if cost / scale >= 0.035:
                axes.text(
                    left + cost / 2,
                    y,
                    str(item.number),
                    ha="center",
                    va="center",
                    color="white",
                    fontweight="bold",
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
    axes.set_yticks(range(len(areas)), [plain(str(r["name"])) for r in areas])
    axes.set_ylim(len(areas) - 0.5, -0.5)
    thousands_axis(axes, "x", "export.chart.spend_axis", lang)
    if labelled:
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
    return figure


def value_chart(payload: Payload, region: Payload, lang: str) -> Figure:
    """Each candidate's value against its cost in the region: funded ones filled and numbered,
    the efficient frontier dashed, the budget line (value of one more sol) dotted."""
    items = candidates(payload, region)
    figure = new_figure(4.9)
    axes = figure.add_subplot()
    others = [c for c in items if c.number is None]
    chosen = funded_in_order(items)
    front = efficient(items)
    axes.plot(
        *_points(front),
        linestyle="--",
        color="0.25",
        linewidth=1,
        label=t("export.chart.efficient", lang),
        zorder=2,
    )
    axes.scatter(
        *_points(others),
        s=40,
        facecolors="white",
        edgecolors=OTHER_COLOR,
        label=t("export.chart.not_funded", lang),
        zorder=3,
    )
    axes.scatter(
        *_points(chosen),
        s=46,
        color=FUNDED_COLOR,
        label=t("export.chart.funded", lang),
        zorder=4,
    )
    right = 1.12 * max((c.cost_pen for c in items), default=1)
    top = 1.12 * max((c.value for c in items), default=1.0)
    rate = budget_rate(region)
    if rate is not None:
        axes.plot(
            [0, right],
            [0, rate * right],
            linestyle=":",
            linewidth=1.6,
            color=BUDGET_COLOR,
            label=t("export.chart.budget_line", lang),
            zorder=1,
        )
    axes.set_xlim(0, right)
    axes.set_ylim(0, top)
    _finish(figure, axes, region, lang, "export.chart.cost_axis", "project_value_axis")
    figure.draw_without_rendering()  # the final layout, so labels are placed where they show
    _number_points(axes, chosen, items, right, top)
    return figure


def frontier_chart(region: Payload, lang: str) -> Figure:
    """The best portfolio value within every budget, a step at each exact change point, with
    the current budget and the value it buys marked (labelled in the top left corner, which a
    rising staircase leaves empty)."""
    items, budget, now = frontier_at_budget(region)
    figure = new_figure(4.2)
    axes = figure.add_subplot()
    right = 1.04 * max(items[-1].budget_pen, budget)
    budgets = [s.budget_pen for s in items] + [right]
    values = [s.value for s in items] + [items[-1].value]
    axes.step(
        budgets,
        values,
        where="post",
        color=FUNDED_COLOR,
        linewidth=1.6,
        label=t("export.chart.best_value", lang),
    )
    axes.plot(
        budgets[:-1],
        values[:-1],
        "o",
        markersize=3,
        color=FUNDED_COLOR,
        label=t("export.chart.change_point", lang),
    )
    axes.axvline(budget, color=BUDGET_COLOR, linestyle="--", linewidth=1.2)
    if now is not None:
        value = items[now].value
        axes.plot(budget, value, marker="D", markersize=7, color=BUDGET_COLOR, zorder=4)
        text = t(
            "export.chart.current_budget",
            lang,
            budget=format_pen(budget, lang),
            value=format_number(value, 2, lang),
        )
        axes.annotate(
            plain(text),
            (budget, value),
            xytext=(0.03, 0.96),
            textcoords="axes fraction",
            ha="left",
            va="top",
            color=BUDGET_COLOR,
            arrowprops={"arrowstyle": "->", "color": BUDGET_COLOR},
        )
    axes.set_xlim(0, right)
    axes.set_ylim(0, 1.08 * max(values))
    return _finish(figure, axes, region, lang, "export.chart.budget_axis", "value_axis")


def _points(items: Sequence[Candidate]) -> tuple[list[int], list[float]]:
    """The candidates' costs (x) and values (y), as the value chart plots them."""
    return [c.cost_pen for c in items], [c.value for c in items]


def _finish(
    figure: Figure, axes: Axes, region: Payload, lang: str, x_key: str, value_axis: str
) -> Figure:
    """Soles along x (labelled `x_key`) and value up y (`value_axis` in the region's value
    mode), the region's name above and the legend below: what both budget charts end with."""
    thousands_axis(axes, "x", x_key, lang)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 1, lang)))
    axes.set_ylabel(t(_value_key(region, value_axis), lang))
    axes.set_title(plain(str(region["name"])))
    figure.legend(loc="outside lower center", ncols=2, frameon=False)
    return figure


def _value_key(region: Payload, axis: str) -> str:
    """The label key of a value axis in the region's value mode (score or coverage)."""
    mode = str(region["portfolio"].get("value_mode", "score"))
    return f"export.chart.{axis}.coverage" if mode == "coverage" else f"export.chart.{axis}"


def _number_points(
    axes: Axes,
    chosen: tuple[Candidate, ...],
    items: Sequence[Candidate],
    right: float,
    top: float,
) -> None:
    """Each funded point's number beside it, on the first side where it covers no other label
    and no point (`items`); points nearly on top of each other share one label ("3, 7")."""
    groups: list[list[Candidate]] = []
    for item in chosen:
        for group in groups:
            first = group[0]
            if (
                abs(first.cost_pen - item.cost_pen) < _NEAR * right
                and abs(first.value - item.value) < _NEAR * top
            ):
                group.append(item)
                break
        else:
            groups.append([item])
    renderer = axes.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken = [_marker_box(axes, c) for c in items]
    for group in groups:
        text = ", ".join(str(c.number) for c in group)
        for dx, dy in _SIDES:
            note = axes.annotate(
                text,
                (group[0].cost_pen, group[0].value),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx >= 0 else "right",
                va="bottom" if dy >= 0 else "top",
                fontsize=11,
                fontweight="bold",
                color=FUNDED_COLOR,
                path_effects=[withStroke(linewidth=3, foreground="white")],
                zorder=5,
            )
            box = note.get_window_extent(renderer)
            if (dx, dy) == _SIDES[-1] or not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
            note.remove()


def _marker_box(axes: Axes, item: Candidate) -> Bbox:
    """Where a point's marker is drawn, in display units (a square of the marker's size)."""
    x, y = axes.transData.transform((item.cost_pen, item.value))
    half = _MARKER_PX / 2
    return Bbox.from_extents(x - half, y - half, x + half, y + half)
