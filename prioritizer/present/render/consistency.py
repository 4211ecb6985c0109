"""Terminal view of `weights ahp FILE`: the priorities, Saaty's CR (or why there is none), the
GCI and Koczkodaj's worst triad."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.present.render.common import format_number, format_share
from prioritizer.present.render.layout import Fitted
from prioritizer.present.render.weights import (
    _Row,
    _weight_layout,
    _worst_text,
    consistency_line,
    saaty_figures,
    weights_table,
)
from prioritizer.results.consistency import PairwiseAnalysis, PairwiseGroup, Priorities


def render_pairwise_analysis(
    result: PairwiseAnalysis, *, lang: Language | str = Language.EN
) -> RenderableType:
    """Weights with bars, then λmax/CI/CR, the GCI, Koczkodaj's index, the verdict of the
    chosen priorities' own index and the judgment to revise if any."""
    title = t(f"consistency.title.{result.priorities.value}", lang)
    table = weights_table(title, result.ids, result.weights, lang, {})
    lines: list[RenderableType] = [table]
    if result.consistency_ratio is None:
        lines.append(Text(t("consistency.saaty_no_cr", lang, **saaty_figures(result, lang))))
        lines.append(Text(_beyond_text(result, lang), style="yellow"))
    else:
        lines.append(consistency_line(result, result.consistency_ratio, lang))
    lines.append(Text(_gci_text(result, lang)))
    lines.append(Text(_koczkodaj_text(result, lang)))
    lines.extend(_verdict(result, lang))
    if result.worst_judgment is not None:
        lines.append(Text(_worst_text(result.worst_judgment, lang, {})))
    return Group(*lines)


def _beyond_text(result: PairwiseAnalysis, lang: Language | str) -> str:
    return t(
        "consistency.beyond_table",
        lang,
        table=result.random_index_table or "",
        n=len(result.ids),
        orders=_runs(result.random_index_orders),
    )


def _runs(orders: tuple[int, ...]) -> str:
    """Orders as runs: (1, 2, 3, 4, 25, 30) reads "1-4, 25, 30"."""
    parts: list[str] = []
    for order in sorted(orders):
        if parts and parts[-1].split("-")[-1] == str(order - 1):
            parts[-1] = f"{parts[-1].split('-')[0]}-{order}"
        else:
            parts.append(str(order))
    return ", ".join(parts)


def _gci_text(result: PairwiseAnalysis, lang: Language | str) -> str:
    gci = format_number(result.gci, 3, lang)
    if result.gci_threshold is None:
        return t("consistency.gci_small", lang, gci=gci)
    return t(
        "consistency.gci",
        lang,
        gci=gci,
        threshold=format_number(result.gci_threshold, 2, lang),
    )


def _koczkodaj_text(result: PairwiseAnalysis, lang: Language | str) -> str:
    index = format_number(result.koczkodaj.index, 3, lang)
    triad = result.koczkodaj.triad
    if triad is None:
        return t("consistency.koczkodaj_small", lang, index=index)
    return t("consistency.koczkodaj", lang, index=index, triad=", ".join(triad))


def _verdict(result: PairwiseAnalysis, lang: Language | str) -> list[RenderableType]:
    if result.consistent is None:
        return []
    if result.priorities is Priorities.GEOMETRIC:
        limit = format_number(result.gci_threshold or 0.0, 2, lang)
        key = "consistency.gci_ok" if result.consistent else "consistency.gci_bad"
        return [
            Text(
                t(key, lang, gci=format_number(result.gci, 3, lang), threshold=limit),
                style="green" if result.consistent else "red",
            )
        ]
    threshold = format_number(result.threshold, 2, lang)
    if result.consistent:
        return [Text(t("weights.consistent", lang, threshold=threshold), style="green")]
    cr = format_number(result.consistency_ratio or 0.0, 3, lang)
    return [Text(t("weights.inconsistent", lang, cr=cr, threshold=threshold), style="red")]


def render_pairwise_group(
    result: PairwiseGroup, *, lang: Language | str = Language.EN
) -> RenderableType:
    """A group by the row geometric mean: one row per matrix file (weights, influence, GCI),
    then the group's, how it was combined, and the members whose GCI is past its threshold."""
    na = t("weights.not_applicable", lang)

    def gci(analysis: PairwiseAnalysis | None) -> str:
        return na if analysis is None else format_number(analysis.gci, 3, lang)

    rows: list[_Row | None] = [
        _Row(
            member.file,
            t("weights.influence_line", lang, share=format_share(member.influence, lang)),
            [
                *(format_share(float(w), lang) for w in member.analysis.weights),
                gci(member.analysis),
            ],
        )
        for member in result.members
    ]
    group_cells = [*(format_share(float(w), lang) for w in result.weights), gci(result.group)]
    rows += [None, _Row(t("weights.group", lang), "", group_cells, bold=True)]
    title = t("consistency.group_title", lang)
    heads = [t("weights.stakeholder", lang), *result.ids, "GCI"]
    lines: list[RenderableType] = [Fitted(lambda width: _weight_layout(title, heads, rows, width))]
    if result.group is None:
        lines.append(Text(t("consistency.group_aip", lang)))
    else:
        lines.append(Text(t("consistency.group_aij", lang, gci=gci(result.group))))
        if result.group.worst_judgment is not None:
            lines.append(Text(_worst_text(result.group.worst_judgment, lang, {})))
    flagged = [m for m in result.members if m.analysis.consistent is False]
    if flagged:
        limit = format_number(flagged[0].analysis.gci_threshold or 0.0, 2, lang)
        names = ", ".join(member.file for member in flagged)
        lines.append(Text(t("consistency.group_gci_bad", lang, threshold=limit, names=names)))
    return Group(*lines)
