"""PROMETHEE with a preference function per criterion: pymcdm's documented example, published
examples with thresholds (Papathanasiou & Ploskas 2018; Ziemba et al. 2017; Ziemba 2019), a
plain numpy oracle for Brans' six shapes, PROMETHEE I's partial order, the criteria CSV
columns."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    pymcdm.methods.PROMETHEE_II docstring; pymcdm's test suite, TestPROMETHEE_II, cites it
    from Zhao, H., Peng, Y., & Li, W. (2013). Revised PROMETHEE II for improving efficiency in
    emergency response. Procedia Computer Science, 17, 181-188): matrix [[4, 3, 2], [3, 2, 4],
    [5, 1, 3]], weights 0.5, 0.3, 0.2, usual criterion: φ⁺ = 0.55, 0.35, 0.6; φ⁻ = 0.45, 0.65,
    0.4; φ = 0.1, −0.3, 0.2. PROMETHEE I: a3 outranks a1 and a2, a1 outranks a2 (no
    incomparability)."""
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


def _net_flows(
    X: list[list[float]] | np.ndarray, w: Any, types: list[int], preferences: list[Preference]
) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    ranking = rank_alternatives(
        X,
        w,
        types,
        [f"a{i + 1}" for i in range(X.shape[0])],
        [f"c{j + 1}" for j in range(X.shape[1])],
        method="promethee",
        preferences=preferences,
    )
    return np.asarray(ranking.scores)


def test_promethee_ii_linear_papathanasiou_ploskas_2018() -> None:
    """Papathanasiou, J., & Ploskas, N. (2018). PROMETHEE. In Multiple Criteria Decision Aid:
    Methods, Examples and Python Implementations (pp. 57-89). Springer,
    doi:10.1007/978-3-319-91648-4_3, the chapter's numerical example: six alternatives, four
    benefit criteria, w = (.4, .3, .1, .2), the linear criterion (type V, V-shape with
    indifference) with q = 1 and p = 2 on every criterion: net flows φ = (−.26, −.52, −.22,
    .36, .70, −.06), as quoted to two decimals by pyrepo-mcda's tests
    (energyinpython/pyrepo-mcda, tests/test_mcda_methods_2.py, Test_PROMETHEE_II, whose
    `_linear_function` is that type V). Checked to the second decimal.
    """
    X = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    linear = Preference(PreferenceShape.LINEAR, q=1, p=2)
    phi = _net_flows(X, [0.4, 0.3, 0.1, 0.2], [1, 1, 1, 1], [linear] * 4)
    assert np.round(phi, 2).tolist() == [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06]
    usual = _net_flows(X, [0.4, 0.3, 0.1, 0.2], [1, 1, 1, 1], [Preference()] * 4)
    assert not np.allclose(usual, phi, atol=1e-2)  # the thresholds change the numbers


# Ziemba (2019)'s nine alternatives, twelve criteria (rows: criteria, as pyrepo-mcda lists them).
ZIEMBA_2019 = np.array(
    [
        [38723, 34913, 25596, 34842, 22570, 39773, 19500, 34525, 16486],
        [33207, 32085, 2123, 32095, 1445, 17485, 868, 16958, 958],
        [0, 0.2, 5, 0.2, 0.2, 0.2, 99, 99, 99],
        [3375, 3127, 3547, 3115, 3090, 4135, 3160, 4295, 3653],
        [11.36, 12.78, 12.78, 12.86, 12.86, 17, 12.86, 17, 12.86],
        [-320.9, -148.4, -148.4, -9.9, -9.9, 0, -9.9, 0, -9.9],
        [203.7, 463, 356.2, 552.5, 295, 383, 264, 352, 264],
        [0, 11.7, 44.8, 11.7, 95.9, 95.9, 116.8, 116.8, 164.9],
        [0, 4.9, 10.7, 5.4, 11.2, 11.2, 11.2, 11.2, 11.2],
        [1, 1, 1, 3.5, 4, 4, 4, 4, 4],
        [21.5, 47.9, 27.7, 39.7, 1.5, 22.7, 2.7, 23.9, 1],
        [0, 3.7, 4.5, 10.3, 11.5, 11.5, 11.3, 11.3, 11.4],
    ]
).T


def test_promethee_ii_thresholds_per_criterion_ziemba_2019() -> None:
    """Ziemba, P. (2019). Towards strong sustainability management—a generalized PROSA
    method. Sustainability, 11(6), 1555, doi:10.3390/su11061555: the PROMETHEE II results of
    its nine alternatives, twelve criteria with their own q and p (linear criterion, type V)
    and weights (.3333, .1667, .1667, .3333, .25, .75, 1, 1, .4, .2, .4, 1) normalised to
    sum 1: φ = (−.4143, −.5056, −.2317, −.2892, .3313, .0619, .4296, .1626, .4554), as quoted
    to four decimals by pyrepo-mcda's Test_PROMETHEE_II_2 (tests/test_mcda_methods_2.py).
    """
    w = np.array([0.3333, 0.1667, 0.1667, 0.3333, 0.25, 0.75, 1, 1, 0.4, 0.20, 0.40, 1])
    types = [-1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1]
    p = [2100, 5000, 50, 200, 5, 20, 100, 80, 4, 2, 23, 3]
    q = [420, 1000, 10, 40, 1, 7, 50, 20, 1, 1, 4.6, 1]
    preferences = [
        Preference(PreferenceShape.LINEAR, q=qj, p=pj) for qj, pj in zip(q, p, strict=True)
    ]
    phi = _net_flows(ZIEMBA_2019, w / w.sum(), types, preferences)
    expected = [-0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296, 0.1626, 0.4554]
    assert np.round(phi, 4).tolist() == expected


def test_promethee_ii_vshape_ziemba_et_al_2017() -> None:
    """Ziemba, P., Wątróbski, J., Zioło, M., & Karczmarczyk, A. (2017). Using the PROSA method
    in offshore wind farm location problems. Energies, 10(11), 1755, doi:10.3390/en10111755:
    the PROMETHEE II net flows of its four locations on twelve criteria, each a V-shape
    criterion (type III) with its own p, weights (20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5,
    16.67, 8.33, 8.33) normalised to sum 1: φ = (−.0445, .1884, −.0954, −.0485), as quoted to
    four decimals by pyrepo-mcda's Test_PROMETHEE_II_3 (tests/test_mcda_methods_2.py).
    """
    X = np.array(
        [
            [16347, 14219, 8160, 8160],
            [9, 8.5, 9, 8.5],
            [73.8, 55, 64.8, 62.5],
            [36.7, 36, 28.5, 29.5],
            [1.5, 2, 2, 1.5],
            [3730, 3240, 1860, 1860],
            [2, 1, 2, 1],
            [1, 1, 2, 3],
            [38.8, 33.1, 45.8, 27.3],
            [4, 2, 4, 3],
            [1720524, 1496512, 858830, 858830],
            [40012, 34803, 19973, 19973],
        ]
    ).T
    w = np.array([20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5, 16.67, 8.33, 8.33])
    types = [-1, -1, -1, -1, -1, 1, -1, -1, 1, -1, 1, 1]
    p = [7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3, 766240, 17820]
    preferences = [Preference(PreferenceShape.VSHAPE, p=pj) for pj in p]
    phi = _net_flows(X, w / w.sum(), types, preferences)
    assert np.round(phi, 4).tolist() == [-0.0445, 0.1884, -0.0954, -0.0485]


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
