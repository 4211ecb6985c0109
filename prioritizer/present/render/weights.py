"""Terminal views of criteria weights: one AHP matrix, and a stakeholder group side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.present.render.common import format_number, format_share, new_table
from prioritizer.present.render.layout import Fitted, longest_word, table_width
from prioritizer.results.weights import (
    AhpWeights,
    Consistency,
    FloatArray,
    WeightSet,
    WorstJudgment,
)

NBSP = "\u00a0"
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
    table = weights_table(t("weights.ahp_title", lang), result.ids, result.weights, lang, shown)
    lines: list[RenderableType] = [table, consistency_line(result, result.consistency_ratio, lang)]
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
    and the spread (σ) per criterion; where the terminal cannot hold the table without cutting
    a word, each stakeholder's figures follow their name instead.

    `names` maps criterion ids to display names; stakeholders show their own names.
    """
    shown = names or {}
    na = t("weights.not_applicable", lang)
    heads = [
        *(shown.get(criterion, criterion) for criterion in result.ids),
        t("weights.cr_short", lang),
        t("weights.distance_short", lang),
    ]
    rows: list[_Row | None] = []
    for s in result.stakeholders:
        influence = t("weights.influence_line", lang, share=format_share(s.influence, lang))
        rows.append(
            _Row(
                s.name,
                influence,
                [
                    *(format_share(float(w), lang) for w in s.weights),
                    na
                    if s.consistency_ratio is None
                    else format_number(s.consistency_ratio, 3, lang),
                    format_number(s.distance, 3, lang),
                ],
            )
        )
    rows.append(None)
    group_cr = result.consistency_ratio
    rows.append(
        _Row(
            t("weights.group", lang),
            "",
            [
                *(format_share(float(w), lang) for w in result.weights),
                na if group_cr is None else format_number(group_cr, 3, lang),
                "",
            ],
            bold=True,
        )
    )
    rows.append(
        _Row(
            t("weights.spread", lang),
            "",
            [*(format_number(item.std, 3, lang) for item in result.spread), "", ""],
        )
    )
    title = t("weights.set_title", lang)
    first = t("weights.stakeholder", lang)
    table = Fitted(lambda width: _weight_layout(title, [first, *heads], rows, width))
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


@dataclass(frozen=True, slots=True)
class _Row:
    """One line of the weight set: who, a dim second line (influence), and the figures."""

    label: str
    note: str
    cells: list[str]
    bold: bool = False


def _weight_layout(
    title: str, columns: Sequence[str], rows: Sequence[_Row | None], width: int
) -> RenderableType:
    """A table (headings whole, else wrapped between words) when every column holds its longest
    word at this width; else a block per row."""
    first, *heads = columns
    labels = [text for row in rows if row is not None for text in (row.label, row.note)]
    cells = [[row.cells[i] for row in rows if row is not None] for i in range(len(heads))]
    whole = [
        max(len(head), longest_word(column)) for head, column in zip(heads, cells, strict=True)
    ]
    words = [longest_word([head, *column]) for head, column in zip(heads, cells, strict=True)]
    longest = max(len(text) for text in [first, *labels])
    for figures in (whole, words):
        label = min(width - table_width([0, *figures]), longest)
        if label >= longest_word([first, *labels]):
            return _weight_table(title, first, heads, figures, label, rows)
    lines: list[RenderableType] = [Text(title, style="italic")]
    for row in rows:
        if row is None:
            continue
        name = Text(row.label, style="bold")
        if row.note:
            name.append(" ·" + NBSP + row.note.replace(" ", NBSP), style="dim")
        pairs = [
            f"{head} {cell}".replace(" ", NBSP)
            for head, cell in zip(heads, row.cells, strict=True)
            if cell
        ]
        lines.append(name)
        lines.append(Padding(Text("   ".join(pairs)), (0, 0, 0, 2)))
    return Group(*lines)


def _weight_table(
    title: str,
    first: str,
    heads: Sequence[str],
    figures: Sequence[int],
    label: int,
    rows: Sequence[_Row | None],
) -> RenderableType:
    """The weight set as a table with columns of these widths."""
    table = new_table(title)
    table.add_column(first, width=label)
    for head, figure in zip(heads, figures, strict=True):
        table.add_column(head, justify="right", width=figure)
    for row in rows:
        if row is None:
            table.add_section()
            continue
        name = Text(row.label, style="bold" if row.bold else "")
        if row.note:
            name.append("\n" + row.note, style="dim")
        table.add_row(name, *(Text(cell, style=name.style) for cell in row.cells))
    return table


def _bar(weight: float, largest: float) -> str:
    return "█" * round(BAR_WIDTH * weight / largest) if largest > 0 else ""


def weights_table(
    title: str,
    ids: Sequence[str],
    weights: Sequence[float] | FloatArray,
    lang: Language | str,
    names: Mapping[str, str],
) -> Table:
    """Criteria with their weights as shares and as bars, the largest weight's bar the longest:
    the table every view of one pairwise matrix opens with."""
    table = new_table(title)
    table.add_column(t("weights.criterion", lang))
    table.add_column(t("weights.weight", lang), justify="right")
    table.add_column("")
    largest = float(max(weights))
    for criterion, weight in zip(ids, weights, strict=True):
        table.add_row(
            names.get(criterion, criterion),
            format_share(float(weight), lang),
            _bar(weight, largest),
        )
    return table


def saaty_figures(result: Consistency, lang: Language | str) -> dict[str, str]:
    """λmax and CI as every consistency sentence prints them (three decimals)."""
    return {
        "lambda_max": format_number(result.lambda_max, 3, lang),
        "ci": format_number(result.consistency_index, 3, lang),
    }


def consistency_line(result: Consistency, ratio: float, lang: Language | str) -> Text:
    """λmax, CI and the consistency ratio `ratio` against the result's threshold."""
    return Text(
        t(
            "weights.consistency",
            lang,
            **saaty_figures(result, lang),
            cr=format_number(ratio, 3, lang),
            threshold=format_number(result.threshold, 2, lang),
        )
    )


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
