"""Rich renderables for alternative portfolios side by side and for the portfolio of each
stakeholder group beside everyone's.

Side by side: one column per portfolio, one row per project that some fund and others do not
(what a council has to choose between), then the figures of each portfolio. As many columns as
the terminal holds go in one table; the rest follow in the next, the project names repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from prioritizer.i18n import Language, t
from prioritizer.phrases import show
from prioritizer.present.render.common import format_number, format_pen, format_share, new_table
from prioritizer.results.alternatives import Alternatives, GroupPerspectives, GroupPortfolio

__all__ = ["render_alternatives", "render_by_group"]

_DIGITS = 3
_IN, _OUT = "✓", "·"
_NAME_WIDTH = 30
"""Room kept for the project names before the portfolio columns are counted."""
_COLUMN_WIDTH = 14
"""Room for one portfolio column (S/ 12,345,678 and the table's padding)."""


@dataclass(frozen=True, slots=True)
class _Column:
    """One portfolio of a side-by-side view: its heading, projects and figures (as text)."""

    heading: str
    selected: frozenset[str]
    figures: tuple[str, ...]


class _SideBySide:
    """Portfolios as columns, the differing projects as rows, the figures below them; split
    into several tables when the terminal is narrower than all the columns need."""

    def __init__(
        self,
        columns: Sequence[_Column],
        projects: Sequence[str],
        figures: Sequence[str],
        *,
        labels: Mapping[str, str],
        lang: Language | str,
    ) -> None:
        self.columns, self.projects, self.figures = columns, projects, figures
        self.labels, self.corner = labels, t("alternatives.col_project", lang)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        per = max(1, (options.max_width - _NAME_WIDTH) // _COLUMN_WIDTH)
        for start in range(0, len(self.columns), per):
            yield self._table(self.columns[start : start + per])

    def _table(self, columns: Sequence[_Column]) -> RenderableType:
        table = new_table()
        table.add_column(self.corner, ratio=1, overflow="fold")
        for column in columns:
            table.add_column(column.heading, justify="right", no_wrap=True)
        for project in self.projects:
            marks = [_IN if project in c.selected else _OUT for c in columns]
            table.add_row(Text(self.labels.get(project, project)), *marks)
        table.add_section()
        for row, label in enumerate(self.figures):
            table.add_row(Text(label, style="bold"), *(c.figures[row] for c in columns))
        return table


def render_alternatives(
    result: Alternatives, *, lang: Language | str, names: Mapping[str, str]
) -> RenderableType:
    """The alternatives side by side: which differing projects each funds, its value, the gap
    to the best, its cost and the budget it leaves; then what all share and why the list ends."""
    pen = _pen(lang)
    count = len(result.alternatives)
    if result.within_pct is not None:
        title = t("alternatives.title_within", lang, count=count, pct=_pct(result.within_pct, lang))
    else:
        title = t("alternatives.title", lang, count=count)
    columns = [
        _Column(
            heading=f"#{a.rank}",
            selected=frozenset(a.selected),
            figures=(
                format_number(a.objective, _DIGITS, lang),
                "—" if a.rank == 1 else _gap(a.value_gap_share, lang),
                pen(a.total_cost_pen),
                pen(a.leftover_pen),
                str(len(a.selected)),
                *(_maybe_share(share, lang) for _, share in a.by_group),
            ),
        )
        for a in result.alternatives
    ]
    groups = [group for group, _ in result.alternatives[0].by_group]
    figures = [
        t("alternatives.row_value", lang),
        t("alternatives.row_gap", lang),
        t("alternatives.row_cost", lang),
        t("alternatives.row_left", lang),
        t("alternatives.row_count", lang),
        *(t("alternatives.row_group", lang, group=_group(g, lang)) for g in groups),
    ]
    view = _SideBySide(columns, result.differing, figures, labels=names, lang=lang)
    lines = [_common_line(result.common, names, lang)]
    if groups:
        lines.append(t("alternatives.by_group", lang))
    lines.append(_end_line(result, lang))
    if any(a.status != "optimal" for a in result.alternatives):
        lines.append(t("alternatives.not_proven", lang))
    lines += [t("portfolio.note", lang, text=show(note, lang)) for note in result.diagnostics]
    return Group(Text(title, style="bold"), view, *(Text(line) for line in lines))


def _common_line(common: Sequence[str], names: Mapping[str, str], lang: Language | str) -> str:
    if not common:
        return t("alternatives.common_none", lang)
    listing = "; ".join(names.get(p, p) for p in common)
    return t("alternatives.common", lang, count=len(common), projects=listing)


def _end_line(result: Alternatives, lang: Language | str) -> str:
    count = len(result.alternatives)
    pct = None if result.within_pct is None else _pct(result.within_pct, lang)
    if result.end == "deadline":
        return t("alternatives.end_deadline", lang, seconds=f"{result.deadline_seconds or 0:g}")
    if result.end == "limit":
        return t("alternatives.end_limit", lang, limit=result.limit, pct=pct)
    if result.end == "all" and pct is not None:
        return t("alternatives.end_all_within", lang, count=count, pct=pct)
    if result.end == "all":
        return t("alternatives.end_all", lang, count=count)
    if pct is not None:
        return t("alternatives.end_count_within", lang, count=count, pct=pct)
    return t("alternatives.end_count", lang, count=count)


def render_by_group(
    result: GroupPerspectives, *, lang: Language | str, names: Mapping[str, str]
) -> RenderableType:
    """Whose portfolio is this: each group's weights and best portfolio beside everyone's, the
    projects they disagree on, and what each group would add or drop and what it costs whom."""
    pen = _pen(lang)
    weights = new_table(t("by_group.weights_title", lang))
    weights.add_column(t("by_group.col_group", lang), ratio=1, overflow="fold")
    for criterion in result.criteria:
        weights.add_column(names.get(criterion, criterion), justify="right", no_wrap=True)
    everyone = t("by_group.everyone", lang)
    weights.add_row(
        Text(everyone, style="bold"), *(format_share(w, lang) for w in result.common_weights)
    )
    for group in result.groups:
        label = f"{_group(group.group, lang)} ({len(group.stakeholders)})"
        weights.add_row(Text(label), *(format_share(w, lang) for w in group.weights))
    columns = [
        _Column(
            everyone,
            frozenset(result.common_selected),
            (
                str(len(result.common_selected)),
                pen(result.common_total_cost_pen),
                format_share(1.0, lang),
                format_share(1.0, lang),
            ),
        )
    ]
    columns += [
        _Column(
            _group(g.group, lang),
            frozenset(g.selected),
            (
                str(len(g.selected)),
                pen(g.total_cost_pen),
                _maybe_share(g.share_of_common, lang),
                _maybe_share(g.common_share_of_own, lang),
            ),
        )
        for g in result.groups
    ]
    figures = [
        t("alternatives.row_count", lang),
        t("alternatives.row_cost", lang),
        t("by_group.row_under_common", lang),
        t("by_group.row_common_under_own", lang),
    ]
    view = _SideBySide(columns, result.contested, figures, labels=names, lang=lang)
    title = t("by_group.title", lang, method=result.method.upper())
    lines = [_consensus_line(result, names, lang)]
    agreeing = [_group(g.group, lang) for g in result.groups if g.agrees]
    if agreeing:
        lines.append(t("by_group.agree", lang, groups=", ".join(agreeing)))
    lines += [_group_line(g, names, lang) for g in result.groups if not g.agrees]
    lines.append(t("by_group.reading", lang))
    return Group(Text(title, style="bold"), weights, view, *(Text(line) for line in lines))


def _consensus_line(
    result: GroupPerspectives, names: Mapping[str, str], lang: Language | str
) -> str:
    if not result.consensus:
        return t("by_group.consensus_none", lang)
    listing = "; ".join(names.get(p, p) for p in result.consensus)
    return t("by_group.consensus", lang, count=len(result.consensus), projects=listing)


def _group_line(group: GroupPortfolio, names: Mapping[str, str], lang: Language | str) -> str:
    label = _group(group.group, lang)
    adds = "; ".join(names.get(p, p) for p in group.adds) or "—"
    drops = "; ".join(names.get(p, p) for p in group.drops) or "—"
    return t(
        "by_group.differs",
        lang,
        group=label,
        adds=adds,
        drops=drops,
        keeps=_maybe_share(group.share_of_common, lang),
        gets=_maybe_share(group.common_share_of_own, lang),
    )


def _group(slug: str, lang: Language | str) -> str:
    """A stakeholder group's name: the interface's word for the groups it knows, else its id."""
    key = f"stakeholder_group.{slug}"
    text = t(key, lang)
    return slug if text == key else text


def _gap(share: float | None, lang: Language | str) -> str:
    if share is None:
        return "—"
    return t("alternatives.tied", lang) if share == 0 else f"−{format_share(share, lang, 2)}"


def _maybe_share(share: float | None, lang: Language | str) -> str:
    return "—" if share is None else format_share(share, lang)


def _pct(value: float, lang: Language | str) -> str:
    """A percentage as typed (`5%`, `2.5%`; `2,5 %` in Spanish)."""
    text = f"{value:g}"
    code = lang.value if isinstance(lang, Language) else str(lang)
    return f"{text.replace('.', ',')} %" if code == "es" else f"{text}%"


def _pen(lang: Language | str) -> Callable[[float], str]:
    return lambda amount: format_pen(amount, lang)
