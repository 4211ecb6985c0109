"""Rich renderables for SMAA-2's other indices: holistic acceptability, confidence factors
and pairwise winning indices. Renderers never print; names go in as `rich.text.Text`.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.present.render.common import format_number, format_share, new_table
from prioritizer.present.render.layout import Fitted, longest_word, table_width
from prioritizer.results.robustness import RobustnessReport

__all__ = ["render_smaa_indices"]

_ALPHAS_SHOWN = 5
PAIRWISE_SHOWN = 8
"""Most alternatives in the pairwise winning table (the most acceptable first)."""
_LABEL_SHARE = 0.3
"""Share of the width the pairwise table keeps for the names before it adds columns."""


def render_smaa_indices(
    report: RobustnessReport,
    *,
    lang: Language | str,
    names: Mapping[str, str],
    top: int | None = None,
) -> RenderableType:
    """Per alternative, its holistic acceptability and confidence factor; then, for the most
    acceptable (at most `PAIRWISE_SHOWN`, or `top`), the share of scenarios in which the row
    ranks above the column. Rows follow the acceptability table's order."""
    smaa = report.acceptability
    rows = smaa.order if top is None else smaa.order[: max(top, 0)]
    table = new_table()
    table.title = Text(t("smaa.indices.title", lang))
    table.add_column(t("robustness.col_alternative", lang))
    table.add_column(t("smaa.col_holistic", lang), justify="right")
    table.add_column(t("smaa.col_confidence", lang), justify="right")
    holistic = smaa.holistic
    for i in rows:
        alternative = smaa.ids[i]
        confidence = (
            format_share(float(smaa.confidence[i]), lang) if smaa.ever_first(alternative) else "—"
        )
        table.add_row(
            Text(names.get(alternative, alternative)),
            format_number(float(holistic[i]), 3, lang),
            confidence,
        )
    every = smaa.meta_weights.alphas(len(smaa.ids))
    alphas = ", ".join(format_number(float(a), 2, lang) for a in every[:_ALPHAS_SHOWN])
    if len(every) > _ALPHAS_SHOWN:
        alphas += ", …"
    kind = t(f"smaa.meta.{smaa.meta_weights.value}", lang)
    caption = t("smaa.indices.caption", lang, meta=kind, alphas=alphas)
    if smaa.uncertain is None:
        caption += " " + t("smaa.values.exact", lang)
    else:
        caption += " " + t(
            "smaa.values.drawn",
            lang,
            count=len(smaa.uncertain.cells),
            source=smaa.uncertain.source or "",
        )
    table.caption = Text(caption)
    table.caption_justify = "left"
    if smaa.winning is None or len(smaa.ids) < 2:
        return table
    chosen = rows[:PAIRWISE_SHOWN]
    return Group(table, Fitted(lambda width: _pairwise(report, lang, names, chosen, width)))


def _pairwise(
    report: RobustnessReport,
    lang: Language | str,
    names: Mapping[str, str],
    chosen: tuple[int, ...],
    width: int,
) -> RenderableType:
    """Rows named and numbered, columns by number; as many as the width holds (at least 2)."""
    smaa = report.acceptability
    winning = smaa.winning
    assert winning is not None
    labels = [f"{n}. {names.get(smaa.ids[i], smaa.ids[i])}" for n, i in enumerate(chosen, 1)]
    cells = [format_share(float(winning[i, j]), lang) for i in chosen for j in chosen]
    column = longest_word(cells)
    label = max(longest_word(labels), round(_LABEL_SHARE * width))
    fit = (width - table_width([label])) // (column + 3)
    rows = chosen[: max(fit, 2)]
    table = new_table()
    table.title = Text(t("smaa.pairwise.title", lang))
    table.add_column(t("robustness.col_alternative", lang))
    for n in range(1, len(rows) + 1):
        table.add_column(str(n), justify="right", min_width=column)
    for n, i in enumerate(rows):
        shares = ["—" if i == j else format_share(float(winning[i, j]), lang) for j in rows]
        table.add_row(Text(labels[n]), *shares)
    caption = t("smaa.pairwise.caption", lang) + " " + t("smaa.pairwise.numbered", lang)
    if len(rows) < len(smaa.ids):
        caption += " " + t("smaa.pairwise.more", lang, count=len(smaa.ids) - len(rows))
    table.caption = Text(caption)
    table.caption_justify = "left"
    return table
