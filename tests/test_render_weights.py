"""Tests of prioritizer.present.render.weights: text of the AHP and stakeholder-group views, EN
and ES."""

from __future__ import annotations

import numpy as np
import pytest
from rich.console import Console, RenderableType

from prioritizer.core.weigh import StakeholderInput, aggregate_weights, ahp_weights
from prioritizer.i18n import keys, t
from prioritizer.present.render.weights import format_ratio, render_ahp_weights, render_weight_set
from prioritizer.results.weights import Aggregation, WeightSet

RI = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12}
IDS = ["A", "B", "C"]
SIZE = [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]]
CONDITION = [[1, 1 / 2, 1 / 2], [2, 1, 1], [2, 1, 1]]


def _text(renderable: RenderableType, width: int = 120) -> str:
    console = Console(record=True, width=width, color_system=None)
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


def _row(text: str, label: str) -> list[str]:
    return next(line for line in text.splitlines() if line.strip().startswith(label)).split()


def test_weight_set_shows_every_stakeholder_and_the_group() -> None:
    result = _group(Aggregation.AIJ)
    assert result.consistency_ratio is not None
    group_cr = f"{result.consistency_ratio:.3f}"
    text = _text(render_weight_set(result, lang="en", names={"A": "House A"}))
    header = _row(text, "Stakeholder")
    assert header == ["Stakeholder", "House", "A", "B", "C", "CR", "Dist."]
    ana = next(s for s in result.stakeholders if s.id == "ana")
    assert _row(text, "Ana Quispe")[2:] == [
        *(f"{100 * w:.1f}%" for w in ana.weights),
        "0.117",
        f"{ana.distance:.3f}",
    ]
    assert "influence 50.0%" in text
    assert _row(text, "Rosa Huamán")[-2] == "—"
    assert _row(text, "Group")[-1] == group_cr
    flat = " ".join(text.split())
    assert "Dist. = distance" in flat and "compatibility index S" in flat
    assert f"geometric mean of the judgments (AIJ); group CR = {group_cr}." in text
    assert "Too inconsistent (CR > 0.10): Ana Quispe." in text


def test_weight_set_with_aip_has_no_group_cr() -> None:
    result = _group(Aggregation.AIP)
    text = _text(render_weight_set(result, lang="es"))
    assert _row(text, "Grupo")[-1] == "—"
    assert _row(text, "Rosa Huamán")[-2] == "—"
    assert "Pesos del grupo: media de los pesos individuales (AIP)." in text
    assert "RC = razón de consistencia" in text
    assert "Demasiado inconsistentes (RC > 0,10): Ana Quispe." in text


def test_weight_set_group_column_matches_the_result() -> None:
    result = _group(Aggregation.AIJ)
    text = _text(render_weight_set(result))
    assert _row(text, "Group")[1:4] == [f"{100 * w:.1f}%" for w in np.asarray(result.weights)]


def _words(text: str) -> set[str]:
    return {w for line in text.splitlines() for w in line.split() if set(w) - set("━")}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_weight_set_cuts_no_word_at_any_width(lang: str) -> None:
    result = _group(Aggregation.AIJ)
    names = {"A": "Specialization", "B": "Diversification", "C": "Global context"}
    wide = _text(render_weight_set(result, lang=lang, names=names), 400)
    assert "Specialization" in wide.split("━")[0]  # a table there: in the headers
    for width in (50, 60, 80, 100):
        text = _text(render_weight_set(result, lang=lang, names=names), width).replace("\xa0", " ")
        assert max(len(line) for line in text.splitlines()) <= width
        assert _words(text) - _words(wide) <= {"·"}, width
        for person in result.stakeholders:
            shares = [f"{100 * w:.1f}" for w in person.weights]
            figures = [s.replace(".", ",") + " %" if lang == "es" else s + "%" for s in shares]
            assert all(figure in text for figure in figures), width


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
    for key in english - {"weights.not_applicable", "weights.distance_short"}:
        assert t(key, "en") != t(key, "es")
