"""Tests of prioritizer.render.weights: text of the AHP and stakeholder-group views, EN and ES."""

from __future__ import annotations

import numpy as np
import pytest
from rich.console import Console, RenderableType

from prioritizer.i18n import keys, t
from prioritizer.render.weights import format_ratio, render_ahp_weights, render_weight_set
from prioritizer.results.weights import Aggregation, WeightSet
from prioritizer.weigh import StakeholderInput, aggregate_weights, ahp_weights

RI = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12}
IDS = ["A", "B", "C"]
SIZE = [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]]
CONDITION = [[1, 1 / 2, 1 / 2], [2, 1, 1], [2, 1, 1]]


def _text(renderable: RenderableType) -> str:
    console = Console(record=True, width=120, color_system=None)
    console.print(renderable)
    return console.export_text()


def _group(method: Aggregation) -> WeightSet:
    people = [
        StakeholderInput("ana", "Ana Quispe", 2.0, matrix=SIZE),
        StakeholderInput("luis", "Luis Mamani", 1.0, matrix=CONDITION),
        StakeholderInput("rosa", "Rosa Huamán", 1.0, points={"A": 50, "B": 30, "C": 20}),
    ]
    return aggregate_weights(people, IDS, method=method, random_index=RI)


def test_consistent_matrix_in_english() -> None:
    text = _text(render_ahp_weights(ahp_weights(CONDITION, IDS, random_index=RI), lang="en"))
    assert "Weights from pairwise comparisons" in text
    assert "20.0%" in text and "40.0%" in text
    assert "λmax = 3.000   CI = 0.000   CR = 0.000 (acceptable up to 0.10)" in text
    assert "The judgments are consistent enough (CR ≤ 0.10)." in text
    assert "Most inconsistent" not in text


def test_inconsistent_matrix_names_the_judgment_to_revise() -> None:
    result = ahp_weights(SIZE, IDS, random_index=RI)
    text = _text(render_ahp_weights(result, lang="en", names={"A": "House A", "B": "House B"}))
    assert "House A" in text and "75.4%" in text and "6.5%" in text
    assert "CR = 0.117" in text
    assert "too inconsistent (CR = 0.117 > 0.10)" in text
    assert (
        "Most inconsistent judgment: House A over House B = 6. Consistent with the other "
        "judgments: 4.16 (nearest Saaty value: 4)." in " ".join(text.split())
    )


def test_bars_are_proportional_to_the_largest_weight() -> None:
    lines = _text(render_ahp_weights(ahp_weights(CONDITION, IDS, random_index=RI))).splitlines()
    bars = {line.split()[0]: line.count("█") for line in lines if "█" in line}
    assert bars == {"A": 10, "B": 20, "C": 20}


def test_spanish_uses_its_words_and_decimal_comma() -> None:
    text = _text(render_ahp_weights(ahp_weights(SIZE, IDS, random_index=RI), lang="es"))
    assert "Pesos a partir de comparaciones por pares" in text
    assert "75,4 %" in text
    assert "λmax = 3,136   IC = 0,068   RC = 0,117 (aceptable hasta 0,10)" in text
    assert "Juicio más inconsistente: A frente a B = 6" in text
    assert "4,16" in text


def test_weight_set_shows_every_stakeholder_and_the_group() -> None:
    result = _group(Aggregation.AIJ)
    assert result.consistency_ratio is not None
    group_cr = f"{result.consistency_ratio:.3f}"
    text = _text(render_weight_set(result, lang="en", names={"A": "House A"}))
    header = next(line for line in text.splitlines() if "Criterion" in line)
    assert header.split()[1:] == [
        "Ana",
        "Quispe",
        "Luis",
        "Mamani",
        "Rosa",
        "Huamán",
        "Group",
        "Spread",
        "(σ)",
    ]
    assert "House A" in text
    cr_row = next(line for line in text.splitlines() if "Consistency ratio (CR)" in line)
    assert cr_row.split()[3:] == ["0.117", "0.000", "—", group_cr]
    influence_row = next(line for line in text.splitlines() if "Influence" in line)
    assert influence_row.split()[1:] == ["50.0%", "25.0%", "25.0%"]
    assert "Distance to group" in text and "Compatibility S" in text
    assert f"geometric mean of the judgments (AIJ); group CR = {group_cr}." in text
    assert "Too inconsistent (CR > 0.10): Ana Quispe." in text


def test_weight_set_with_aip_has_no_group_cr() -> None:
    result = _group(Aggregation.AIP)
    text = _text(render_weight_set(result, lang="es"))
    cr_row = next(line for line in text.splitlines() if "Razón de consistencia (RC)" in line)
    assert cr_row.split()[-2:] == ["—", "—"]
    assert "Pesos del grupo: media de los pesos individuales (AIP)." in text
    assert "Grupo" in text and "Distancia al grupo" in text
    assert "Demasiado inconsistentes (RC > 0,10): Ana Quispe." in text


def test_weight_set_group_column_matches_the_result() -> None:
    result = _group(Aggregation.AIJ)
    text = _text(render_weight_set(result))
    for criterion, weight in zip(IDS, np.asarray(result.weights), strict=True):
        row = next(line for line in text.splitlines() if line.split()[:1] == [criterion])
        assert row.split()[-2] == f"{100 * weight:.1f}%"


@pytest.mark.parametrize(
    ("value", "en", "es"),
    [
        (5.0, "5", "5"),
        (1 / 3, "1/3", "1/3"),
        (2.5, "2.50", "2,50"),
        (1 / 17.07, "1/17.07", "1/17,07"),
    ],
)
def test_judgments_are_written_as_people_write_them(value: float, en: str, es: str) -> None:
    assert format_ratio(value, "en") == en
    assert format_ratio(value, "es") == es


def test_english_and_spanish_define_the_same_weight_strings() -> None:
    english = {key for key in keys("en") if key.startswith("weights.")}
    spanish = {key for key in keys("es") if key.startswith("weights.")}
    assert english == spanish
    assert len(english) >= 15
    for key in english - {"weights.not_applicable"}:
        assert t(key, "en") != t(key, "es")
