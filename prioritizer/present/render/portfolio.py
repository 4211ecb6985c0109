"""Rich renderables for portfolios, budget frontiers and infeasible problems.

Renderers never print. Every name and sentence goes in as `rich.text.Text`, so accents and
text such as ``[bold]`` in a project name show verbatim instead of being read as markup.
Money columns never wrap: a planner must see S/ 1,234,567 whole.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from prioritizer.errors import InfeasiblePortfolio
from prioritizer.errors.portfolio import infeasible_to_dict, rule_text
from prioritizer.i18n import Language, t
from prioritizer.phrases import show
from prioritizer.present.explain.portfolio import reason_text
from prioritizer.present.render.common import format_number, format_pen, format_share, new_table
from prioritizer.results.frontier import Frontier, FrontierPoint
from prioritizer.results.portfolio import Portfolio, ProjectReason

__all__ = ["describe_reason", "render_frontier", "render_infeasible", "render_portfolio"]

_DIGITS = 3
_FRONTIER_BAR = 12
_FRONTIER_ROWS = 60
"""Most frontier rows a terminal table shows (see `_shown_points`)."""
_BAR_WIDTH = 24


def describe_reason(
    reason: ProjectReason, *, lang: Language | str, names: Mapping[str, str]
) -> str:
    """One project's reason as a sentence in `lang` (for tables and for `Portfolio.to_dict`)."""
    return reason_text(reason, lang=lang, names=names, pen=_pen(lang), number=_number(lang))


def render_portfolio(
    portfolio: Portfolio, *, lang: Language | str, names: Mapping[str, str]
) -> RenderableType:
    """Every project (chosen first) with cost, value and why, then spend, binding rules and the
    approximate marginal value of the budget.
    """
    labels = {r.id: r.name for r in portfolio.reasons} | dict(names)
    title = t("portfolio.title", lang, count=len(portfolio.selected), total=len(portfolio.reasons))
    table = new_table()
    table.title = Text(title)
    table.add_column(t("portfolio.col_in", lang), no_wrap=True)
    table.add_column(t("portfolio.col_project", lang), ratio=2, overflow="fold")
    table.add_column(t("portfolio.col_cost", lang), justify="right", no_wrap=True)
    table.add_column(t("portfolio.col_value", lang), justify="right", no_wrap=True)
    table.add_column(t("portfolio.col_why", lang), ratio=5, overflow="fold")
    ordered = sorted(portfolio.reasons, key=lambda r: not r.selected)
    blocks: list[RenderableType] = [Text(title, style="bold")]
    for reason in ordered:
        mark = t("portfolio.mark_in" if reason.selected else "portfolio.mark_out", lang)
        name = labels.get(reason.id, reason.id)
        cost = format_pen(reason.cost_pen, lang)
        value = format_number(reason.value, _DIGITS, lang)
        why = describe_reason(reason, lang=lang, names=labels)
        table.add_row(mark, Text(name), cost, value, Text(why))
        heading = Text(f"{mark}  ")
        heading.append(name, style="bold")
        heading.append(f"\n{cost} · {value}")
        blocks += [heading, Text(why), Text("")]
    return Group(_ByWidth(table, Group(*blocks)), *_summary(portfolio, lang, labels))


class _ByWidth:
    """The table where the terminal has room for it, else one block per project (name, cost
    and value, then why), so that a narrow terminal never squeezes a column to nothing."""

    NARROW = 60

    def __init__(self, wide: RenderableType, narrow: RenderableType) -> None:
        self.wide, self.narrow = wide, narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.narrow if options.max_width < self.NARROW else self.wide


def _summary(portfolio: Portfolio, lang: Language | str, labels: Mapping[str, str]) -> list[Text]:
    pen = _pen(lang)
    lines = [
        t(
            "portfolio.summary_spend",
            lang,
            spend=pen(portfolio.total_cost_pen),
            budget=pen(portfolio.budget_pen),
            left=pen(portfolio.leftover_pen),
        )
    ]
    if portfolio.binding:
        rules = "; ".join(
            rule_text(b.rule, lang=lang, names=labels, pen=pen, share=_share(lang))
            for b in portfolio.binding
        )
        lines.append(t("portfolio.summary_binding", lang, rules=rules))
    else:
        lines.append(t("portfolio.summary_binding_none", lang))
    marginal = portfolio.marginal_value_per_pen
    if marginal is None:
        lines.append(t("portfolio.summary_marginal_none", lang))
    else:
        lines.append(
            t(
                "portfolio.summary_marginal",
                lang,
                per10k=format_number(10_000 * marginal, _DIGITS, lang),
                unit=pen(10_000),
            )
        )
    engine = t("portfolio.engine_dp", lang) if portfolio.solver == "DP" else portfolio.solver
    if portfolio.status == "optimal":
        lines.append(t("portfolio.status_optimal", lang, solver=engine))
    elif portfolio.gap is None:
        lines.append(t("portfolio.status_best_found_unknown_gap", lang, solver=engine))
    else:
        gap = format_share(portfolio.gap, lang, 2)
        lines.append(t("portfolio.status_best_found", lang, solver=engine, gap=gap))
    lines += [t("portfolio.note", lang, text=show(note, lang)) for note in portfolio.diagnostics]
    return [Text(line) for line in lines]


def render_frontier(
    frontier: Frontier, *, lang: Language | str, names: Mapping[str, str] | None = None
) -> RenderableType:
    """A row per budget: value, a bar scaled to the best value, and the projects that enter (+)
    and leave (−) the best portfolio there; one changes column keeps it readable in 80 columns."""
    labels = dict(names or {})
    table = new_table()
    table.title = Text(t("portfolio.frontier_title", lang))
    table.add_column(t("portfolio.frontier_col_budget", lang), justify="right", no_wrap=True)
    table.add_column(t("portfolio.frontier_col_value", lang), justify="right", no_wrap=True)
    table.add_column(t("portfolio.frontier_col_bar", lang), no_wrap=True)
    table.add_column(t("portfolio.frontier_col_changes", lang), ratio=1, overflow="fold")
    top = max((p.objective for p in frontier.points), default=0.0)
    shown = _shown_points(frontier)
    previous: tuple[str, ...] = ()
    for point in shown:
        was, now = set(previous), set(point.selected)
        added = [p for p in point.selected if p not in was]
        removed = [p for p in previous if p not in now]
        previous = point.selected
        filled = 0 if top <= 0 else round(_FRONTIER_BAR * point.objective / top)
        changes = Text()
        for sign, projects, style in (("+", added, "green"), ("−", removed, "red")):
            for project in projects:
                changes.append(
                    ("\n" if changes else "") + f"{sign} {labels.get(project, project)}",
                    style=style,
                )
        table.add_row(
            format_pen(point.budget_pen, lang),
            format_number(point.objective, _DIGITS, lang),
            "█" * filled,
            changes,
        )
    method = f"portfolio.frontier_method_{frontier.method}"
    lines = [t(method, lang)]
    if len(shown) < len(frontier.points):  # a staircase too long to read: said instead
        total = format_number(len(frontier.points), 0, lang)
        lines = [t("portfolio.frontier_condensed", lang, total=total, shown=len(shown))]
    if not frontier.points:
        lines.append(t("portfolio.frontier_empty", lang))
    if frontier.infeasible_below_pen:
        lines.append(
            t(
                "portfolio.frontier_infeasible_below",
                lang,
                budget=format_pen(frontier.infeasible_below_pen, lang),
            )
        )
    if frontier.skipped_budgets_pen:
        budgets = ", ".join(format_pen(b, lang) for b in frontier.skipped_budgets_pen)
        lines.append(t("portfolio.frontier_skipped", lang, budgets=budgets))
    lines += [t("portfolio.note", lang, text=show(note, lang)) for note in frontier.diagnostics]
    return Group(table, *(Text(line) for line in lines))


def _shown_points(frontier: Frontier) -> tuple[FrontierPoint, ...]:
    """Every point (all the evenly spaced budgets asked for, or a short staircase), or past
    `_FRONTIER_ROWS` breakpoints the one in force at each of that many evenly spaced budgets
    from the first to the last (both kept): thousands of steps stay a table a person reads."""
    points = frontier.points
    if frontier.method != "breakpoints" or len(points) <= _FRONTIER_ROWS:
        return points
    budgets = [p.budget_pen for p in points]
    low, high, last = budgets[0], budgets[-1], _FRONTIER_ROWS - 1
    targets = (low + (high - low) * k / last for k in range(_FRONTIER_ROWS))
    at = sorted(
        {max(0, bisect_right(budgets, target) - 1) for target in targets} | {len(points) - 1}
    )
    return tuple(points[i] for i in at)


def render_infeasible(
    error: InfeasiblePortfolio,
    *,
    lang: Language | str,
    names: Mapping[str, str] | None = None,
) -> RenderableType:
    """Why no portfolio fits, cause by cause in `lang` (groups and gaps by their `names`), and
    the smallest budget increase."""
    body = str(infeasible_to_dict(error, str(lang), names)["explanation"])
    if error.shortfall_pen is not None:
        tail = t(
            "portfolio.infeasible_shortfall", lang, shortfall=format_pen(error.shortfall_pen, lang)
        )
    else:
        tail = t("portfolio.infeasible_no_budget_helps", lang)
    title = Text(t("portfolio.infeasible_title", lang), style="bold")
    return Group(title, Text(body), Text(tail))


def _pen(lang: Language | str) -> Callable[[float], str]:
    return lambda amount: format_pen(amount, lang)


def _number(lang: Language | str) -> Callable[[float], str]:
    return lambda value: format_number(value, _DIGITS, lang)


def _share(lang: Language | str) -> Callable[[float], str]:
    return lambda value: format_share(value, lang)
