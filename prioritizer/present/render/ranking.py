"""Rich renderables for rankings, TOPSIS explanations and agreement between methods.

Renderers never print. Every name from the data set goes in as `rich.text.Text`, so accents
and characters such as ``[bold]`` show verbatim instead of being read as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.phrases import show
from prioritizer.present.render.common import format_number, format_share, new_table
from prioritizer.results.promethee import Preference, PreferenceShape
from prioritizer.results.ranking import (
    Contribution,
    FloatArray,
    Method,
    MethodAgreement,
    Ranking,
    VikorCompromise,
)

__all__ = [
    "method_title",
    "render_agreement",
    "render_ranking",
    "render_reversals",
    "render_topsis_explanation",
]

_SCORE_DIGITS = 4
REVERSALS_SHOWN = 20
"""Alternatives whose removal reorders others listed in the text (the JSON lists all)."""
PAIRS_SHOWN = 10
"""Reversed pairs shown for each of them."""


def method_title(method: Method, variant: str | None, lang: Language | str) -> str:
    """The method's display name with its variant, e.g. "TOPSIS (vector normalisation)"."""
    name = t(f"ranking.method.{method.value}", lang)
    return name if variant is None else f"{name} ({t(f'ranking.variant.{variant}', lang)})"


def render_ranking(
    ranking: Ranking,
    *,
    lang: Language | str,
    names: Mapping[str, str],
    top: int | None = None,
) -> RenderableType:
    """Rank, name, score and a tie marker per alternative, best first; `top` limits the rows.

    The caption says whether a higher or lower score is better (VIKOR and SPOTIS score lower
    for better alternatives) and any notes the computation left (in `lang`).
    """
    title = t("ranking.title", lang, method=method_title(ranking.method, ranking.variant, lang))
    table = new_table()
    table.title = Text(title)
    table.add_column(t("ranking.col_rank", lang), justify="right")
    table.add_column(t("ranking.col_name", lang))
    table.add_column(t("ranking.col_score", lang), justify="right")
    table.add_column(t("ranking.col_tie", lang))
    rows = ranking.order
    shown = rows if top is None else rows[: max(top, 0)]
    tied = {alternative for group in ranking.ties for alternative in group}
    for i in shown:
        alternative = ranking.ids[i]
        table.add_row(
            str(int(ranking.ranks[i])),
            Text(names.get(alternative, alternative)),
            format_number(float(ranking.scores[i]), _SCORE_DIGITS, lang),
            t("ranking.tied", lang) if alternative in tied else "",
        )
    direction = (
        "ranking.higher_is_better" if ranking.higher_is_better else "ranking.lower_is_better"
    )
    caption = t(direction, lang)
    if len(shown) < len(rows):
        caption = f"{t('ranking.more', lang, count=len(rows) - len(shown))}. {caption}"
    table.caption = Text(caption)
    table.caption_justify = "left"
    extra = [] if ranking.vikor is None else [_vikor_line(ranking.vikor, lang, names)]
    if ranking.promethee is not None:
        extra.extend(_promethee_lines(ranking, lang, names))
    return Group(table, *extra, *_notes(ranking.diagnostics, lang))


def render_weight_sources(shown: Mapping[str, Any], *, lang: Language | str) -> Text:
    """The weights taken from the data (entropy, CRITIC, std) beside the criteria file's."""

    def listed(weights: Mapping[str, float]) -> str:
        return ", ".join(f"{c} {format_share(w, lang, 1)}" for c, w in weights.items())

    objective = shown["objective_weights"]
    text = t(
        "ranking.weights_from_data",
        lang,
        method=objective["method"],
        weights=listed(objective["weights"]),
    )
    if "subjective_weights" in shown:
        text += " " + t("ranking.weights_given", lang, weights=listed(shown["subjective_weights"]))
    return Text(text)


def _vikor_line(vikor: VikorCompromise, lang: Language | str, names: Mapping[str, str]) -> Text:
    """VIKOR's two acceptance conditions and the compromise set, in one sentence."""
    yes, no = t("ranking.vikor.holds", lang), t("ranking.vikor.fails", lang)
    return Text(
        t(
            "ranking.vikor.compromise",
            lang,
            v=format_number(vikor.v, 2, lang),
            advantage=yes if vikor.acceptable_advantage else no,
            stability=yes if vikor.acceptable_stability else no,
            dq=format_number(vikor.dq, 3, lang),
            names=", ".join(names.get(p, p) for p in vikor.compromise),
        )
    )


def _promethee_lines(
    ranking: Ranking, lang: Language | str, names: Mapping[str, str]
) -> list[Text]:
    """The flows φ⁺ and φ⁻ best first, PROMETHEE I's incomparable pairs, and the preference
    functions other than the usual one."""
    order = ranking.promethee
    if order is None or "positive_flow" not in ranking.intermediates:
        return []
    plus, minus = ranking.intermediates["positive_flow"], ranking.intermediates["negative_flow"]
    flows = ", ".join(
        f"{names.get(ranking.ids[i], ranking.ids[i])} "
        f"({format_number(float(plus[i]), 3, lang)}, {format_number(float(minus[i]), 3, lang)})"
        for i in ranking.order
    )
    lines = [Text(t("ranking.promethee.flows", lang, flows=flows))]
    if order.incomparable:
        pairs = "; ".join(f"{names.get(a, a)} – {names.get(b, b)}" for a, b in order.incomparable)
        lines.append(Text(t("ranking.promethee.incomparable", lang, pairs=pairs)))
    else:
        lines.append(Text(t("ranking.promethee.complete", lang)))
    special = [
        f"{criterion} {pref.shape.value}"
        + "".join(f" {k} = {_threshold(v, lang)}" for k, v in _thresholds(pref))
        for criterion, pref in zip(ranking.criteria, order.preferences, strict=True)
        if pref.shape is not PreferenceShape.USUAL
    ]
    if special:
        lines.append(Text(t("ranking.promethee.functions", lang, functions="; ".join(special))))
    return lines


def _threshold(value: float, lang: Language | str) -> str:
    """A threshold without trailing zeros (1, 2.5), in the language's decimal mark."""
    return format_number(float(value), 4, lang).rstrip("0").rstrip(".,")


def _thresholds(pref: Preference) -> list[tuple[str, float]]:
    return [(k, v) for k, v in pref.to_dict().items() if k != "preference" and v is not None]


def render_topsis_explanation(
    ranking: Ranking,
    *,
    lang: Language | str,
    names: Mapping[str, str],
    criterion_names: Mapping[str, str] | None = None,
    top: int | None = None,
    k: int = 3,
) -> RenderableType:
    """Per alternative: d+, d−, closeness and the `k` criteria that move its closeness most.

    A criterion marked + brings the alternative nearer the ideal than the anti-ideal; − the
    reverse (terms of D⁻² − D⁺², see `Ranking.top_contributions`).
    """
    if ranking.method is not Method.TOPSIS:
        raise ValueError(f"render_topsis_explanation needs a TOPSIS ranking, not {ranking.label}")
    labels = criterion_names or names
    d_ideal = ranking.intermediates["distance_ideal"]
    d_anti = ranking.intermediates["distance_anti_ideal"]
    drivers = ranking.top_contributions(k)
    table = new_table()
    table.title = Text(t("ranking.explain.title", lang))
    table.add_column(t("ranking.col_rank", lang), justify="right")
    table.add_column(t("ranking.col_name", lang))
    table.add_column(t("ranking.explain.col_d_ideal", lang), justify="right")
    table.add_column(t("ranking.explain.col_d_anti", lang), justify="right")
    table.add_column(t("ranking.explain.col_closeness", lang), justify="right")
    table.add_column(t("ranking.explain.col_drivers", lang))
    rows = ranking.order
    for i in rows if top is None else rows[: max(top, 0)]:
        alternative = ranking.ids[i]
        table.add_row(
            str(int(ranking.ranks[i])),
            Text(names.get(alternative, alternative)),
            format_number(float(d_ideal[i]), _SCORE_DIGITS, lang),
            format_number(float(d_anti[i]), _SCORE_DIGITS, lang),
            format_number(float(ranking.scores[i]), _SCORE_DIGITS, lang),
            _drivers(drivers[alternative], labels, lang),
        )
    table.caption = Text(t("ranking.explain.caption", lang))
    table.caption_justify = "left"
    return table


def render_agreement(agreement: MethodAgreement, *, lang: Language | str) -> RenderableType:
    """Two square tables, weighted Spearman r_w and WS similarity, between the methods."""
    titles = [
        method_title(method, variant, lang)
        for method, variant in zip(agreement.methods, agreement.variants, strict=True)
    ]
    rw = _matrix_table(t("ranking.agreement.rw", lang), titles, agreement.weighted_spearman, lang)
    ws = _matrix_table(t("ranking.agreement.ws", lang), titles, agreement.rank_similarity, lang)
    heading = Text(t("ranking.agreement.title", lang), style="bold")
    return Group(heading, rw, ws, Text(t("ranking.agreement.caption", lang)))


def _matrix_table(
    title: str, labels: Sequence[str], values: FloatArray, lang: Language | str
) -> Table:
    table = new_table()
    table.title = Text(title)
    table.add_column("")
    for label in labels:
        table.add_column(label, justify="right")
    for label, row in zip(labels, values, strict=True):
        table.add_row(Text(label), *(format_number(float(v), 3, lang) for v in row))
    return table


def _drivers(
    contributions: Sequence[Contribution], labels: Mapping[str, str], lang: Language | str
) -> Text:
    if not contributions:
        return Text(t("ranking.explain.none", lang))
    text = Text()
    for position, item in enumerate(contributions):
        if position:
            text.append(", ")
        sign = "+" if item.value > 0 else "−"
        text.append(f"{sign}{labels.get(item.criterion, item.criterion)} ")
        text.append(format_share(item.share, lang, 0))
    return text


def _notes(diagnostics: Sequence[str], lang: Language | str) -> list[Text]:
    if not diagnostics:
        return []
    lines = [Text(t("ranking.notes", lang), style="bold")]
    lines.extend(Text(f"• {show(note, lang)}") for note in diagnostics)
    return lines


def render_reversals(
    reversals: Sequence[Mapping[str, Any]],
    *,
    lang: Language | str,
    names: Mapping[str, str],
    subject: str | None = None,
) -> Text:
    """One line per alternative whose removal (or addition) reorders others, from the JSON form
    of `RankReversal`; the "unchanged" line when there is none. `subject` says which ranking.

    Bounded for large problems: the first `REVERSALS_SHOWN` alternatives, each with its first
    `PAIRS_SHOWN` pairs, and how many more there are (the JSON keeps every pair)."""
    if not reversals:
        return Text(t("rank.no_reversal", lang), style="dim")
    intro = t("rank.reversal_intro", lang)
    lines = [intro if subject is None else f"{subject} — {intro}"]
    for item in reversals[:REVERSALS_SHOWN]:
        pairs = item["reversed_pairs"]
        shown = "; ".join(f"{names.get(a, a)} / {names.get(b, b)}" for a, b in pairs[:PAIRS_SHOWN])
        if len(pairs) > PAIRS_SHOWN:
            more = len(pairs) - PAIRS_SHOWN
            shown = t("rank.reversal_more_pairs", lang, pairs=shown, count=more)
        removed = str(item["removed"])
        lines.append(t("rank.reversal", lang, removed=names.get(removed, removed), pairs=shown))
    if len(reversals) > REVERSALS_SHOWN:
        lines.append(t("rank.reversal_more", lang, count=len(reversals) - REVERSALS_SHOWN))
    return Text("\n".join(lines), style="yellow")
