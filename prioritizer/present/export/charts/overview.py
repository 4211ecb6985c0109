"""Charts of the inputs to the choice: each region's weights, the mechanisms' scores."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from prioritizer.formats import format_number, format_share
from prioritizer.i18n import t
from prioritizer.present.export.charts._common import new_figure, plain, wrapped
from prioritizer.present.export.tables import Payload, display_name, regions

_GROUP_COLOR = "0.25"


def weights_chart(payload: Payload, region: Payload, lang: str) -> Figure:
    """Grouped bars: per criterion, the group's weight then each stakeholder's."""
    weights = region["weights"]
    criteria = list(weights["weights"])
    series: list[tuple[str, Mapping[str, float]]] = [
        (t("export.group", lang), weights["weights"])
    ] + [(str(p["name"]), p["weights"]) for p in weights.get("stakeholders", [])]
    figure = new_figure(3.4 + 0.4 * len(series))
    axes = figure.add_subplot()
    width = 0.8 / len(series)
    for k, (label, values) in enumerate(series):
        axes.bar(
            [i - 0.4 + width * (k + 0.5) for i in range(len(criteria))],
            [float(values[c]) for c in criteria],
            width,
            color=_GROUP_COLOR if k == 0 else f"C{(k - 1) % 10}",
            label=plain(wrapped(label, 46)),
        )
    axes.set_xticks(
        range(len(criteria)),
        [plain(wrapped(display_name(payload, c), 14)) for c in criteria],
    )
    axes.tick_params(axis="x", labelsize=10)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_share(v, lang, 0)))
    axes.set_ylabel(t("export.chart.weight_axis", lang))
    axes.set_title(plain(t("export.chart.weights_of", lang, region=region["name"])))
    figure.legend(loc="outside lower center", ncols=1, frameon=False)
    return figure


def scores_chart(payload: Payload, lang: str) -> Figure:
    """Paired horizontal bars: each mechanism's score in every region, first region's order."""
    areas = regions(payload)
    scores = [
        {item["id"]: float(item["score"]) for item in (r.get("ranking") or {}).get("ranking", [])}
        for r in areas
    ]
    order = list(scores[0]) if scores else []
    order += sorted({m for s in scores for m in s} - set(order))
    figure = new_figure(1.4 + 0.5 * max(len(order), 1))
    axes = figure.add_subplot()
    height = 0.8 / max(len(areas), 1)
    for k, (region, by_id) in enumerate(zip(areas, scores, strict=True)):
        rows = [(i, by_id[m]) for i, m in enumerate(order) if m in by_id]
        axes.barh(
            [i - 0.4 + height * (k + 0.5) for i, _ in rows],
            [s for _, s in rows],
            height,
            color=f"C{k}",
            label=plain(str(region["name"])),
        )
    axes.set_yticks(
        range(len(order)), [plain(wrapped(display_name(payload, m), 24)) for m in order]
    )
    axes.tick_params(axis="y", labelsize=10.5)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 1, lang)))
    axes.set_xlabel(t("export.chart.score_axis", lang))
    figure.legend(loc="outside lower center", ncols=max(len(areas), 1), frameon=False)
    return figure
