"""Tests for prioritizer.present.render.portfolio: tables, reasons, summaries in English and
Spanish."""

from __future__ import annotations

import re

import pytest
from rich.console import Console, RenderableType

from prioritizer.core.portfolio import select_portfolio
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.errors.portfolio import PortfolioInfeasible
from prioritizer.i18n import keys
from prioritizer.phrases import phrase
from prioritizer.present.render.common import format_number, format_pen, format_share
from prioritizer.present.render.portfolio import (
    describe_reason,
    render_frontier,
    render_infeasible,
    render_portfolio,
)
from prioritizer.results.frontier import Frontier, FrontierPoint
from prioritizer.results.portfolio_problem import PortfolioProblem

NAMES = {
    "cafe": "Café – Puno (fase 1)",
    "markup": "[bold]Not bold[/bold] [red]",
    "alpaca": "Fibra de alpaca — Ñuñoa",
    "big": "Gran planta",
}


def text_of(renderable: RenderableType) -> str:
    console = Console(record=True, width=120, color_system=None)
    console.print(renderable)
    return console.export_text()


def problem() -> PortfolioProblem:
    return PortfolioProblem.build(
        ids=list(NAMES),
        names=list(NAMES.values()),
        costs_pen=[1_234_567, 250_000, 400_000, 2_000_000],
        values=[0.61, 0.3, 0.45, 0.9],
        budget_pen=2_000_000,
        excludes=[("alpaca", "markup")],
    )


def test_portfolio_table_in_english() -> None:
    result = select_portfolio(problem())
    assert result.selected == ("cafe", "alpaca")
    text = text_of(render_portfolio(result, lang="en", names=NAMES))
    assert "Portfolio: 2 of 4 projects chosen" in text
    assert "S/ 1,234,567" in text and "S/ 2,000,000" in text
    assert "[bold]Not bold[/bold] [red]" in text
    assert "Café – Puno (fase 1)" in text
    assert "Excluded by Fibra de alpaca — Ñuñoa, which is chosen." in " ".join(text.split())
    assert "Spends S/ 1,634,567 of S/ 2,000,000; S/ 365,433 left over." in text
    assert "approximate, from the LP relaxation" in " ".join(text.split())
    assert "Proven optimal (exact dynamic programming over the budget)." in text
    assert text.index("Café") < text.index("Gran planta")  # chosen projects first


def test_portfolio_table_in_spanish() -> None:
    result = select_portfolio(problem())
    text = " ".join(text_of(render_portfolio(result, lang="es", names=NAMES)).split())
    assert "Cartera: 2 de 4 proyectos elegidos" in text
    assert "S/ 1.234.567" in text
    assert "Gasta S/ 1.634.567 de S/ 2.000.000; sobran S/ 365.433." in text
    assert "Lo excluye Fibra de alpaca — Ñuñoa, que está elegido." in text
    assert "aproximación obtenida de la relajación lineal" in text
    assert "Óptimo demostrado (programación dinámica exacta sobre el presupuesto)." in text


def test_money_columns_never_wrap_in_a_narrow_console() -> None:
    result = select_portfolio(problem())
    console = Console(record=True, width=80, color_system=None)
    console.print(render_portfolio(result, lang="en", names=NAMES))
    text = console.export_text()
    assert "S/ 1,234,567" in text and "S/ 2,000,000" in text


@pytest.mark.parametrize("width", [30, 40, 59])
def test_a_narrow_console_gets_one_block_per_project(width: int) -> None:
    """Below 60 columns a table would squeeze names to nothing: each project is a block with
    its name, then cost and value on one line (money whole), then why; nothing wider."""
    result = select_portfolio(problem())
    console = Console(record=True, width=width, color_system=None)
    console.print(render_portfolio(result, lang="en", names=NAMES))
    text = console.export_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert any(line.startswith("S/ 1,234,567 · ") for line in lines)
    flat = " ".join(text.split())
    for name in NAMES.values():
        assert name in flat  # every name whole, markup characters verbatim


def test_reason_sentences_use_the_language_formats() -> None:
    result = select_portfolio(problem())
    big = result.reason("big")
    english = describe_reason(big, lang="en", names=NAMES)
    spanish = describe_reason(big, lang="es", names=NAMES)
    assert english.startswith("Costs S/ 2,000,000: S/ 1,634,567 more than the S/ 365,433 left.")
    assert spanish.startswith("Cuesta S/ 2.000.000: S/ 1.634.567 más de los S/ 365.433 que sobran.")
    described = result.to_dict(describe=lambda r: describe_reason(r, lang="en", names=NAMES))
    assert described["projects"][3]["reason"] == english


def test_formats_by_language() -> None:
    assert format_pen(1_234_567) == format_pen(1_234_567, "en") == "S/ 1,234,567"
    assert format_pen(1_234_567, "es") == "S/ 1.234.567"
    assert format_number(1234.5678) == "1,234.568"
    assert format_number(1234.5678, 3, "es") == "1.234,568"
    assert format_share(0.425) == "42.5%" and format_share(0.425, "es") == "42,5 %"


def test_frontier_table_with_bars_and_changes() -> None:
    frontier = Frontier(
        points=(
            FrontierPoint(250_000, 0.3, 250_000, ("markup",), ("markup",), (), "optimal"),
            FrontierPoint(1_234_567, 0.61, 1_234_567, ("cafe",), ("cafe",), ("markup",), "optimal"),
            FrontierPoint(
                1_484_567, 0.91, 1_484_567, ("cafe", "markup"), ("markup",), (), "optimal"
            ),
        ),
        method="breakpoints",
        infeasible_below_pen=250_000,
        skipped_budgets_pen=(),
        solver="CBC",
    )
    text = text_of(render_frontier(frontier, lang="en", names=NAMES))
    assert "S/ 1,484,567" in text
    lines = [line for line in text.splitlines() if "S/ 1,484,567" in line]
    assert "█" * 12 in lines[0] and "█" * 13 not in lines[0]
    assert "+ [bold]Not bold[/bold] [red]" in text
    row = next(line for line in text.splitlines() if "S/ 1,234,567" in line)
    following = text.splitlines()[text.splitlines().index(row) + 1]
    assert "−" in row + following
    assert "No portfolio meets the rules below S/ 250,000." in text
    spanish = text_of(render_frontier(frontier, lang="es"))
    assert "Entra (+)" in spanish and "S/ 1.484.567" in spanish and "markup" in spanish


def test_a_staircase_of_hundreds_of_steps_is_shown_as_sixty_rows_with_their_changes() -> None:
    """500 steps, each swapping one project in (p{k}) and the one before out: the table shows
    at most 60 rows, the first and the last among them, and each row's changes are against
    the row above it (a project in and out between two shown rows is not listed)."""
    points = tuple(
        FrontierPoint(
            1_000 * (k + 1),
            0.01 * (k + 1),
            1_000 * (k + 1),
            ("base", f"p{k}"),
            (f"p{k}",),
            (f"p{k - 1}",) if k else (),
            "optimal",
        )
        for k in range(500)
    )
    frontier = Frontier(points, "breakpoints", 1_000, (), "DP")
    text = text_of(render_frontier(frontier, lang="en"))
    budgets = [line.split()[1] for line in text.splitlines() if line.strip().startswith("S/")]
    assert 50 <= len(budgets) <= 60
    assert budgets[0] == "1,000" and budgets[-1] == "500,000"
    assert "500 budgets at which the best value rises: the table shows" in " ".join(text.split())
    assert "One row per budget" not in text
    shown = [int(b.replace(",", "")) // 1_000 - 1 for b in budgets]
    listed = set(re.findall(r"\bp\d+\b", text))
    assert listed == {f"p{k}" for k in shown}  # the in-betweens never appear
    spanish = " ".join(text_of(render_frontier(frontier, lang="es")).split())
    assert "500 presupuestos en que sube el mejor valor" in spanish
    few = text_of(render_frontier(Frontier(points[:60], "breakpoints", 1_000, (), "DP"), lang="en"))
    assert "One row per budget" in few and "the table shows" not in few
    asked = text_of(render_frontier(Frontier(points[:100], "even", 1_000, (), "DP"), lang="en"))
    assert "the table shows" not in asked  # --points 100: the hundred points asked for
    assert "S/ 100,000" in asked and "S/ 37,000" in asked


def test_infeasible_problem_explained_in_both_languages() -> None:
    broke = PortfolioProblem.build(
        ids=["a", "b"],
        names=["Café [bold]", "Alpaca"],
        costs_pen=[300_000, 180_000],
        budget_pen=400_000,
        mandatory=["a", "b"],
    )
    with pytest.raises(PortfolioInfeasible) as caught:
        select_portfolio(broke)
    english = " ".join(text_of(render_infeasible(caught.value, lang="en")).split())
    assert "No portfolio meets every requirement" in english
    assert (
        "The mandatory projects (Café [bold], Alpaca) cost S/ 480,000; the budget is "
        "S/ 400,000, short by S/ 80,000." in english
    )
    assert "The smallest budget increase that makes it feasible: S/ 80,000." in english
    spanish = " ".join(text_of(render_infeasible(caught.value, lang="es")).split())
    assert (
        "Los proyectos obligatorios (Café [bold], Alpaca) cuestan S/ 480.000; el presupuesto "
        "es de S/ 400.000, faltan S/ 80.000." in spanish
    )
    assert caught.value.message("es") == (
        "Los proyectos obligatorios (Café [bold], Alpaca) cuestan S/ 480.000; el presupuesto "
        "es de S/ 400.000, faltan S/ 80.000."
    )
    plain = InfeasiblePortfolio(phrase("nothing"), shortfall_pen=None)
    assert "a rule has to change" in text_of(render_infeasible(plain, lang="en"))


def test_best_found_status_shows_the_gap() -> None:
    result = select_portfolio(problem())
    stopped = type(result)(
        **{
            **{f: getattr(result, f) for f in result.__dataclass_fields__},
            "status": "best_found",
            "gap": 0.0123,
            "solver": "HiGHS",
        },
    )
    text = " ".join(text_of(render_portfolio(stopped, lang="en", names=NAMES)).split())
    assert "Best found within the time limit (HiGHS); may be up to 1.23% below" in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_portfolio_key_exists_in_both_languages(lang: str) -> None:
    ours = {key for key in keys(lang) if key.startswith("portfolio.")}
    other = {key for key in keys("es" if lang == "en" else "en") if key.startswith("portfolio.")}
    assert ours == other and len(ours) > 60
