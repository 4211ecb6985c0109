"""The side-by-side views: alternatives and the stakeholder groups' portfolios, at every width,
in both languages, with names shown verbatim."""

from __future__ import annotations

import pytest
from rich.console import Console, RenderableType

from prioritizer.core.portfolio.alternatives import rank_portfolios
from prioritizer.i18n import keys
from prioritizer.present.render.alternatives import render_alternatives, render_by_group
from prioritizer.results.alternatives import GroupPerspectives, GroupPortfolio
from prioritizer.results.portfolio_problem import PortfolioProblem

NAMES = {"a": "Café [bold]a[/bold]", "b": "Bee", "c": "Sea", "d": "Dee", "e": "Eee"}


def text_of(renderable: RenderableType, width: int = 120) -> str:
    console = Console(record=True, width=width, color_system=None)
    console.print(renderable)
    return console.export_text()


def problem() -> PortfolioProblem:
    return PortfolioProblem.build(
        ids=list(NAMES),
        names=list(NAMES.values()),
        costs_pen=[400_000, 250_000, 300_000, 150_000, 1_234_567],
        values=[0.9, 0.5, 0.6, 0.3, 0.2],
        budget_pen=1_000_000,
    )


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_every_alternative_and_figure_shows_at_every_width(width: int) -> None:
    result = rank_portfolios(problem(), count=5)
    out = text_of(render_alternatives(result, lang="en", names=NAMES), width)
    assert all(f"#{k}" in out for k in range(1, 6))
    assert "Café" in out
    for a in result.alternatives:
        assert f"S/ {a.total_cost_pen:,}" in out
        assert f"S/ {a.leftover_pen:,}" in out
    assert max(len(line) for line in out.splitlines()) <= width


def test_the_figures_are_the_alternatives() -> None:
    """{a, b, c} (S/ 950,000, worth 2.0) is best; {a, c, d} (S/ 850,000, 1.8) is 10 % below."""
    result = rank_portfolios(problem(), count=3)
    second = result.alternatives[1]
    assert second.selected == ("a", "c", "d") and abs(second.objective - 1.8) < 1e-9
    out = text_of(render_alternatives(result, lang="en", names=NAMES))
    assert "2.000" in out and "1.800" in out and "−10.00%" in out
    assert "S/ 950,000" in out and "S/ 150,000" in out
    assert "Funded by every alternative (1): Café [bold]a[/bold]." in out
    spanish = text_of(render_alternatives(result, lang="es", names=NAMES))
    assert "S/ 950.000" in spanish and "−10,00 %" in spanish and "1,800" in spanish


def test_a_search_cut_short_says_so() -> None:
    result = rank_portfolios(problem(), within_pct=100, limit=3)
    out = text_of(render_alternatives(result, lang="en", names=NAMES))
    assert "More than 3 portfolios lie within 100% of the best; the 3 best are shown." in out
    spanish = text_of(render_alternatives(result, lang="es", names=NAMES))
    assert "Hay más de 3 carteras a menos de 100 % de la mejor" in spanish


def perspectives() -> GroupPerspectives:
    def group(name: str, selected: tuple[str, ...], under: float, own: float) -> GroupPortfolio:
        return GroupPortfolio(
            group=name,
            stakeholders=(f"{name}-1",),
            weights=(0.5, 0.25, 0.25),
            values=(0.9, 0.5, 0.6, 0.3, 0.2),
            selected=selected,
            objective=2.0,
            total_cost_pen=950_000,
            status="optimal",
            solver="DP",
            adds=tuple(p for p in selected if p not in ("a", "b", "c")),
            drops=tuple(p for p in ("a", "b", "c") if p not in selected),
            value_under_common=under,
            common_under_own=own,
            common_objective=2.0,
        )

    return GroupPerspectives(
        region="cusco",
        method="topsis",
        budget_pen=1_000_000,
        criteria=("specialization", "diversification", "global-context"),
        ids=tuple(NAMES),
        common_weights=(0.4, 0.3, 0.3),
        common_selected=("a", "b", "c"),
        common_objective=2.0,
        common_total_cost_pen=950_000,
        groups=(
            group("government", ("a", "b", "c"), 2.0, 2.0),
            group("business", ("a", "c", "d"), 1.8, 1.9),
            group("guild-of-weavers", ("a", "b", "c"), 2.0, 2.0),
        ),
    )


def test_by_group_shows_who_would_change_what() -> None:
    out = text_of(render_by_group(perspectives(), lang="en", names=NAMES))
    assert "Whose portfolio is this?" in out and "TOPSIS" in out
    assert "Government" in out and "Business" in out and "guild-of-weavers" in out
    assert "Would fund the same portfolio as all stakeholders together: Government," in out
    flat = " ".join(out.split())
    assert "Business: would add Dee; would drop Bee." in flat
    assert "Its portfolio keeps 90.0% of the common value" in flat
    assert "the common portfolio gives it 95.0% of its own best" in flat
    assert "Funded under every group's weights (2): Café [bold]a[/bold]; Sea." in flat
    spanish = " ".join(text_of(render_by_group(perspectives(), lang="es", names=NAMES)).split())
    assert "Empresas: añadiría Dee; quitaría Bee." in spanish and "90,0 %" in spanish


def test_both_languages_define_the_same_keys() -> None:
    prefixes = ("alternatives.", "by_group.", "stakeholder_group.", "progress.")
    english = {k for k in keys("en") if k.startswith(prefixes)}
    spanish = {k for k in keys("es") if k.startswith(prefixes)}
    assert english == spanish and "progress.alternatives" in english


def test_a_tie_with_the_best_is_called_a_tie() -> None:
    tied = PortfolioProblem.build(ids=["a", "b"], costs_pen=[1, 1], values=[0.1, 0.1], budget_pen=1)
    result = rank_portfolios(tied, count=2)
    assert result.alternatives[1].value_gap == 0.0
    assert "tied" in text_of(render_alternatives(result, lang="en", names={}))
    assert "empate" in text_of(render_alternatives(result, lang="es", names={}))
