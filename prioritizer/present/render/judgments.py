"""Terminal view of pairwise judgments with gaps: the weights, the CR of the incomplete matrix,
the judgment most at odds and the pairs that were completed."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.present.render.common import format_number
from prioritizer.present.render.weights import (
    _worst_text,
    consistency_line,
    format_ratio,
    weights_table,
)
from prioritizer.results.judgments import IncompleteAhp


def render_incomplete_ahp(
    result: IncompleteAhp,
    *,
    lang: Language | str = Language.EN,
    names: Mapping[str, str] | None = None,
) -> RenderableType:
    """Weights with bars, λmax, CI and CR (against the random index of an incomplete matrix),
    the judgment to revise if any, and each pair not judged with the value it was given.

    Shows the largest group of criteria linked by judgments; the CLI refuses a matrix whose
    judgments leave criteria unlinked, the web app may show the group as it grows.
    """
    shown = names or {}
    position = {criterion: index for index, criterion in enumerate(result.ids)}
    weights = [float(result.weights[position[criterion]]) for criterion in result.group]
    table = weights_table(t("weights.ahp_title", lang), result.group, weights, lang, shown)
    lines: list[RenderableType] = [table]
    threshold = format_number(result.threshold, 2, lang)
    ratio = result.consistency_ratio
    if ratio is None:
        lines.append(Text(t("judgments.no_cycle", lang)))
    else:
        cr = format_number(ratio, 3, lang)
        lines.append(consistency_line(result, ratio, lang))
        size = len(result.group)
        missing = (size - 1) * (size - 2) // 2 - result.cycles
        if missing and result.random_index_used is not None:
            lines.append(
                Text(
                    t(
                        "judgments.random_index",
                        lang,
                        ri=format_number(result.random_index_used, 3, lang),
                        missing=missing,
                        pairs=size * (size - 1) // 2,
                    ),
                    style="dim",
                )
            )
        if result.consistent:
            lines.append(Text(t("weights.consistent", lang, threshold=threshold), style="green"))
        else:
            lines.append(
                Text(t("weights.inconsistent", lang, cr=cr, threshold=threshold), style="red")
            )
    if result.worst_judgment is not None:
        lines.append(Text(_worst_text(result.worst_judgment, lang, shown)))
    inside = [pair for pair in result.missing if set(pair) <= set(result.group)]
    if inside:
        completed = "; ".join(
            t(
                "judgments.completed_pair",
                lang,
                row=shown.get(row, row),
                column=shown.get(column, column),
                value=format_ratio(float(result.completed[position[row], position[column]]), lang),
            )
            for row, column in inside
        )
        lines.append(Text(t("judgments.missing", lang, pairs=completed)))
    if not result.connected:
        loose = [shown.get(c, c) for group in result.groups[1:] for c in group]
        questions = ", ".join(
            t("judgments.question", lang, row=shown.get(row, row), column=shown.get(column, column))
            for row, column in result.questions_to_connect
        )
        lines.append(
            Text(
                t("judgments.unlinked", lang, criteria=", ".join(loose), questions=questions),
                style="yellow",
            )
        )
    return Group(*lines)
