"""Tests for prioritizer.present.render.robustness: acceptability bars, stability, core-index
groups."""

from __future__ import annotations

import re

import numpy as np
import pytest
from rich.console import Console, RenderableType

from prioritizer.i18n import keys
from prioritizer.present.render.robustness import (
    render_acceptability,
    render_core_index,
    render_stability,
)
from prioritizer.present.render.smaa import render_smaa_indices
from prioritizer.results.ranking import Method
from prioritizer.results.robustness import (
    Acceptability,
    CoreIndex,
    CoreMethod,
    RobustnessReport,
    Sampler,
    SamplerSpec,
    StabilityInterval,
    StabilitySubject,
)

IDS = ("cafe", "alpaca", "markup", "tour")
NAMES = {
    "cafe": "Café de altura — Ñuñoa",
    "alpaca": "Fibra de alpaca",
    "markup": "[bold]Not bold[/bold] [red]",
    "tour": "Ruta del café",
}
CRITERIA = ("specialization", "cost")
SHARES = np.array(
    [
        [0.5, 0.3, 0.2, 0.0],
        [0.1, 0.2, 0.3, 0.4],
        [0.0, 0.0, 0.35, 0.65],
        [0.4, 0.5, 0.1, 0.0],
    ]
)


def text_of(renderable: RenderableType, width: int = 160) -> str:
    console = Console(record=True, width=width, color_system=None)
    console.print(renderable)
    return console.export_text().replace("\xa0", " ")


def report(*, ties: int = 0, with_core: bool = True) -> RobustnessReport:
    acceptability = Acceptability(
        ids=IDS,
        criteria=CRITERIA,
        method=Method.TOPSIS,
        variant="vector",
        samples=10_000,
        shares=SHARES,
        central_weights=np.array([[0.6, 0.4], [0.2, 0.8], [0.0, 0.0], [0.5, 0.5]]),
        confidence=np.array([1.0, 1.0, 0.0, 1.0]),
        tied_samples=ties,
        chunk_size=4096,
        vectorised=True,
    )
    stability = (
        StabilityInterval(
            "specialization",
            StabilitySubject.TOP,
            0.6,
            0.4125,
            1.0,
            ("cafe", "tour", "alpaca"),
            ("tour", "cafe", "alpaca"),
            None,
            1e-6,
        ),
        StabilityInterval(
            "cost",
            StabilitySubject.TOP,
            0.4,
            0.0,
            0.5875,
            ("cafe", "tour", "alpaca"),
            None,
            ("tour", "cafe", "alpaca"),
            1e-6,
        ),
        StabilityInterval(
            "specialization",
            StabilitySubject.PORTFOLIO,
            0.6,
            0.25,
            0.9,
            ("cafe", "alpaca"),
            ("cafe", "tour"),
            ("cafe", "markup", "alpaca"),
            1e-6,
        ),
    )
    core = CoreIndex(
        ids=IDS,
        shares=np.array([1.0, 0.5, 0.0, 0.97]),
        samples=1_000,
        method=CoreMethod.ENUMERATION,
        feasible_portfolios=1234,
        tied_samples=3,
        distinct_optima=4,
    )
    spec = SamplerSpec(Sampler.UNIFORM, 10_000, 42, CRITERIA)
    return RobustnessReport(spec, acceptability, stability, core if with_core else None)


def test_acceptability_rows_by_rank_one_with_bars_and_verbatim_names() -> None:
    lines = text_of(render_acceptability(report(), lang="en", names=NAMES)).splitlines()
    rows = [line for line in lines if any(name in line for name in NAMES.values())]
    assert [next(n for n in NAMES.values() if n in row) for row in rows] == [
        NAMES["cafe"],
        NAMES["tour"],
        NAMES["alpaca"],
        NAMES["markup"],
    ]
    # Rank 1 of cafe is 50% (5 blocks); ranks 1-3 of cafe 100% (10 blocks).
    assert re.search(r"(?<!█)█████\s+50\.0%", rows[0])
    assert re.search(r"██████████\s+100\.0%", rows[0])
    assert rows[3].count("█") == round(10 * 0.35) * 2
    text = "\n".join(lines)
    assert "Rank 1" in text and "Ranks 1–3" in text and "10,000 weight scenarios" in text
    assert "seed 42" in text and "uniform" in text
    assert "[bold]Not bold[/bold] [red]" in text


def test_acceptability_top_limits_rows_and_mentions_ties() -> None:
    text = text_of(render_acceptability(report(ties=12), lang="en", names=NAMES, top=2))
    text = " ".join(text.split())
    assert NAMES["alpaca"] not in text and NAMES["tour"] in text
    assert "… and 2 more" in text
    assert "12 scenarios had tied scores." in text


def test_acceptability_in_spanish_uses_decimal_comma() -> None:
    text = text_of(render_acceptability(report(), lang="es", names=NAMES))
    assert "Puesto 1" in text and "Puestos 1–3" in text
    assert "50,0 %" in text and "10.000 escenarios de pesos" in text
    assert "semilla 42" in text


def _words(text: str) -> set[str]:
    return {w for line in text.splitlines() for w in line.split() if set(w) - set("━")}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_robustness_cuts_no_word_or_share_at_any_width(lang: str) -> None:
    long_names = {**NAMES, "alpaca": "Cusco-Puno international market study for camelid fabrics"}
    views = [
        render_acceptability(report(), lang=lang, names=long_names),
        render_stability(report(), lang=lang, names=long_names),
        render_smaa_indices(report(), lang=lang, names=long_names),
    ]
    for view in views:
        wide = _words(text_of(view, 400))
        for width in (50, 60, 80, 100):
            text = text_of(view, width)
            assert max(len(line) for line in text.splitlines()) <= width
            assert _words(text) - wide <= {w + ":" for w in wide}, width
            assert "…" not in text.replace("1, …", ""), width
    shares = text_of(views[0], 80)
    assert ("40,0 %" if lang == "es" else "40.0%") in shares


def test_stability_shows_ranges_and_what_comes_beyond() -> None:
    text = text_of(render_stability(report(), lang="en", names=NAMES), width=200)
    flat = " ".join(text.split())
    assert f"Ranking now {NAMES['cafe']} > {NAMES['tour']} > {NAMES['alpaca']}" in flat
    assert "0.412 – 1.000" in flat and "0.000 – 0.588" in flat
    assert "holds up to 1" in flat and "holds down to 0" in flat
    assert f"{NAMES['tour']} > {NAMES['cafe']} > {NAMES['alpaca']}" in flat
    assert "chosen portfolio stops being the best" in flat
    assert f"+ {NAMES['tour']}, − {NAMES['alpaca']}" in flat
    assert f"+ {NAMES['markup']}" in flat


def test_stability_criterion_names_and_spanish() -> None:
    text = text_of(
        render_stability(report(), lang="es", names=NAMES, criterion_names={"cost": "Costo [S/]"}),
        width=200,
    )
    assert "Costo [S/]" in text and "0,412 – 1,000" in text and "se mantiene hasta 1" in text


def test_core_index_groups_fund_debate_leave_out() -> None:
    text = text_of(render_core_index(report(), lang="en", names=NAMES))
    lines = text.splitlines()

    def at(fragment: str) -> int:
        return next(k for k, line in enumerate(lines) if fragment in line)

    core, debate, out = at("Fund these"), at("Debate these"), at("Leave these out")
    assert core < at(NAMES["cafe"]) < at(NAMES["tour"]) < debate < at(NAMES["alpaca"]) < out
    assert out < at(NAMES["markup"])
    assert "at least 95%" in text and "at most 5%" in text
    flat = " ".join(text.split())
    assert "all 1,234 feasible portfolios" in flat and "3 scenarios had more than one" in flat
    assert "100.0%" in lines[at(NAMES["cafe"])] and "97.0%" in lines[at(NAMES["tour"])]


def test_core_index_empty_group_in_spanish_and_missing_core() -> None:
    full = report()
    assert full.core_index is not None
    undecided = CoreIndex(
        ids=IDS,
        shares=np.full(4, 0.5),
        samples=10,
        method=CoreMethod.SOLVER,
        feasible_portfolios=None,
        tied_samples=None,
        distinct_optima=2,
    )
    swapped = RobustnessReport(full.sampler, full.acceptability, full.stability, undecided)
    lines = text_of(render_core_index(swapped, lang="es", names=NAMES)).splitlines()
    heading = next(k for k, line in enumerate(lines) if "Financiar con cualquier peso" in line)
    assert "ninguno" in lines[heading + 1]
    text = "\n".join(lines)
    assert "Para debatir" in text and "al menos 95 %" in text
    flat = " ".join(text.split())
    assert "un programa entero por escenario" in flat and "no se cuentan los empates" in flat
    missing = text_of(render_core_index(report(with_core=False), lang="en", names=NAMES))
    assert "not computed" in missing


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_robustness_key_exists_in_both_languages(lang: str) -> None:
    ours = {key for key in keys(lang) if key.startswith("robustness.")}
    other = {key for key in keys("es" if lang == "en" else "en") if key.startswith("robustness.")}
    assert ours == other and len(ours) > 20
