"""Rich renderables for robustness: rank acceptability, weight stability, core index.

Renderers never print. Names from the data set go in as `rich.text.Text`, so accents and
characters such as ``[bold]`` show verbatim instead of being read as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.present.render.common import format_number, format_share, new_table
from prioritizer.present.render.layout import Fitted, longest_word, table_width, whole_words
from prioritizer.results.robustness import (
    CoreClass,
    CoreMethod,
    RobustnessReport,
    StabilityInterval,
    StabilitySubject,
)

__all__ = ["render_acceptability", "render_core_index", "render_stability"]

NBSP = "\u00a0"
BAR_WIDTH = 10
_BAR_LEAST = 3
"""Fewer blocks than this say nothing: the shares go without bars."""
_LABEL_SHARE = 0.35
"""Share of the width the names take when the table has more room than it needs."""
_RANKS_SHOWN = 3
_WEIGHT_DIGITS = 3


def render_acceptability(
    report: RobustnessReport,
    *,
    lang: Language | str,
    names: Mapping[str, str],
    top: int | None = None,
) -> RenderableType:
    """Share of scenarios in which each alternative takes rank 1, 2, 3 and 1-3, with bars.

    Rows are ordered by rank-1 acceptability (then rank 2, ...); `top` limits them. The
    caption says how the weights were sampled (kind, count, seed) and how many scenarios
    had a tie.
    """
    smaa = report.acceptability
    shown_ranks = min(_RANKS_SHOWN, len(smaa.ids))
    title = t("robustness.acceptability.title", lang, samples=_count(smaa.samples, lang))
    heads = [
        t("robustness.col_alternative", lang),
        *(t("robustness.col_rank", lang, rank=rank) for rank in range(1, shown_ranks + 1)),
        t("robustness.col_top", lang, count=shown_ranks),
    ]
    rows = smaa.order
    shown = rows if top is None else rows[: max(top, 0)]
    within = smaa.top_share(shown_ranks)
    lines = [
        (
            names.get(smaa.ids[i], smaa.ids[i]),
            [*(float(smaa.shares[i, r]) for r in range(shown_ranks)), float(within[i])],
        )
        for i in shown
    ]
    sampler = t(f"robustness.sampler.{report.sampler.kind.value}", lang)
    caption = t("robustness.acceptability.caption", lang, sampler=sampler, seed=report.sampler.seed)
    if smaa.tied_samples:
        caption += " " + t(
            "robustness.acceptability.ties", lang, count=_count(smaa.tied_samples, lang)
        )
    if len(shown) < len(rows):
        caption = f"{t('robustness.more', lang, count=len(rows) - len(shown))}. {caption}"
    return Fitted(lambda width: _acceptability_layout(title, heads, lines, caption, lang, width))


def _acceptability_layout(
    title: str,
    heads: Sequence[str],
    lines: Sequence[tuple[str, list[float]]],
    caption: str,
    lang: Language | str,
    width: int,
) -> RenderableType:
    """Shares with bars as wide as the terminal allows (or none) in a table whose columns hold
    their longest word; where even bare numbers do not fit, a block per alternative."""
    first, *ranks = heads
    shares = [[format_share(share, lang) for share in line] for _, line in lines]
    digits = longest_word(cell for row in shares for cell in row)
    labels = [first, *(name for name, _ in lines)]
    label = min(max(map(len, labels)), max(longest_word(labels), round(_LABEL_SHARE * width)))
    room = (width - table_width([label, *(0 for _ in ranks)])) // len(ranks)
    bar = min(BAR_WIDTH, room - digits - 1)
    bar = bar if bar >= _BAR_LEAST else 0
    if room >= max(digits, longest_word(ranks)):
        column = digits + 1 + bar if bar else max(digits, longest_word(ranks))
        table = new_table()
        table.title = Text(title)
        rest = width - table_width([0, *(column for _ in ranks)])
        table.add_column(first, width=min(rest, max(map(len, labels))))
        for rank in ranks:
            table.add_column(rank, width=column, justify="left" if bar > 0 else "right")
        for (name, line), cells in zip(lines, shares, strict=True):
            table.add_row(
                Text(name),
                *(
                    _share_bar(share, cell, bar, digits)
                    for share, cell in zip(line, cells, strict=True)
                ),
            )
        table.caption = Text(caption)
        table.caption_justify = "left"
        return table
    blocks: list[RenderableType] = [Text(title, style="italic")]
    for (name, _), cells in zip(lines, shares, strict=True):
        pairs = (
            f"{rank} {cell}".replace(" ", NBSP) for rank, cell in zip(ranks, cells, strict=True)
        )
        blocks.append(Text(name, style="bold"))
        blocks.append(Padding(Text("   ".join(pairs)), (0, 0, 0, 2)))
    blocks.append(Text(caption))
    return Group(*blocks)


def render_stability(
    report: RobustnessReport,
    *,
    lang: Language | str,
    names: Mapping[str, str],
    criterion_names: Mapping[str, str] | None = None,
) -> RenderableType:
    """Per criterion, the range of its weight over which the top of the ranking (and the
    chosen portfolio) stay as they are, and what they become beyond each end."""
    labels = criterion_names or {}
    tables: list[RenderableType] = []
    for subject in StabilitySubject:
        intervals = [item for item in report.stability if item.subject is subject]
        if intervals:
            tables.append(whole_words(_stability_table(subject, intervals, lang, names, labels)))
    if not tables:
        return Text(t("robustness.stability.none", lang))
    precision = format_number(report.stability[0].precision, 6, lang)
    with_portfolio = any(i.subject is StabilitySubject.PORTFOLIO for i in report.stability)
    key = "robustness.stability.caption" if with_portfolio else "robustness.stability.caption_top"
    return Group(*tables, Text(t(key, lang, precision=precision)))


def render_core_index(
    report: RobustnessReport, *, lang: Language | str, names: Mapping[str, str]
) -> RenderableType:
    """Projects grouped by core index: fund whatever the weights, debate, leave out.

    Within a group, projects come by core index, highest first.
    """
    core = report.core_index
    if core is None:
        return Text(t("robustness.core.not_computed", lang))
    table = new_table()
    table.title = Text(t("robustness.core.title", lang, samples=_count(core.samples, lang)))
    table.add_column(t("robustness.col_project", lang))
    table.add_column(t("robustness.col_core_index", lang))
    classes = core.classes
    thresholds = {
        CoreClass.CORE: format_share(core.core_threshold, lang, 0),
        CoreClass.BORDERLINE: "",
        CoreClass.EXTERIOR: format_share(core.exterior_threshold, lang, 0),
    }
    for kind in CoreClass:
        members = sorted(
            (i for i, project in enumerate(core.ids) if classes[project] is kind),
            key=lambda i: (-float(core.shares[i]), i),
        )
        heading = t(f"robustness.core.{kind.value}", lang, threshold=thresholds[kind])
        table.add_row(Text(heading, style="bold"), "")
        if not members:
            table.add_row(Text("  " + t("robustness.core.none", lang)), "")
        for i in members:
            project = core.ids[i]
            table.add_row(
                Text("  " + names.get(project, project)),
                _share_bar(float(core.shares[i]), format_share(float(core.shares[i]), lang)),
            )
    optima = _count(core.distinct_optima, lang)
    if core.method is CoreMethod.ENUMERATION:
        count = _count(core.feasible_portfolios, lang)
        how = t("robustness.core.method.enumeration", lang, count=count)
    else:
        how = t("robustness.core.method.solver", lang)
    if core.tied_samples is None:
        caption = t("robustness.core.caption_untied", lang, method=how, optima=optima)
    else:
        ties = _count(core.tied_samples, lang)
        caption = t("robustness.core.caption", lang, method=how, ties=ties, optima=optima)
    table.caption = Text(caption)
    table.caption_justify = "left"
    return table


def _stability_table(
    subject: StabilitySubject,
    intervals: Sequence[StabilityInterval],
    lang: Language | str,
    names: Mapping[str, str],
    labels: Mapping[str, str],
) -> Table:
    table = new_table()
    current = intervals[0].current
    now = _outcome(subject, current, current, names).plain
    table.title = Text(t(f"robustness.stability.title.{subject.value}", lang, now=now))
    table.add_column(t("robustness.stability.col_criterion", lang))
    table.add_column(t("robustness.stability.col_weight", lang), justify="right")
    table.add_column(t("robustness.stability.col_range", lang), justify="center")
    table.add_column(t("robustness.stability.col_below", lang))
    table.add_column(t("robustness.stability.col_above", lang))
    for item in intervals:
        span = (
            f"{format_number(item.lower, _WEIGHT_DIGITS, lang)}{NBSP}–{NBSP}"
            f"{format_number(item.upper, _WEIGHT_DIGITS, lang)}"
        )
        below = (
            Text(t("robustness.stability.to_zero", lang))
            if item.below is None
            else _outcome(subject, item.below, item.current, names)
        )
        above = (
            Text(t("robustness.stability.to_one", lang))
            if item.above is None
            else _outcome(subject, item.above, item.current, names)
        )
        table.add_row(
            Text(labels.get(item.criterion, item.criterion)),
            format_number(item.weight, _WEIGHT_DIGITS, lang),
            span,
            below,
            above,
        )
    return table


def _outcome(
    subject: StabilitySubject,
    outcome: tuple[str, ...],
    current: tuple[str, ...],
    names: Mapping[str, str],
) -> Text:
    """A ranking head as "A > B > C"; a portfolio as its change from the current one."""
    if subject is StabilitySubject.TOP or outcome == current:
        return Text(" > ".join(names.get(i, i) for i in outcome))
    added = [f"+ {names.get(i, i)}" for i in outcome if i not in current]
    dropped = [f"− {names.get(i, i)}" for i in current if i not in outcome]
    return Text(", ".join(added + dropped))


def _share_bar(share: float, text: str, bar: int = BAR_WIDTH, digits: int = 7) -> Text:
    """A bar of up to `bar` blocks (none if 0) and the share as written, e.g. "█████  50.0%"."""
    if bar <= 0:
        return Text(text)
    blocks = "█" * round(bar * min(max(share, 0.0), 1.0))
    return Text(f"{blocks:<{bar}} {text:>{digits}}")


def _count(value: int | None, lang: Language | str) -> str:
    return format_number(float(value or 0), 0, lang)
