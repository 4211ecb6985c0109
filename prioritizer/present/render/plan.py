"""Rich renderables for a roadmap over years: the schedule as a Gantt-like table, who pays what
per pool and year, each pool's use per year, why each project starts when it does, what a
budget cut changes, and why no roadmap exists.

Renderers never print; names go in as `rich.text.Text` so that no name is read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from prioritizer.errors.plan import PlanInfeasible, cause_text
from prioritizer.i18n import Language, t
from prioritizer.present.explain.plan import plan_reason_text
from prioritizer.present.render.common import format_number, format_pen, format_share, new_table
from prioritizer.present.render.layout import whole_words
from prioritizer.results.plan import Plan, Replan

__all__ = ["PlanLabels", "describe_start", "render_plan", "render_plan_infeasible", "render_replan"]

_DIGITS = 3
_BAR = "█"


@dataclass(frozen=True, slots=True)
class PlanLabels:
    """Display names of a roadmap's projects, levels (by project and level id), pools, and
    the other ids its why-lines name (executing units, synergies)."""

    projects: Mapping[str, str]
    levels: Mapping[tuple[str, str], str]
    pools: Mapping[str, str]
    others: Mapping[str, str]

    def project(self, project_id: str) -> str:
        """The project's name, else its id."""
        return self.projects.get(project_id, project_id)

    def level(self, project_id: str, level: str | None) -> str:
        """The level's name, else its id ("" for none)."""
        return "" if level is None else self.levels.get((project_id, level), level)

    def pool(self, pool_id: str) -> str:
        """The pool's name, else its id."""
        return self.pools.get(pool_id, pool_id)


def _pen(lang: Language | str) -> Callable[[float], str]:
    return lambda amount: format_pen(amount, lang)


def _number(lang: Language | str) -> Callable[[float], str]:
    return lambda value: format_number(value, _DIGITS, lang)


def describe_start(plan: Plan, project: str, *, lang: Language | str, labels: PlanLabels) -> str:
    """Why `project` starts when it does (or is out), as sentences in `lang`."""
    reason = next(r for r in plan.reasons if r.project == project)
    own_levels = {level: name for (pid, level), name in labels.levels.items() if pid == project}
    named = dict(labels.others) | dict(labels.pools) | own_levels | dict(labels.projects)
    return plan_reason_text(
        reason,
        entry=plan.entry(project),
        lang=lang,
        names=named,
        pen=_pen(lang),
        number=_number(lang),
    )


def render_plan(
    plan: Plan, *, lang: Language | str, labels: PlanLabels, title: str
) -> RenderableType:
    """The schedule, who pays what, the pools' years and the why-lines, under `title`."""
    pen = _pen(lang)
    chosen = len(plan.scheduled)
    total = len(plan.reasons)
    status = t(f"roadmap.status.{plan.status}", lang, solver=plan.solver)
    heading = Text(title, style="bold")
    heading.append(
        "\n"
        + t(
            "roadmap.summary",
            lang,
            count=chosen,
            total=total,
            value=format_number(plan.value, _DIGITS, lang),
            spend=pen(sum(plan.spend_pen(year) for year in plan.years)),
            status=status,
        ),
        style="",
    )
    tables = (_gantt, _payers, _pools, _why)  # each whole-worded, or as blocks when narrow
    return Group(heading, *(whole_words(table(plan, lang, labels)) for table in tables))


def _by_year(
    title: str, plan: Plan, lang: Language | str, second: str, justify: JustifyMethod
) -> Table:
    """A table of projects with a second name column (`second`, a label key) and one column
    per year of the plan, each year's cells justified by `justify`."""
    table = new_table(title)
    table.add_column(t("roadmap.col.project", lang), ratio=3, overflow="fold")
    table.add_column(t(second, lang), ratio=2, overflow="fold")
    for year in plan.years:
        table.add_column(str(year), justify=justify, no_wrap=True)
    return table


def _gantt(plan: Plan, lang: Language | str, labels: PlanLabels) -> Table:
    """Projects by start year: the level, a bar over the years it runs, its spend and value."""
    table = _by_year(t("roadmap.schedule", lang), plan, lang, "roadmap.col.level", "center")
    table.add_column(t("roadmap.col.spend", lang), justify="right", no_wrap=True)
    table.add_column(t("roadmap.col.value", lang), justify="right", no_wrap=True)
    for entry in sorted(plan.scheduled, key=lambda e: e.start):
        bars = [
            Text(_BAR * 4, style="green") if entry.start <= year <= entry.end else Text("·")
            for year in plan.years
        ]
        name = Text(labels.project(entry.project))
        if entry.start < plan.years[0]:
            name.append(" " + t("roadmap.since", lang, year=entry.start), style="dim")
        table.add_row(
            name,
            Text(labels.level(entry.project, entry.level)),
            *bars,
            format_pen(sum(entry.spend_pen), lang),
            format_number(entry.value, _DIGITS, lang),
        )
    return table


def _payers(plan: Plan, lang: Language | str, labels: PlanLabels) -> Table:
    """Soles each pool pays towards each project, per year."""
    table = _by_year(t("roadmap.funding", lang), plan, lang, "roadmap.col.pool", "right")
    paid: dict[tuple[str, str], dict[int, int]] = {}
    for item in plan.funding:
        if item.amount_pen:
            row = paid.setdefault((item.project, item.pool), {})
            row[item.year] = row.get(item.year, 0) + item.amount_pen
    order = {entry.project: i for i, entry in enumerate(plan.scheduled)}
    for (project, pool), years in sorted(paid.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        table.add_row(
            Text(labels.project(project)),
            Text(labels.pool(pool)),
            *(format_pen(years[y], lang) if y in years else "·" for y in plan.years),
        )
    return table


def _pools(plan: Plan, lang: Language | str, labels: PlanLabels) -> Table:
    """Each pool's year: what it uses of what it has, and what is left or carried."""
    table = new_table(t("roadmap.pools", lang))
    table.add_column(t("roadmap.col.pool", lang), ratio=2, overflow="fold")
    for year in plan.years:
        table.add_column(str(year), justify="right", overflow="fold")
    by_pool: dict[str, dict[int, Text]] = {}
    for item in plan.pool_years:
        share = item.used_pen / item.available_pen if item.available_pen else 0.0
        cell = Text(
            t(
                "roadmap.pool_use",
                lang,
                used=format_pen(item.used_pen, lang),
                available=format_pen(item.available_pen, lang),
                share=format_share(share, lang, 0),
            )
        )
        if item.carried_pen:
            cell.append(
                "\n" + t("roadmap.carried", lang, amount=format_pen(item.carried_pen, lang))
            )
        by_pool.setdefault(item.pool, {})[item.year] = cell
    for pool, years in by_pool.items():
        table.add_row(Text(labels.pool(pool)), *(years.get(y, Text("·")) for y in plan.years))
    return table


def _why(plan: Plan, lang: Language | str, labels: PlanLabels) -> Table:
    """One line per candidate: when and why it starts, or why it is out."""
    table = new_table(t("roadmap.why", lang))
    table.add_column(t("roadmap.col.in", lang), no_wrap=True)
    table.add_column(t("roadmap.col.project", lang), ratio=2, overflow="fold")
    table.add_column(t("roadmap.col.why", lang), ratio=5, overflow="fold")
    for reason in sorted(plan.reasons, key=lambda r: not r.selected):
        mark = t("roadmap.mark_in" if reason.selected else "roadmap.mark_out", lang)
        why = describe_start(plan, reason.project, lang=lang, labels=labels)
        table.add_row(mark, Text(labels.project(reason.project)), Text(why))
    return table


def render_replan(
    replan: Replan,
    *,
    removed_pen: Mapping[int, int],
    lang: Language | str,
    labels: PlanLabels,
    title: str,
) -> RenderableType:
    """What the cuts take (per year, in soles), what is kept, what changes, and the new plan."""
    lines = Text(t("roadmap.cut.title", lang), style="bold")
    for cut in replan.cuts:
        where = t("roadmap.cut.all_pools", lang) if cut.pool is None else labels.pool(cut.pool)
        lines.append(
            "\n"
            + t(
                "roadmap.cut.line",
                lang,
                share=format_share(cut.share, lang, 0 if (100 * cut.share).is_integer() else 1),
                year=cut.year,
                pools=where,
            ),
            style="",
        )
    for year, amount in sorted(removed_pen.items()):
        lines.append(
            "\n" + t("roadmap.cut.removed", lang, year=year, amount=format_pen(amount, lang)),
            style="",
        )
    kept = ", ".join(labels.project(p) for p in replan.kept) or t("plan.nobody", lang)
    lines.append("\n" + t("roadmap.cut.kept", lang, projects=kept), style="")
    lines.append(
        "\n"
        + t("roadmap.cut.value_lost", lang, value=format_number(replan.value_lost, _DIGITS, lang)),
        style="",
    )
    changes = new_table(t("roadmap.cut.changes", lang))
    changes.add_column(t("roadmap.col.project", lang), ratio=3, overflow="fold")
    changes.add_column(t("roadmap.col.change", lang), no_wrap=True)
    changes.add_column(t("roadmap.col.before", lang), ratio=2, overflow="fold")
    changes.add_column(t("roadmap.col.after", lang), ratio=2, overflow="fold")

    def place(project: str, start: int | None, level: str | None) -> str:
        if start is None:
            return "—"
        return t("roadmap.cut.place", lang, year=start, level=labels.level(project, level))

    for change in replan.changes:
        changes.add_row(
            Text(labels.project(change.project)),
            t(f"roadmap.change.{change.kind}", lang),
            Text(place(change.project, change.old_start, change.old_level)),
            Text(place(change.project, change.new_start, change.new_level)),
        )
    if not replan.changes:
        changes.add_row(Text(t("roadmap.cut.no_change", lang)), "", "", "")
    return Group(lines, changes, render_plan(replan.plan, lang=lang, labels=labels, title=title))


def render_plan_infeasible(
    error: PlanInfeasible, *, lang: Language | str, labels: PlanLabels
) -> RenderableType:
    """Why no roadmap exists: one sentence per cause, per pool and year in soles."""
    text = Text(t("roadmap.infeasible", lang), style="bold")
    for cause in error.causes:
        sentence = cause_text(cause, lang=lang, names=labels.projects, pen=_pen(lang))
        text.append("\n• " + sentence, style="")
    return text
