"""Rank reversal is reported wherever a ranking is shown, whenever it happens (issue 8)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
from rich.console import Console, RenderableType

from prioritizer.present.payload import REVERSALS_NAMED, _reversal_notes
from prioritizer.present.render.ranking import PAIRS_SHOWN, REVERSALS_SHOWN, render_reversals
from prioritizer.results.ranking import RankReversal
from tests.conftest import Run
from tests.test_rank import textbook_topsis

CRITERIA = "id,type,weight\nc0,benefit,0.5\nc1,benefit,0.5\n"


def _matrix(folder: Path, rows: list[tuple[str, float, float]]) -> tuple[str, str]:
    matrix = folder / "m.csv"
    matrix.write_text("id,c0,c1\n" + "".join(f"{a},{x},{y}\n" for a, x, y in rows))
    criteria = folder / "c.csv"
    criteria.write_text(CRITERIA)
    return str(matrix), str(criteria)


def test_own_matrix_reversal_is_shown_without_asking(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Removing a2 swaps a0 and a1 under vector-normalised TOPSIS (the textbook oracle agrees),
    so the plain `rank` output says so, in both languages, and the JSON lists the pair."""
    rows = [("a0", 1.0, 10.0), ("a1", 3.0, 4.0), ("a2", 2.0, 3.0)]
    X = np.array([[x, y] for _, x, y in rows])
    w, types = np.array([0.5, 0.5]), np.array([1, 1])
    full = textbook_topsis(X, w, types, "vector")
    reduced = textbook_topsis(X[:2], w, types, "vector")
    assert (full[0] > full[1]) != (reduced[0] > reduced[1])
    matrix, criteria = _matrix(tmp_path, rows)
    payload = json.loads(cli("rank", "--matrix", matrix, "--criteria", criteria, "--json").stdout)
    flips = {f["removed"]: f["reversed_pairs"] for f in payload["rank_reversals"]}
    first, second = ("a0", "a1") if full[0] > full[1] else ("a1", "a0")
    assert [first, second] in flips["a2"]
    shown = cli("rank", "--matrix", matrix, "--criteria", criteria)
    assert shown.code == 0, shown.stderr
    assert "Rank reversal" in shown.stdout and "without a2" in shown.stdout
    spanish = cli("rank", "--matrix", matrix, "--criteria", criteria, "--lang", "es")
    assert "Inversión de rango" in spanish.stdout and "sin a2" in spanish.stdout


def test_no_reversal_no_note(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A dominance chain cannot reverse: no note, an empty list in the JSON."""
    matrix, criteria = _matrix(tmp_path, [("a", 3, 3), ("b", 2, 2), ("c", 1, 1)])
    payload = json.loads(cli("rank", "--matrix", matrix, "--criteria", criteria, "--json").stdout)
    assert payload["rank_reversals"] == []
    assert "Rank reversal" not in cli("rank", "--matrix", matrix, "--criteria", criteria).stdout


def test_region_rank_note_follows_the_json(cli: Callable[..., Run]) -> None:
    """Without --explain the note shows exactly when the JSON lists a reversal."""
    for region in ("cusco", "puno"):
        for method in ("topsis", "ahp", "spotis"):
            args = ("rank", "--region", region, "--method", method)
            flips = json.loads(cli(*args, "--json").stdout)["rank_reversals"]
            text = cli(*args).stdout
            assert ("Rank reversal" in text) == bool(flips), (region, method)
            assert all(f"without {f['removed']}" not in text for f in flips)  # names, not ids


def test_portfolio_reports_reversal_of_its_scores(cli: Callable[..., Run]) -> None:
    from prioritizer.core.analysis import project_scores
    from prioritizer.data.load import load_dataset
    from prioritizer.options import RunOptions

    for region in ("cusco", "puno"):
        payload = json.loads(cli("portfolio", "--region", region, "--json").stdout)
        direct = project_scores(load_dataset(), region, RunOptions()).reversals
        assert payload["rank_reversals"] == [r.to_dict() for r in direct]
        text = cli("portfolio", "--region", region).stdout
        assert ("Project scores behind this portfolio" in text) == bool(direct)
    coverage = cli("portfolio", "--region", "puno", "--value", "coverage", "--json")
    assert json.loads(coverage.stdout)["rank_reversals"] == []


def _text(renderable: RenderableType) -> str:
    console = Console(record=True, width=120, color_system=None)
    console.print(renderable)
    return console.export_text()


def _flips(count: int, pairs: int) -> list[dict[str, Any]]:
    return [
        {"removed": f"r{k}", "reversed_pairs": [[f"a{k}-{p}", f"b{k}-{p}"] for p in range(pairs)]}
        for k in range(count)
    ]


def test_reversal_text_is_bounded() -> None:
    """Many reversals: the first REVERSALS_SHOWN alternatives with PAIRS_SHOWN pairs each,
    then how many more, in both languages; a short list prints whole, as before."""
    flips = _flips(REVERSALS_SHOWN + 7, PAIRS_SHOWN + 4)
    text = " ".join(_text(render_reversals(flips, lang="en", names={})).split())
    assert text.count("• without") == REVERSALS_SHOWN
    assert f"a0-{PAIRS_SHOWN - 1} / b0-{PAIRS_SHOWN - 1} and 4 more pairs swap places" in text
    assert f"a0-{PAIRS_SHOWN} " not in text and f"without r{REVERSALS_SHOWN} " not in text
    assert "• … and 7 more alternatives whose removal reorders others" in text
    spanish = " ".join(_text(render_reversals(flips, lang="es", names={})).split())
    assert "y 4 pares más intercambian posiciones" in spanish
    assert "• … y 7 alternativas más cuya eliminación reordena otras" in spanish
    short = _flips(2, 3)
    text = " ".join(_text(render_reversals(short, lang="en", names={})).split())
    assert "more" not in text and text.count("• without") == 2 and "a1-2 / b1-2 swap" in text


def test_large_matrix_text_bounded_json_complete(cli: Callable[..., Run], tmp_path: Path) -> None:
    """80 alternatives under TOPSIS: the JSON keeps every pair, the text stays short."""
    rng = np.random.default_rng(3)
    rows = [(f"a{i}", *rng.uniform(1, 100, 2).round(2)) for i in range(80)]
    matrix, criteria = _matrix(tmp_path, rows)
    payload = json.loads(cli("rank", "--matrix", matrix, "--criteria", criteria, "--json").stdout)
    flips = payload["rank_reversals"]
    assert len(flips) > REVERSALS_SHOWN
    assert any(len(f["reversed_pairs"]) > PAIRS_SHOWN for f in flips)
    shown = cli("rank", "--matrix", matrix, "--criteria", criteria, "--top", "5").stdout
    assert shown.count("• without") == REVERSALS_SHOWN
    assert f"{len(flips) - REVERSALS_SHOWN} more alternatives" in " ".join(shown.split())


def test_compare_note_names_a_bounded_number() -> None:
    """The compare note names the first REVERSALS_NAMED alternatives and counts the rest."""
    found = tuple(RankReversal(f"p{k}", (("x", "y"),)) for k in range(REVERSALS_NAMED + 3))
    item = SimpleNamespace(mechanism_reversals=(), project_reversals=found)
    (note,) = _reversal_notes(item, "Cusco", {}, "en")  # type: ignore[arg-type]
    assert f"p{REVERSALS_NAMED - 1} … and 3 more (the pairs are in the JSON" in note
    assert f"p{REVERSALS_NAMED};" not in note and f"p{REVERSALS_NAMED} " not in note
    (few,) = _reversal_notes(
        SimpleNamespace(mechanism_reversals=found[:2], project_reversals=()),  # type: ignore[arg-type]
        "Cusco",
        {},
        "en",
    )
    assert "p0; p1 (the pairs" in few and "more" not in few
