"""How a region's decision matrix is built (`rank --explain`): each gap's part in each score."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import t
from prioritizer.phrases import Phrase, show
from prioritizer.present.render.common import format_number, format_pen, format_share, new_table
from prioritizer.results.problem import DecisionProblem


def render_problem(
    problem: DecisionProblem,
    *,
    lang: str,
    names: Mapping[str, str],
    drivers: Mapping[str, list[tuple[str, float]]],
) -> RenderableType:
    """The matrix X_r, the gaps that drive each alternative, and where each number comes from."""
    table = new_table(t("problem.title", lang, region=names.get(problem.region, problem.region)))
    table.add_column(t("problem.alternative", lang), ratio=1)
    for criterion in problem.criteria:
        table.add_column(names.get(criterion, criterion), justify="right", no_wrap=True)
    for a, alternative in enumerate(problem.ids):
        cell = Text(problem.names[a])
        top = drivers.get(alternative, [])
        if top:
            listing = ", ".join(
                f"{names.get(g, g)} {format_share(share, lang, 0)}" for g, share in top
            )
            cell.append("\n  " + t("problem.drivers", lang, gaps=listing), style="dim")
        values = [
            format_pen(v, lang) if problem.types[j] < 0 else format_number(float(v), 0, lang)
            for j, v in enumerate(problem.matrix[a])
        ]
        table.add_row(cell, *values)
    notes = [Text(t("problem.formula", lang), style="dim")]
    notes += [
        Text(f"• {show(_named(source, names), lang)}", style="dim") for source in problem.sources
    ]
    return Group(table, *notes)


def _named(source: str, names: Mapping[str, str]) -> str:
    """A source phrase whose `name` (an id) is shown by its name."""
    if not isinstance(source, Phrase) or "name" not in source.values:
        return source
    named = str(source.values["name"])
    return source.with_values(name=names.get(named, named))
