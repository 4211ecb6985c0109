"""Terminal views of criteria weights: one AHP matrix, and a stakeholder group side by side."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.present.render.common import format_number, format_share, new_table
from prioritizer.results.weights import AhpWeights, WeightSet, WorstJudgment

BAR_WIDTH = 20
"""Characters of the bar drawn for the largest weight."""


def render_ahp_weights(
    result: AhpWeights,
    *,
    lang: Language | str = Language.EN,
    names: Mapping[str, str] | None = None,
) -> RenderableType:
    """Weights as a table with bars, then λmax, CI and CR, and the judgment to revise if any."""
    shown = names or {}
    table = new_table(t("weights.ahp_title", lang))
    table.add_column(t("weights.criterion", lang))
    table.add_column(t("weights.weight", lang), justify="right")
    table.add_column("")
    largest = float(result.weights.max())
    for criterion, weight in zip(result.ids, result.weights, strict=True):
        table.add_row(
            shown.get(criterion, criterion),
            format_share(float(weight), lang),
            _bar(weight, largest),
        )
    lines: list[RenderableType] = [
        table,
        Text(
            t(
                "weights.consistency",
                lang,
                lambda_max=format_number(result.lambda_max, 3, lang),
                ci=format_number(result.consistency_index, 3, lang),
                cr=format_number(result.consistency_ratio, 3, lang),
                threshold=format_number(result.threshold, 2, lang),
            )
        ),
    ]
    threshold = format_number(result.threshold, 2, lang)
    if result.consistent:
        lines.append(Text(t("weights.consistent", lang, threshold=threshold), style="green"))
    else:
        cr = format_number(result.consistency_ratio, 3, lang)
        lines.append(Text(t("weights.inconsistent", lang, cr=cr, threshold=threshold), style="red"))
    if result.worst_judgment is not None:
        lines.append(Text(_worst_text(result.worst_judgment, lang, shown)))
    return Group(*lines)


def render_weight_set(
    result: WeightSet,
    *,
    lang: Language | str = Language.EN,
    names: Mapping[str, str] | None = None,
) -> RenderableType:
    """One row per stakeholder (weights, influence, CR, distance to the group), then the group
    and the spread (σ) per criterion; a row per person keeps it readable in 80 columns.

    `names` maps criterion ids to display names; stakeholders show their own names.
    """
    shown = names or {}
    na = t("weights.not_applicable", lang)
    table = new_table(t("weights.set_title", lang))
    table.add_column(t("weights.stakeholder", lang), ratio=1, min_width=14)
    for criterion in result.ids:
        table.add_column(
            shown.get(criterion, criterion), justify="right", overflow="fold", max_width=9
        )
    table.add_column(t("weights.cr_short", lang), justify="right", min_width=5)
    table.add_column(t("weights.distance_short", lang), justify="right", min_width=5)
    for s in result.stakeholders:
        label = Text(s.name)
        label.append(
            "\n" + t("weights.influence_line", lang, share=format_share(s.influence, lang)),
            style="dim",
        )
        table.add_row(
            label,
            *(format_share(float(w), lang) for w in s.weights),
            na if s.consistency_ratio is None else format_number(s.consistency_ratio, 3, lang),
            format_number(s.distance, 3, lang),
        )
    table.add_section()
    group_cr = result.consistency_ratio
    table.add_row(
        Text(t("weights.group", lang), style="bold"),
        *(Text(format_share(float(w), lang), style="bold") for w in result.weights),
        na if group_cr is None else format_number(group_cr, 3, lang),
        "",
    )
    table.add_row(
        t("weights.spread", lang),
        *(format_number(item.std, 3, lang) for item in result.spread),
        "",
        "",
    )
    lines: list[RenderableType] = [table, Text(t("weights.legend", lang), style="dim")]
    if result.group is None:
        lines.append(Text(t("weights.method.aip", lang)))
    else:
        cr = format_number(result.group.consistency_ratio, 3, lang)
        lines.append(Text(t("weights.method.aij", lang, cr=cr)))
        if result.group.worst_judgment is not None:
            lines.append(Text(_worst_text(result.group.worst_judgment, lang, shown)))
    flagged = [(s.name, s.ahp) for s in result.stakeholders if s.ahp and not s.ahp.consistent]
    if flagged:
        lines.append(
            Text(
                t(
                    "weights.inconsistent_stakeholders",
                    lang,
                    threshold=format_number(flagged[0][1].threshold, 2, lang),
                    names=", ".join(name for name, _ in flagged),
                ),
                style="red",
            )
        )
    return Group(*lines)


def _bar(weight: float, largest: float) -> str:
    return "█" * round(BAR_WIDTH * weight / largest) if largest > 0 else ""


def _worst_text(worst: WorstJudgment, lang: Language | str, names: Mapping[str, str]) -> str:
    return t(
        "weights.worst",
        lang,
        row=names.get(worst.row, worst.row),
        column=names.get(worst.column, worst.column),
        given=format_ratio(worst.given, lang),
        consistent=format_ratio(worst.consistent, lang),
        saaty=format_ratio(worst.nearest_saaty, lang),
    )


def format_ratio(value: float, lang: Language | str = Language.EN) -> str:
    """A judgment as people write it: `5`, `1/3`, `2.35` or `1/17.07`."""
    if value >= 1:
        return _plain(value, lang)
    return "1/" + _plain(1.0 / value, lang)


def _plain(value: float, lang: Language | str) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return format_number(value, 2, lang)
