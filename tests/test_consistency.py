"""Tests of prioritizer.core.weigh.consistency and `weights ahp FILE`: the random-index tables
as cited, the row geometric mean and GCI, Koczkodaj's index, CR beyond a table's reach."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritizer.core.weigh.consistency import (
    analyse_pairwise,
    geometric_consistency_index,
    geometric_priorities,
    koczkodaj_index,
)
from prioritizer.data.load import load_random_index
from prioritizer.results.consistency import Priorities
from tests.conftest import Run
from tests.test_weigh import _read_matrices, reciprocal_matrices

TABLES = load_random_index()


def _table(table_id: str) -> dict[int, float]:
    return dict(TABLES.get(table_id).values)


def _ids(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


# --------------------------------------------------------------------------- tables as cited


def test_every_table_of_the_issue_is_on_file_with_its_citation() -> None:
    wanted = {
        "saaty-1980": "Saaty, T. L. (1980)",
        "saaty-2005": "Saaty, T. L. (2005)",
        "tummala-ling-1998": "Tummala, V. M. R., & Ling, H. (1998)",
        "alonso-lamata-2006": "Alonso, J. A., & Lamata, M. T. (2006)",
        "donegan-dodd-1991": "Donegan, H. A., & Dodd, F. J. (1991)",
    }
    for table_id, author in wanted.items():
        assert TABLES.get(table_id).citation.startswith(author)
    assert TABLES.default == "saaty-1980"


def test_saaty_1980_is_extended_to_15_with_its_variant_stated() -> None:
    """Saaty (1980): 0.58 ... 1.49 for n = 3-10, then 1.51, 1.48, 1.56, 1.57, 1.59 for n = 11-15
    (the variant reproduced in pyDecision's `inc_rat`); the citation names the variant."""
    table = TABLES.get("saaty-1980")
    assert [table.values[n] for n in range(3, 16)] == [
        0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
    ]  # fmt: skip
    assert "1.51, 1.48, 1.56, 1.57, 1.59" in table.citation


@pytest.mark.parametrize(
    ("table_id", "orders"),
    [
        ("saaty-2005", range(1, 16)),
        ("alonso-lamata-2006", range(1, 16)),
        ("tummala-ling-1998", range(1, 16)),
        ("donegan-dodd-1991", [*range(1, 21), 25, 30, 40, 50, 60, 70, 80, 90, 100]),
    ],
)
def test_tables_list_exactly_the_published_orders(table_id: str, orders: range) -> None:
    assert sorted(TABLES.get(table_id).values) == list(orders)


def test_cr_of_the_ahpy_readme_matrix_with_donegan_dodd() -> None:
    """AHPy README (github.com/PhilipGriffith/AHPy), the complete 4 x 4 example with AHPy's
    default random index (Donegan & Dodd 1991): weights b 0.3917, a 0.3742, d 0.1349,
    c 0.0991 and consistency ratio 0.0372."""
    a = np.array([[1, 1, 5, 2], [1, 1, 3, 4], [1 / 5, 1 / 3, 1, 3 / 4], [1 / 2, 1 / 4, 4 / 3, 1]])
    result = analyse_pairwise(a, "abcd", random_index=_table("donegan-dodd-1991"))
    assert list(result.weights) == pytest.approx([0.3742, 0.3917, 0.0991, 0.1349], abs=5e-5)
    assert result.consistency_ratio == pytest.approx(0.0372, abs=5e-5)


def test_cr_of_saatys_drinks_with_the_2005_table() -> None:
    """Saaty (2008)'s drinks matrix (tests/data/reference) run by AHPy with
    random_index='saaty' (Saaty 2005, p. 31: RI(7) = 1.35) reports CR 0.022."""
    ids, matrix = _read_matrices("ahp_saaty_2008_drinks.csv")["ahp_saaty_2008_drinks.csv"]
    result = analyse_pairwise(matrix, ids, random_index=_table("saaty-2005"))
    assert result.random_index_used == 1.35
    assert round(result.consistency_ratio or 0.0, 3) == 0.022


# --------------------------------------------------------------------------- GCI and Koczkodaj


def test_gci_threshold_for_three_criteria_is_cr_of_ten_percent() -> None:
    """Aguarón & Moreno-Jiménez (2003), EJOR 147: the threshold 0.31 for n = 3 is the GCI of
    a triad whose CR is 10 % (with their RI(3) = 0.525). For a triad of inconsistency
    δ = ln(a12 a23 / a13), λmax = 1 + 2 cosh(δ/3) and GCI = δ²/3 (Crawford & Williams 1985)."""
    delta = 3 * math.acosh(1 + 0.10 * 0.525)
    a = np.array([[1.0, math.exp(delta), 1.0], [0, 1.0, 1.0], [0, 0, 1.0]])
    a[1, 0], a[2, 0], a[2, 1] = 1 / a[0, 1], 1 / a[0, 2], 1 / a[1, 2]
    result = analyse_pairwise(a, "xyz", random_index={3: 0.525})
    assert result.consistency_ratio == pytest.approx(0.10, abs=1e-9)
    assert result.gci == pytest.approx(delta**2 / 3, abs=1e-12)
    assert round(result.gci, 2) == 0.31 == result.gci_threshold


@pytest.mark.parametrize(
    ("n", "threshold"), [(2, None), (3, 0.31), (4, 0.35), (5, 0.37), (9, 0.37)]
)
def test_gci_thresholds_by_order(n: int, threshold: float | None) -> None:
    result = analyse_pairwise(np.ones((n, n)), _ids(n), random_index=_table("saaty-1980"))
    assert result.gci_threshold == threshold


def test_row_geometric_mean_equals_eigenvector_for_three_criteria() -> None:
    """Crawford & Williams (1985): for n = 3 the row geometric mean and Saaty's eigenvector
    coincide for every reciprocal matrix (checked on the 3 x 3 matrix of the AHPy README)."""
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    eigen = analyse_pairwise(a, "abc", random_index={3: 0.58})
    geometric = analyse_pairwise(a, "abc", random_index={3: 0.58}, priorities=Priorities.GEOMETRIC)
    assert list(geometric.weights) == pytest.approx(list(eigen.weights), abs=1e-12)


@pytest.mark.parametrize(
    ("criterion", "published"),
    [
        ("size", (0.754, 0.181, 0.065)),
        ("modern_facilities", (0.747, 0.060, 0.193)),
        ("general_condition", (0.200, 0.400, 0.400)),
    ],
)
def test_geometric_priorities_reproduce_saatys_house_for_three_alternatives(
    criterion: str, published: tuple[float, ...]
) -> None:
    """`--priorities geometric` against published numbers. For n = 3 the row geometric mean
    equals the eigenvector (Crawford & Williams 1985), so Saaty's (1980) house example, level 3
    (the three-decimal priorities `test_weigh.test_ahp_saaty_house_example` cites and checks),
    is one: the geometric priorities round to the printed values. An n = 5 case with printed
    RGM priorities and GCIs is `test_reference_group_ahp` (Escobar et al. 2015)."""
    ids, matrix = _read_matrices("ahp_saaty_house_level3.csv")[criterion]
    result = analyse_pairwise(matrix, ids, random_index={3: 0.58}, priorities=Priorities.GEOMETRIC)
    assert tuple(round(float(w), 3) for w in result.weights) == published


def test_koczkodaj_triad_by_hand() -> None:
    """Koczkodaj (1993): a triad (a_ij, a_ik, a_jk) = (2, 5, 3) has index
    min(|1 − 5/6|, |1 − 6/5|) = 1/6; in a 4 x 4 matrix the worst triad is named."""
    triad = np.array([[1, 2, 5], [1 / 2, 1, 3], [1 / 5, 1 / 3, 1]])
    assert koczkodaj_index(triad) == (pytest.approx(1 / 6), (0, 1, 2))
    a = np.array([[1, 2, 4, 8], [1 / 2, 1, 2, 4], [1 / 4, 1 / 2, 1, 9], [1 / 8, 1 / 4, 1 / 9, 1]])
    result = analyse_pairwise(a, "wxyz", random_index=_table("saaty-1980"))
    # a_yz = 9 where the rest says 2: (w, y, z) gives |1 − 8/(4·9)| = 7/9 and (x, y, z)
    # |1 − 4/(2·9)| = 7/9 as well; the tie goes to the first triad in row order
    assert result.koczkodaj.triad == ("w", "y", "z")
    assert result.koczkodaj.index == pytest.approx(7 / 9)


def _gci_oracle(a: np.ndarray) -> float:
    """Plain loops: GCI from the row geometric means (no logarithm tricks)."""
    n = len(a)
    g = [math.prod(row) ** (1 / n) for row in a]
    w = [x / sum(g) for x in g]
    total = sum(math.log(a[i][j] * w[j] / w[i]) ** 2 for i in range(n) for j in range(i + 1, n))
    return 2 * total / ((n - 1) * (n - 2))


def _koczkodaj_oracle(a: np.ndarray) -> float:
    """Plain loops over every ordered triple, as in the definition."""
    worst = 0.0
    for i, j, k in itertools.permutations(range(len(a)), 3):
        ratio = a[i][k] / (a[i][j] * a[j][k])
        worst = max(worst, min(abs(1 - ratio), abs(1 - 1 / ratio)))
    return worst


@settings(max_examples=100, deadline=None)
@given(reciprocal_matrices(min_n=3, max_n=9))
def test_prop_gci_and_koczkodaj_agree_with_plain_oracles(matrix: np.ndarray) -> None:
    w = geometric_priorities(matrix)
    assert geometric_consistency_index(matrix, w) == pytest.approx(_gci_oracle(matrix), rel=1e-9)
    assert koczkodaj_index(matrix)[0] == pytest.approx(_koczkodaj_oracle(matrix), rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.01, 100.0), min_size=1, max_size=12))
def test_prop_consistent_matrix_has_every_index_zero(raw: list[float]) -> None:
    w = np.array(raw)
    a = np.outer(w, 1 / w)
    n = len(raw)
    result = analyse_pairwise(a, _ids(n), random_index=_table("saaty-1980"))
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert result.gci == pytest.approx(0.0, abs=1e-12)
    assert result.koczkodaj.index == pytest.approx(0.0, abs=1e-12)
    assert geometric_priorities(a) == pytest.approx(w / w.sum(), rel=1e-9)


# --------------------------------------------------------------------------- beyond a table


def test_beyond_the_table_weights_without_cr() -> None:
    a = np.outer(np.arange(1.0, 17.0), 1 / np.arange(1.0, 17.0))
    result = analyse_pairwise(a, _ids(16), random_index=_table("saaty-1980"))
    assert result.consistency_ratio is None and result.random_index_used is None
    assert result.consistent is None and result.beyond_table
    assert result.weights.sum() == pytest.approx(1.0)
    assert result.to_dict()["consistency_ratio"] is None


def _write_matrix(path: Path, n: int) -> Path:
    names = _ids(n)
    rows = [",".join(["id", *names])]
    for i, name in enumerate(names):
        rows.append(",".join([name, *(f"{i + 1}/{j + 1}" for j in range(n))]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_cli_eleven_criteria_get_weights_and_cr_under_the_default(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    result = cli("weights", "ahp", str(_write_matrix(tmp_path / "m.csv", 11)), "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["random_index"] == 1.51 and payload["random_index_table"] == "saaty-1980"
    assert payload["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)


def test_cli_beyond_the_table_says_so_in_both_languages(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = str(_write_matrix(tmp_path / "m.csv", 16))
    english = cli("weights", "ahp", path)
    assert english.code == 0, english.stderr
    text = " ".join(english.stdout.split())
    assert "The random index table saaty-1980 has no value for n = 16 (it lists n = 1-15)" in text
    spanish = " ".join(cli("weights", "ahp", path, "--lang", "es").stdout.split())
    assert "no tiene valor para n = 16 (da n = 1-15)" in spanish
    payload = json.loads(
        cli("weights", "ahp", path, "--random-index", "saaty-2005", "--json").stdout
    )
    assert payload["consistency_ratio"] is None and payload["consistent"] is None
    dd = json.loads(
        cli("weights", "ahp", path, "--random-index", "donegan-dodd-1991", "--json").stdout
    )
    assert dd["random_index"] == 1.5078


def test_cli_geometric_priorities_and_indices_in_json(cli: Callable[..., Run]) -> None:
    path = str(Path(__file__).parent / "data" / "good" / "pairwise_3.csv")
    result = cli("weights", "ahp", path, "--priorities", "geometric", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    g = np.prod(a, axis=1) ** (1 / 3)
    assert list(payload["weights"].values()) == pytest.approx(list(g / g.sum()), abs=1e-12)
    assert payload["priorities"] == "geometric"
    assert payload["gci"] == pytest.approx(_gci_oracle(a), rel=1e-9)
    assert payload["gci_threshold"] == 0.31
    assert payload["consistent"] is (payload["gci"] <= 0.31)
    assert payload["koczkodaj"] == {
        "index": pytest.approx(_koczkodaj_oracle(a)),
        "triad": ["price", "quality", "speed"],
    }
    text = " ".join(cli("weights", "ahp", path, "--priorities", "geometric").stdout.split())
    assert "row geometric mean" in text and "GCI = " in text and "Koczkodaj" in text
