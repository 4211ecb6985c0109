"""What the methods compute is in the JSON: TOPSIS distances and ideal points, VIKOR S, R and Q,
PROMETHEE flows, the portfolio's LP relaxation; checked against plain numpy and brute force."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from prioritizer.core.portfolio import select_portfolio
from prioritizer.core.rank import rank_alternatives
from prioritizer.results.portfolio_problem import PortfolioProblem
from tests.conftest import Run

X = np.array([[7.0, 5.0, 300.0], [6.0, 8.0, 200.0], [4.0, 6.0, 150.0], [5.0, 7.0, 260.0]])
W = np.array([0.5, 0.3, 0.2])
TYPES = np.array([1, 1, -1])
IDS = ("A", "B", "C", "D")
CRITERIA = ("impact", "reach", "cost")


def write_matrix(folder: Path) -> Path:
    """X as a decision-matrix CSV, one row per alternative."""
    matrix = folder / "m.csv"
    rows = (f"{p},{a:g},{b:g},{c:g}" for p, (a, b, c) in zip(IDS, X, strict=True))
    matrix.write_text("id,impact,reach,cost\n" + "\n".join(rows) + "\n")
    return matrix


def test_topsis_distances_and_ideal_points_equal_plain_numpy() -> None:
    """Textbook TOPSIS with vector normalisation (Hwang & Yoon 1981), written out in numpy."""
    V = X / np.sqrt((X**2).sum(axis=0)) * W
    ideal = np.where(TYPES > 0, V.max(axis=0), V.min(axis=0))
    anti = np.where(TYPES > 0, V.min(axis=0), V.max(axis=0))
    d_plus = np.sqrt(((V - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((V - anti) ** 2).sum(axis=1))
    payload = rank_alternatives(X, W, TYPES, IDS, CRITERIA).to_dict()
    by_id = {row["id"]: row for row in payload["ranking"]}
    for i, p in enumerate(IDS):
        assert by_id[p]["d_plus"] == pytest.approx(d_plus[i])
        assert by_id[p]["d_minus"] == pytest.approx(d_minus[i])
        assert by_id[p]["score"] == pytest.approx(d_minus[i] / (d_plus[i] + d_minus[i]))
    assert [payload["ideal"][c] for c in CRITERIA] == pytest.approx(ideal.tolist())
    assert [payload["anti_ideal"][c] for c in CRITERIA] == pytest.approx(anti.tolist())


def test_vikor_s_r_and_q_equal_plain_numpy() -> None:
    """VIKOR (Opricovic & Tzeng 2004, eqs. 1-3) with v = 0.5, written out in numpy."""
    best = np.where(TYPES > 0, X.max(axis=0), X.min(axis=0))
    worst = np.where(TYPES > 0, X.min(axis=0), X.max(axis=0))
    regret = W * (best - X) / (best - worst)
    S, R = regret.sum(axis=1), regret.max(axis=1)
    Q = 0.5 * (S - S.min()) / (S.max() - S.min()) + 0.5 * (R - R.min()) / (R.max() - R.min())
    payload = rank_alternatives(X, W, TYPES, IDS, CRITERIA, method="vikor").to_dict()
    by_id = {row["id"]: row for row in payload["ranking"]}
    for i, p in enumerate(IDS):
        assert by_id[p]["S"] == pytest.approx(S[i])
        assert by_id[p]["R"] == pytest.approx(R[i])
        assert by_id[p]["Q"] == pytest.approx(Q[i]) and by_id[p]["score"] == by_id[p]["Q"]


def test_promethee_flows_add_up() -> None:
    """PROMETHEE II, usual criterion (Brans & Vincke 1985): net = phi+ - phi-, both in [0, 1]."""
    payload = rank_alternatives(X, W, TYPES, IDS, CRITERIA, method="promethee").to_dict()
    for row in payload["ranking"]:
        assert 0.0 <= row["phi_plus"] <= 1.0 and 0.0 <= row["phi_minus"] <= 1.0
        assert row["net_flow"] == pytest.approx(row["phi_plus"] - row["phi_minus"])
        assert row["score"] == row["net_flow"]


def test_lp_relaxation_bounds_every_portfolio_and_is_in_the_json(cli: Callable[..., Run]) -> None:
    costs, values, budget = [4, 3, 3, 2], [0.9, 0.6, 0.55, 0.3], 6
    problem = PortfolioProblem.build(
        ids=list("abcd"), costs_pen=costs, values=values, budget_pen=budget
    )
    result = select_portfolio(problem)
    # The fractional knapsack's greedy optimum (Dantzig 1957) is the LP relaxation's value.
    order = sorted(range(4), key=lambda i: -values[i] / costs[i])
    room, lp = budget, 0.0
    for i in order:
        take = min(1.0, room / costs[i])
        lp += take * values[i]
        room -= take * costs[i]
    assert result.lp_relaxation == pytest.approx(lp)
    best = max(
        sum(v * x for v, x in zip(values, s, strict=True))
        for s in itertools.product([0, 1], repeat=4)
        if sum(c * x for c, x in zip(costs, s, strict=True)) <= budget
    )
    assert result.objective == pytest.approx(best) and best <= lp + 1e-12
    payload = json.loads(cli("portfolio", "--region", "cusco", "--json").stdout)
    assert payload["lp_relaxation"] >= payload["objective"] - 1e-9


def test_rank_matrix_json_carries_the_intermediates(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    matrix = write_matrix(tmp_path)
    criteria = tmp_path / "c.csv"
    criteria.write_text("id,type,weight\nimpact,benefit,0.5\nreach,benefit,0.3\ncost,cost,0.2\n")
    payload = json.loads(
        cli("rank", "--matrix", str(matrix), "--criteria", str(criteria), "--json").stdout
    )
    assert {"d_plus", "d_minus"} <= set(payload["ranking"][0]) and "ideal" in payload


@pytest.mark.parametrize("v", [0.0, 0.3, 0.5, 0.8, 1.0])
def test_vikor_v_weighs_the_majority_strategy_as_in_plain_numpy(v: float) -> None:
    """Q = v (S - S*) / (S- - S*) + (1 - v) (R - R*) / (R- - R*) (Opricovic & Tzeng 2004, eq. 3)."""
    best = np.where(TYPES > 0, X.max(axis=0), X.min(axis=0))
    worst = np.where(TYPES > 0, X.min(axis=0), X.max(axis=0))
    regret = W * (best - X) / (best - worst)
    S, R = regret.sum(axis=1), regret.max(axis=1)
    Q = v * (S - S.min()) / (S.max() - S.min()) + (1 - v) * (R - R.min()) / (R.max() - R.min())
    ranking = rank_alternatives(X, W, TYPES, IDS, CRITERIA, method="vikor", vikor_v=v)
    assert ranking.scores.tolist() == pytest.approx(Q.tolist())
    assert ranking.vikor is not None and ranking.vikor.v == v


def _conditions(
    Q: list[float], S: list[float], R: list[float]
) -> tuple[bool, bool, tuple[str, ...]]:
    """The step-5 rules of Opricovic & Tzeng (2004) written out for a handful of alternatives."""
    order = sorted(range(len(Q)), key=lambda i: Q[i])
    dq = 1 / (len(Q) - 1)
    first, second = order[0], order[1]
    c1 = Q[second] - Q[first] >= dq
    c2 = S[first] == min(S) or R[first] == min(R)
    if not c1:
        chosen = [i for i in order if Q[i] - Q[first] < dq]
    elif not c2:
        chosen = [first, second]
    else:
        chosen = [first]
    return c1, c2, tuple(IDS[i] for i in chosen)


@pytest.mark.parametrize(
    ("Q", "S", "R", "expected"),
    [
        ([0.0, 0.5, 0.8, 1.0], [0.1, 0.3, 0.5, 0.7], [0.1, 0.2, 0.3, 0.4], (True, True, ("A",))),
        (
            [0.0, 0.2, 0.3, 1.0],
            [0.1, 0.3, 0.5, 0.7],
            [0.1, 0.2, 0.3, 0.4],
            (False, True, ("A", "B", "C")),
        ),
        (
            [0.0, 0.6, 0.8, 1.0],
            [0.3, 0.1, 0.5, 0.7],
            [0.3, 0.2, 0.1, 0.4],
            (True, False, ("A", "B")),
        ),
    ],
)
def test_vikor_acceptance_conditions_and_compromise_set(
    Q: list[float], S: list[float], R: list[float], expected: tuple[bool, bool, tuple[str, ...]]
) -> None:
    from prioritizer.core.rank import vikor_compromise

    assert _conditions(Q, S, R) == expected  # the oracle agrees with the hand-worked cases
    ranks = np.argsort(np.argsort(Q)) + 1
    parts = {"group_utility": np.array(S), "individual_regret": np.array(R)}
    found = vikor_compromise(IDS, np.array(Q), ranks, parts, 0.5, 1e-9)
    assert (found.acceptable_advantage, found.acceptable_stability, found.compromise) == expected
    assert found.dq == pytest.approx(1 / 3)


def test_vikor_compromise_in_text_and_json(cli: Callable[..., Run], tmp_path: Path) -> None:
    matrix = write_matrix(tmp_path)
    criteria = tmp_path / "c.csv"
    criteria.write_text("id,type,weight\nimpact,benefit,0.5\nreach,benefit,0.3\ncost,cost,0.2\n")
    args = ("rank", "--matrix", str(matrix), "--criteria", str(criteria), "--method", "vikor")
    payload = json.loads(cli(*args, "--vikor-v", "0.7", "--json").stdout)
    vikor = payload["vikor"]
    assert vikor["v"] == 0.7 and set(vikor) >= {"acceptable_advantage", "compromise_set"}
    assert {"S", "R", "Q"} <= set(payload["ranking"][0])
    assert "Compromise:" in " ".join(cli(*args).stdout.split())
    assert "Compromiso:" in " ".join(cli(*args, "--lang", "es").stdout.split())
    bad = cli(*args, "--vikor-v", "2")
    assert bad.code == 2 and "expected a number from 0 to 1" in bad.stderr


def test_objective_weights_equal_pymcdm_and_plain_numpy() -> None:
    """Entropy (Zeleny 1982: e_j = -sum p_ij ln p_ij / ln n, w_j ~ 1 - e_j), CRITIC (Diakoulaki
    et al. 1995: sigma_j times the sum of 1 - r_jk on min-max normalised columns) and standard
    deviation weights, written out in numpy; equal to pymcdm's functions."""
    from pymcdm import weights as reference

    from prioritizer.core.rank import objective_weights

    P = X / X.sum(axis=0)
    e = -(P * np.log(P)).sum(axis=0) / np.log(X.shape[0])
    entropy = (1 - e) / (1 - e).sum()
    N = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    sigma = N.std(axis=0, ddof=1)
    C = sigma * (1 - np.corrcoef(N.T)).sum(axis=0)
    critic = C / C.sum()
    std = X.std(axis=0, ddof=1) / X.std(axis=0, ddof=1).sum()
    for kind, expected, theirs in (
        ("entropy", entropy, reference.entropy_weights(X)),
        ("critic", critic, reference.critic_weights(X)),
        ("std", std, reference.standard_deviation_weights(X)),
    ):
        found = objective_weights(X, kind)
        assert found.tolist() == pytest.approx(expected.tolist())
        assert found.tolist() == pytest.approx(np.asarray(theirs).tolist())


@pytest.mark.parametrize(
    ("kind", "matrix", "published", "decimals"),
    [
        pytest.param(
            "entropy",
            [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]],
            [0.4630, 0.3992, 0.1378, 0.0000],
            4,
            id="entropy-xu-2004",
        ),
        pytest.param(
            "entropy",
            [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]],
            [0.1146, 0.1981, 0.4185, 0.2689],
            4,
            id="entropy-zavadskas-podvezko-2016",
        ),
        pytest.param(
            "entropy",
            [
                [256, 8, 41, 1.6, 1.77, 7347.16],
                [256, 8, 32, 1.0, 1.8, 6919.99],
                [256, 8, 53, 1.6, 1.9, 8400],
                [256, 8, 41, 1.0, 1.75, 6808.9],
                [512, 8, 35, 1.6, 1.7, 8479.99],
                [256, 4, 35, 1.6, 1.7, 7499.99],
            ],
            [0.405, 0.221, 0.134, 0.199, 0.007, 0.034],
            3,
            id="entropy-ersoy-2021",
        ),
        pytest.param(
            "critic",
            [
                [5000, 3, 3, 4, 3, 2],
                [680, 5, 3, 2, 2, 1],
                [2000, 3, 2, 3, 4, 3],
                [600, 4, 3, 1, 2, 2],
                [800, 2, 4, 3, 3, 4],
            ],
            [0.157, 0.249, 0.168, 0.121, 0.154, 0.151],
            3,
            id="critic-tus-aytac-adali-2019",
        ),
        pytest.param(
            "std",
            [
                [0.619, 0.449, 0.447],
                [0.862, 0.466, 0.006],
                [0.458, 0.698, 0.771],
                [0.777, 0.631, 0.491],
                [0.567, 0.992, 0.968],
            ],
            [0.217, 0.294, 0.488],
            3,
            id="std-salabun-watrobski-shekhovtsov-2020",
        ),
    ],
)
def test_objective_weights_reproduce_published_examples(
    kind: str, matrix: list[list[float]], published: list[float], decimals: int
) -> None:
    """`--weights entropy|critic|std` on published worked examples, to the printed decimals.
    The matrices and weights are as pyrepo-mcda's tests quote them (energyinpython/pyrepo-mcda,
    tests/test_weighting_methods.py: Test_Entropy, Test_Entropy2, Test_Entropy3, Test_CRITIC,
    Test_STD), from:

    - Xu, X. (2004). A note on the subjective and objective integrated approach to determine
      attribute weights. EJOR 156(2), 530-532, doi:10.1016/S0377-2217(03)00146-2 (entropy);
    - Zavadskas, E. K., & Podvezko, V. (2016). Integrated determination of objective criteria
      weights in MCDM. IJITDM 15(2), 267-283 (entropy);
    - Ersoy, Y. (2021). Equipment selection for an e-commerce company using entropy-based
      TOPSIS, EDAS and CODAS methods during the COVID-19. LogForum 17(3),
      doi:10.17270/J.LOG.2021.603 (entropy);
    - Tuş, A., & Aytaç Adalı, E. (2019). The new combination with CRITIC and WASPAS methods for
      the time and attendance software selection problem. Opsearch 56(2), 528-538,
      doi:10.1007/s12597-019-00371-6 (CRITIC);
    - Sałabun, W., Wątróbski, J., & Shekhovtsov, A. (2020). Are MCDA methods benchmarkable? A
      comparative study of TOPSIS, VIKOR, COPRAS, and PROMETHEE II methods. Symmetry 12(9),
      1549, doi:10.3390/sym12091549 (standard deviation).

    The examples' criterion types are no input: `objective_weights` takes none (as pymcdm's
    functions) and reproduces the printed weights without them.
    """
    from prioritizer.core.rank import objective_weights

    found = objective_weights(np.array(matrix, dtype=float), kind)
    assert np.round(found, decimals).tolist() == published


def test_objective_weights_from_the_command_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    matrix = write_matrix(tmp_path)
    bare = tmp_path / "c.csv"
    bare.write_text("id,type\nimpact,benefit\nreach,benefit\ncost,cost\n")
    args = ("rank", "--matrix", str(matrix), "--criteria", str(bare))
    payload = json.loads(cli(*args, "--weights", "entropy", "--json").stdout)
    from prioritizer.core.rank import objective_weights

    expected = objective_weights(X, "entropy")
    assert payload["weights"] == pytest.approx(expected.tolist())
    assert list(payload["objective_weights"]["weights"]) == list(CRITERIA)
    assert "subjective_weights" not in payload
    text = " ".join(cli(*args, "--weights", "std", "--lang", "es").stdout.split())
    assert "Pesos obtenidos de los datos (std):" in text
    missing = cli(*args)  # no weights in the file and none asked from the data
    assert missing.code == 2 and "weight" in missing.stderr
    region = cli("rank", "--region", "cusco", "--weights", "critic")
    assert region.code == 2 and "only with --matrix" in region.stderr
