"""Tests for prioritizer.present.render.ranking: verbatim names, ties, languages, explanations."""

from __future__ import annotations

import numpy as np
import pytest
from rich.console import Console, RenderableType

from prioritizer.core.agreement import compare_rankings
from prioritizer.core.rank import rank_alternatives
from prioritizer.i18n import keys
from prioritizer.present.render.ranking import (
    render_agreement,
    render_ranking,
    render_topsis_explanation,
)
from prioritizer.results.ranking import Ranking

MATRIX = np.array([[9.0, 2.0], [5.0, 4.0], [5.0, 4.0], [1.0, 9.0]])
IDS = ["cafe", "alpaca", "alpaca-2", "markup"]
CRITERIA = ["quality", "cost"]
NAMES = {
    "cafe": "Café de altura — Ñuñoa",
    "alpaca": "Fibra de alpaca",
    "alpaca-2": "Fibra de alpaca (variante)",
    "markup": "[bold]Not bold[/bold] [red]",
}
CRITERION_NAMES = {"quality": "Calidad", "cost": "Costo [S/]"}


def text_of(renderable: RenderableType) -> str:
    console = Console(record=True, width=120, color_system=None)
    console.print(renderable)
    return console.export_text()


def ranking(method: str = "topsis") -> Ranking:
    return rank_alternatives(MATRIX, [0.6, 0.4], [1, -1], IDS, CRITERIA, method=method)


def test_names_print_verbatim() -> None:
    text = text_of(render_ranking(ranking(), lang="en", names=NAMES))
    assert "Café de altura — Ñuñoa" in text
    assert "[bold]Not bold[/bold] [red]" in text


def test_rows_follow_rank_with_tie_marker() -> None:
    result = ranking()
    lines = text_of(render_ranking(result, lang="en", names=NAMES)).splitlines()
    rows = [line for line in lines if any(name in line for name in NAMES.values())]
    assert [line.split()[0] for line in rows] == ["1", "2", "2", "4"]
    assert "Fibra de alpaca" in rows[1] and rows[1].rstrip().endswith("tied")
    assert rows[2].rstrip().endswith("tied") and not rows[0].rstrip().endswith("tied")
    assert "0.5000" in rows[1] or "0.5" in rows[1]
    assert "Ranking by TOPSIS (vector normalisation)" in lines[0]
    assert "A higher score is better." in "\n".join(lines)


def test_top_limits_rows_and_says_how_many_more() -> None:
    text = text_of(render_ranking(ranking(), lang="en", names=NAMES, top=2))
    assert "Café de altura" in text and "[bold]Not bold" not in text
    assert "… and 2 more." in text


def test_spanish_labels_and_decimal_comma() -> None:
    result = ranking("vikor")
    text = text_of(render_ranking(result, lang="es", names=NAMES))
    assert "Clasificación según VIKOR" in text
    assert "Un puntaje más bajo es mejor." in text
    assert "empatada" in text
    assert f"{result.scores[1]:.4f}".replace(".", ",") in text


def test_missing_names_fall_back_to_ids() -> None:
    text = text_of(render_ranking(ranking(), lang="en", names={}))
    assert "alpaca-2" in text and "markup" in text


def test_diagnostics_are_listed_under_notes() -> None:
    result = rank_alternatives(
        [[1.0, 3.0], [2.0, 3.0]], [0.5, 0.5], [1, 1], ["a", "b"], ["x", "[y]"]
    )
    text = text_of(render_ranking(result, lang="es", names={}))
    assert "Notas" in text
    assert "El criterio '[y]' tiene el mismo valor para todas las alternativas" in " ".join(
        text.split()
    )


def test_topsis_explanation_shows_distances_and_drivers() -> None:
    result = ranking()
    text = text_of(
        render_topsis_explanation(
            result, lang="en", names=NAMES, criterion_names=CRITERION_NAMES, k=2
        )
    )
    d_ideal = result.intermediates["distance_ideal"]
    d_anti = result.intermediates["distance_anti_ideal"]
    assert f"{d_ideal[0]:.4f}" in text and f"{d_anti[3]:.4f}" in text
    assert "d+ = distance to the ideal" in text
    # The best alternative is best on both criteria: both pull it towards the ideal.
    cafe = next(line for line in text.splitlines() if "Café" in line)
    assert "+Calidad" in cafe or "+Costo [S/]" in cafe
    assert "[bold]Not bold[/bold]" in text
    assert "Costo [S/]" in text


def test_topsis_explanation_of_a_lone_alternative() -> None:
    lone = rank_alternatives([[1.0, 2.0]], [1, 1], [1, -1], ["cafe"], CRITERIA)
    line = next(
        r
        for r in text_of(render_topsis_explanation(lone, lang="es", names=NAMES)).splitlines()
        if "Café" in r
    )
    assert line.split()[0] == "1"
    assert "0,5000" in line and line.rstrip().endswith("ninguno")


def test_topsis_explanation_in_spanish() -> None:
    text = text_of(render_topsis_explanation(ranking(), lang="es", names=NAMES))
    assert "Por qué TOPSIS las ordena así" in text
    assert "d+ = distancia al ideal" in text


def test_topsis_explanation_refuses_other_methods() -> None:
    with pytest.raises(ValueError, match="needs a TOPSIS ranking"):
        render_topsis_explanation(ranking("ahp"), lang="en", names=NAMES)


def test_agreement_tables() -> None:
    agreement = compare_rankings([ranking("topsis"), ranking("ahp"), ranking("spotis")])
    text = text_of(render_agreement(agreement, lang="en"))
    assert "Agreement between methods" in text
    assert "Weighted Spearman correlation (r_w)" in text
    assert "WS rank similarity" in text
    assert "AHP synthesis (distributive mode)" in text
    assert "SPOTIS" in text
    assert f"{agreement.weighted_spearman[0, 1]:.3f}" in text
    spanish = text_of(render_agreement(agreement, lang="es"))
    assert "Concordancia entre métodos" in spanish
    assert "síntesis AHP (modo distributivo)" in spanish


def test_renderers_do_not_print(capsys: pytest.CaptureFixture[str]) -> None:
    result = ranking()
    render_ranking(result, lang="en", names=NAMES)
    render_topsis_explanation(result, lang="en", names=NAMES)
    render_agreement(compare_rankings([result, ranking("ahp")]), lang="en")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_ranking_strings_exist_in_both_languages() -> None:
    english = {key for key in keys("en") if key.startswith("ranking.")}
    spanish = {key for key in keys("es") if key.startswith("ranking.")}
    assert english == spanish
    assert "ranking.title" in english
