"""Rank reversal is reported wherever a ranking is shown, whenever it happens (issue 8)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

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
    from prioritizer.analysis import project_scores
    from prioritizer.load import load_dataset
    from prioritizer.options import RunOptions

    for region in ("cusco", "puno"):
        payload = json.loads(cli("portfolio", "--region", region, "--json").stdout)
        direct = project_scores(load_dataset(), region, RunOptions()).reversals
        assert payload["rank_reversals"] == [r.to_dict() for r in direct]
        text = cli("portfolio", "--region", region).stdout
        assert ("Project scores behind this portfolio" in text) == bool(direct)
    coverage = cli("portfolio", "--region", "puno", "--value", "coverage", "--json")
    assert json.loads(coverage.stdout)["rank_reversals"] == []
