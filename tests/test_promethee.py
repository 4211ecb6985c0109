"""PROMETHEE with a preference function per criterion: pymcdm's documented example, a plain
numpy oracle for Brans' six shapes, PROMETHEE I's partial order, the criteria CSV columns."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritizer.core.rank import rank_alternatives
from prioritizer.results.promethee import Preference, PreferenceShape
from tests.conftest import Run


def _oracle_p(shape: str, d: float, q: float, p: float, s: float) -> float:
    """Brans & Vincke (1985) / Brans & Mareschal (2005) generalised criteria, case by case."""
    if d <= 0:
        return 0.0
    if shape == "usual":
        return 1.0
    if shape == "ushape":
        return 1.0 if d > q else 0.0
    if shape == "vshape":
        return min(d / p, 1.0)
    if shape == "level":
        return 0.0 if d <= q else (0.5 if d <= p else 1.0)
    if shape == "linear":
        return 0.0 if d <= q else (1.0 if d > p else (d - q) / (p - q))
    return 1.0 - math.exp(-(d * d) / (2 * s * s))


def _oracle_flows(
    X: np.ndarray, w: np.ndarray, types: list[int], prefs: list[tuple[str, float, float, float]]
) -> tuple[np.ndarray, np.ndarray]:
    n, m = X.shape
    pi = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            for j in range(m):
                d = (X[a, j] - X[b, j]) * types[j]
                pi[a, b] += w[j] * _oracle_p(prefs[j][0], d, *prefs[j][1:])
    return pi.sum(axis=1) / (n - 1), pi.sum(axis=0) / (n - 1)


def test_promethee_pymcdm_documented_example() -> None:
    """pymcdm's documented PROMETHEE I/II example (Shekhovtsov 2023, SoftwareX 22, 101368;
    pymcdm.methods.PROMETHEE_II docstring): matrix [[4, 3, 2], [3, 2, 4], [5, 1, 3]], weights
    0.5, 0.3, 0.2, usual criterion: φ⁺ = 0.55, 0.35, 0.6; φ⁻ = 0.45, 0.65, 0.4; φ = 0.1,
    −0.3, 0.2. PROMETHEE I: a3 outranks a1 and a2, a1 outranks a2 (no incomparability)."""
    X = [[4, 3, 2], [3, 2, 4], [5, 1, 3]]
    ranking = rank_alternatives(
        X, [0.5, 0.3, 0.2], [1, 1, 1], ["a1", "a2", "a3"], ["c1", "c2", "c3"], method="promethee"
    )
    entries = {e["id"]: e for e in ranking.to_dict()["ranking"]}
    for key, expected in {
        "phi_plus": (0.55, 0.35, 0.6),
        "phi_minus": (0.45, 0.65, 0.4),
        "net_flow": (0.1, -0.3, 0.2),
    }.items():
        assert [entries[a][key] for a in ("a1", "a2", "a3")] == pytest.approx(expected)
    assert ranking.promethee is not None
    assert set(ranking.promethee.outranks) == {("a1", "a2"), ("a3", "a1"), ("a3", "a2")}
    assert ranking.promethee.incomparable == ()


SHAPES = st.sampled_from([shape.value for shape in PreferenceShape])


@st.composite
def problems(
    draw: st.DrawFn,
) -> tuple[np.ndarray, np.ndarray, list[int], list[tuple[str, float, float, float]]]:
    n = draw(st.integers(2, 6))
    m = draw(st.integers(1, 4))
    X = np.array(
        [[draw(st.integers(0, 20)) / 2 for _ in range(m)] for _ in range(n)], dtype=np.float64
    )
    w = np.array([draw(st.integers(1, 9)) for _ in range(m)], dtype=np.float64)
    types = [draw(st.sampled_from([1, -1])) for _ in range(m)]
    prefs = []
    for _ in range(m):
        q = draw(st.integers(0, 6)) / 2
        p = q + draw(st.integers(0, 6)) / 2
        prefs.append((draw(SHAPES), q, max(p, 0.5), draw(st.integers(1, 8)) / 2))
    return X, w / w.sum(), types, prefs


def _preference(shape: str, q: float, p: float, s: float) -> Preference:
    kind = PreferenceShape(shape)
    return Preference(
        kind,
        q
        if kind in (PreferenceShape.USHAPE, PreferenceShape.LEVEL, PreferenceShape.LINEAR)
        else None,
        p
        if kind in (PreferenceShape.VSHAPE, PreferenceShape.LEVEL, PreferenceShape.LINEAR)
        else None,
        s if kind is PreferenceShape.GAUSSIAN else None,
    )


@settings(max_examples=150, deadline=None)
@given(problems())
def test_prop_flows_equal_a_plain_numpy_promethee(
    problem: tuple[np.ndarray, np.ndarray, list[int], list[tuple[str, float, float, float]]],
) -> None:
    X, w, types, prefs = problem
    n, m = X.shape
    ranking = rank_alternatives(
        X,
        w,
        types,
        [f"a{i}" for i in range(n)],
        [f"c{j}" for j in range(m)],
        method="promethee",
        preferences=[_preference(*pref) for pref in prefs],
    )
    if not ranking.weights.any():
        return
    plus, minus = _oracle_flows(X, ranking.weights, types, prefs)
    assert np.asarray(ranking.intermediates["positive_flow"]) == pytest.approx(plus, abs=1e-12)
    assert np.asarray(ranking.intermediates["negative_flow"]) == pytest.approx(minus, abs=1e-12)
    assert np.asarray(ranking.scores) == pytest.approx(plus - minus, abs=1e-12)
    contributions = np.asarray(ranking.intermediates["contributions"]).sum(axis=1)
    assert contributions == pytest.approx(plus - minus, abs=1e-12)
    order = ranking.promethee
    assert order is not None
    pairs = len(order.outranks) + len(order.indifferent) + len(order.incomparable)
    assert pairs == n * (n - 1) // 2
    index = {f"a{i}": i for i in range(n)}
    for a, b in order.incomparable:  # better by one flow, worse by the other
        i, j = index[a], index[b]
        assert (plus[i] - plus[j]) * (minus[j] - minus[i]) < 0
    for a, b in order.outranks:
        i, j = index[a], index[b]
        assert plus[i] >= plus[j] - 1e-9 and minus[i] <= minus[j] + 1e-9


def test_partial_order_names_incomparable_pairs() -> None:
    """Brans & Vincke (1985)'s incomparability: c leaves more (φ⁺ 0.417 against a's 0.226)
    but is also entered more (φ⁻ 0.426 against 0.351), so PROMETHEE I leaves a and c
    unordered although the net flow puts c ahead."""
    X = [[10, 7, 3], [12, 9, 2], [8, 5, 4], [11, 8, 5]]
    ranking = rank_alternatives(
        X,
        [0.4, 0.4, 0.2],
        [-1, 1, 1],
        ["a", "b", "c", "d"],
        ["price", "quality", "speed"],
        method="promethee",
        preferences=[
            Preference(PreferenceShape.LINEAR, q=1, p=3),
            Preference(PreferenceShape.VSHAPE, p=2),
            Preference(PreferenceShape.GAUSSIAN, s=1),
        ],
    )
    assert ranking.promethee is not None
    assert ranking.promethee.incomparable == (("a", "c"), ("b", "c"), ("c", "d"))
    plus, minus = ranking.intermediates["positive_flow"], ranking.intermediates["negative_flow"]
    assert plus[2] > plus[0] and minus[2] > minus[0]
    assert ranking.scores[2] > ranking.scores[0]


@pytest.mark.parametrize(
    ("shape", "q", "p", "s", "field", "expected"),
    [
        ("ushape", None, None, None, "q", "a q threshold for ushape"),
        ("vshape", None, None, None, "p", "a p threshold for vshape"),
        ("linear", 2.0, 1.0, None, "p", "p >= q (2.0)"),
        ("level", -1.0, 1.0, None, "q", "q >= 0"),
        ("gaussian", None, None, 0.0, "s", "s > 0"),
        ("usual", 1.0, None, None, "q", "no q threshold for usual"),
    ],
)
def test_preference_thresholds_are_checked(
    shape: str, q: float | None, p: float | None, s: float | None, field: str, expected: str
) -> None:
    with pytest.raises(ValueError, match=field) as caught:
        Preference(PreferenceShape(shape), q, p, s)
    assert expected in str(caught.value)


MATRIX = "id,price,quality\na,10,7\nb,12,9\nc,8,5\n"


def _files(tmp_path: Path, criteria: str) -> tuple[str, str]:
    (tmp_path / "m.csv").write_text(MATRIX, encoding="utf-8")
    (tmp_path / "c.csv").write_text(criteria, encoding="utf-8")
    return str(tmp_path / "m.csv"), str(tmp_path / "c.csv")


def test_cli_promethee_with_preference_columns(cli: Callable[..., Run], tmp_path: Path) -> None:
    m, c = _files(
        tmp_path,
        "id,type,weight,preference,q,p,s\nprice,cost,0.5,linear,1,3,\nquality,benefit,0.5,,,,\n",
    )
    result = cli("rank", "--matrix", m, "--criteria", c, "--method", "promethee", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["preference_functions"] == {
        "price": {"preference": "linear", "q": 1.0, "p": 3.0},
        "quality": {"preference": "usual"},
    }
    X = np.array([[10, 7], [12, 9], [8, 5]], dtype=float)
    prefs = [("linear", 1.0, 3.0, 1.0), ("usual", 0.0, 0.0, 1.0)]
    plus, minus = _oracle_flows(X, np.array([0.5, 0.5]), [-1, 1], prefs)
    by_id = {e["id"]: e for e in payload["ranking"]}
    for i, alternative in enumerate("abc"):
        assert by_id[alternative]["phi_plus"] == pytest.approx(plus[i])
        assert by_id[alternative]["phi_minus"] == pytest.approx(minus[i])
        assert by_id[alternative]["net_flow"] == pytest.approx(plus[i] - minus[i])
    assert set(payload["promethee_i"]) == {"outranks", "indifferent", "incomparable"}
    text = " ".join(
        cli("rank", "--matrix", m, "--criteria", c, "--method", "promethee").stdout.split()
    )
    assert "PROMETHEE I" in text and "price linear q = 1 p = 3" in text


@pytest.mark.parametrize(
    ("row", "parts"),
    [
        ("price,cost,0.5,linear,3,1,", ("c.csv", "line 2", "'p'", "p >= q (3.0)")),
        ("price,cost,0.5,vshape,,,", ("line 2", "'p'", "a p threshold for vshape")),
        ("price,cost,0.5,triangle,,,", ("line 2", "'preference'", "gaussian")),
        ("price,cost,0.5,gaussian,,,-2", ("line 2", "'s'", "s > 0")),
        ("price,cost,0.5,usual,1,,", ("line 2", "'q'", "no q threshold for usual")),
    ],
)
def test_cli_bad_preference_rows_name_file_line_and_field(
    cli: Callable[..., Run], tmp_path: Path, row: str, parts: tuple[str, ...]
) -> None:
    m, c = _files(tmp_path, f"id,type,weight,preference,q,p,s\n{row}\nquality,benefit,0.5,,,,\n")
    result = cli("rank", "--matrix", m, "--criteria", c, "--method", "promethee")
    assert result.code == 2, result.stdout
    for part in parts:
        assert part in result.stderr, (part, result.stderr)
    spanish = cli("rank", "--matrix", m, "--criteria", c, "--method", "promethee", "--lang", "es")
    assert spanish.code == 2 and "línea 2" in spanish.stderr
