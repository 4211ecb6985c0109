"""Tests of prioritizer.core.weigh.consensus: Goepel's (2018) published validation case and
formulas, a plain-Python oracle of AHP-OS's indicator, invariants, and the sub-groups."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritizer.core.weigh import StakeholderInput, aggregate_weights, consistent_matrix
from prioritizer.core.weigh.consensus import (
    ahp_consensus,
    consensus,
    consensus_of,
    minimum_alpha_entropy,
)
from prioritizer.data.load.reference import load_consensus_scale
from prioritizer.errors import InvalidMatrix

WORDING = load_consensus_scale()
SAATY_RI = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}


def _extreme(n: int, favourite: int, m: float = 9.0) -> list[float]:
    """Weights from judging one criterion m times as important as each other (consistent)."""
    return [m if k == favourite else 1.0 for k in range(n)]


def _ids(count: int, prefix: str) -> list[str]:
    return [f"{prefix}{k}" for k in range(count)]


def _oracle(weights: list[list[float]], m: float = 9.0) -> float:
    """AHP-OS's indicator for equal influence in plain Python: Hα the mean of the participants'
    Shannon entropies, Hγ that of their mean priorities, Hβ = Hγ − Hα, and
    S* = (1/e^Hβ − 1/cor)/(1 − 1/cor), cor = n / e^Hα,min (Goepel 2018, eqs. 11-21)."""
    k, n = len(weights), len(weights[0])
    rows = [[v / sum(row) for v in row] for row in weights]
    alpha = sum(-sum(p * math.log(p) for p in row if p > 0) for row in rows) / k
    mean = [sum(row[j] for row in rows) / k for j in range(n)]
    gamma = -sum(p * math.log(p) for p in mean if p > 0)
    top, rest = m / (n + m - 1), 1 / (n + m - 1)
    h_min = -top * math.log(top) - (n - 1) * rest * math.log(rest)
    cor = n / math.exp(h_min)
    return 100 * (1 / math.exp(gamma - alpha) - 1 / cor) / (1 - 1 / cor)


# -- published -----------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 4, 7, 9])
def test_goepel_2018_validation_each_participant_puts_a_different_criterion_first(n: int) -> None:
    """Goepel (2018, section 7): k participants for k criteria, each judging a different one
    extremely (M = 9) more important than all others, must give 0% consensus."""
    result = consensus(
        [_extreme(n, k) for k in range(n)], _ids(n, "p"), _ids(n, "c"), verbal_scale=WORDING
    )
    assert result.consensus == pytest.approx(0.0, abs=1e-9)
    assert result.label == "very-low"
    assert result.beta_entropy == pytest.approx(math.log(n) - minimum_alpha_entropy(n, 9.0))


def test_minimum_alpha_entropy_goepel_2018_eq_16() -> None:
    """Eq. 16 for n = 2, M = 9: the weights 0.9 and 0.1."""
    assert minimum_alpha_entropy(2, 9.0) == pytest.approx(
        -0.9 * math.log(0.9) - 0.1 * math.log(0.1)
    )


def test_verbal_bands_of_goepel_2018_table_2() -> None:
    """Table 2: ≤ 50% very low, 50-65 low, 65-75 moderate, 75-85 high, ≥ 85 very high."""
    labels = {x: WORDING.label(x) for x in (0, 50, 50.1, 65, 70, 75.1, 84.9, 85.1, 100)}
    assert labels == {
        0: "very-low",
        50: "very-low",
        50.1: "low",
        65: "low",
        70: "moderate",
        75.1: "high",
        84.9: "high",
        85.1: "very-high",
        100: "very-high",
    }


# -- oracle and invariants -----------------------------------------------------------------------
weight_rows = st.integers(2, 6).flatmap(
    lambda n: st.lists(
        st.lists(st.floats(0.02, 1.0), min_size=n, max_size=n), min_size=2, max_size=7
    )
)


@settings(max_examples=150, deadline=None)
@given(weight_rows)
def test_prop_equal_influence_is_ahp_os_indicator(rows: list[list[float]]) -> None:
    """Independent oracle: the formulas written out in plain Python (clipped to [0, 100])."""
    result = consensus(rows, _ids(len(rows), "p"), _ids(len(rows[0]), "c"), verbal_scale=WORDING)
    assert result.consensus == pytest.approx(min(100.0, max(0.0, _oracle(rows))), abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(weight_rows, st.data())
def test_prop_consensus_in_0_100_and_permutation_invariant(
    rows: list[list[float]], data: st.DataObject
) -> None:
    influence = data.draw(st.lists(st.floats(0.1, 5.0), min_size=len(rows), max_size=len(rows)))
    people, criteria = _ids(len(rows), "p"), _ids(len(rows[0]), "c")
    result = consensus(rows, people, criteria, verbal_scale=WORDING, influence=influence)
    assert result.consensus is not None and 0.0 <= result.consensus <= 100.0
    assert result.beta_entropy >= 0.0
    order = data.draw(st.permutations(range(len(rows))))
    shuffled = consensus(
        [rows[k] for k in order],
        [people[k] for k in order],
        criteria,
        verbal_scale=WORDING,
        influence=[influence[k] for k in order],
    )
    assert shuffled.consensus == pytest.approx(result.consensus, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.02, 1.0), min_size=2, max_size=8), st.integers(2, 6))
def test_prop_identical_weights_are_full_consensus(row: list[float], k: int) -> None:
    result = consensus([row] * k, _ids(k, "p"), _ids(len(row), "c"), verbal_scale=WORDING)
    assert result.consensus == pytest.approx(100.0, abs=1e-9) and result.label == "very-high"
    assert np.allclose(result.similarity, 100.0)
    assert result.subgroups[0].members == tuple(_ids(k, "p")) and result.unclustered == ()
    assert all(s.distance == pytest.approx(0.0, abs=1e-12) for s in result.stakeholders)


@settings(max_examples=60, deadline=None)
@given(weight_rows, st.floats(50.0, 95.0))
def test_prop_every_subgroup_reaches_the_threshold_and_none_can_merge(
    rows: list[list[float]], threshold: float
) -> None:
    """Brute-force check of the sub-groups: each reaches the threshold, they partition the
    stakeholders with the unclustered ones, and no two of the final clusters could merge."""
    people, criteria = _ids(len(rows), "p"), _ids(len(rows[0]), "c")
    result = consensus(rows, people, criteria, verbal_scale=WORDING, subgroup_threshold=threshold)
    clusters = [list(g.members) for g in result.subgroups] + [[p] for p in result.unclustered]
    assert sorted(p for c in clusters for p in c) == sorted(people)
    for group in result.subgroups:
        assert group.consensus >= threshold
        inner = consensus(
            [rows[people.index(p)] for p in group.members],
            list(group.members),
            criteria,
            verbal_scale=WORDING,
        )
        assert inner.consensus == pytest.approx(group.consensus, abs=1e-9)
    for first, second in itertools.combinations(clusters, 2):
        union = first + second
        merged = consensus(
            [rows[people.index(p)] for p in union], union, criteria, verbal_scale=WORDING
        )
        assert merged.consensus is not None and merged.consensus < threshold


# -- a workshop ----------------------------------------------------------------------------------
def test_two_camps_are_found_and_the_outsider_left_alone() -> None:
    """Three stakeholders put specialization first, three put cost first, one weighs all alike:
    the group's consensus is low, the camps are two sub-groups with high consensus each."""
    ids = ["specialization", "diversification", "global-context", "cost"]
    camp_a = [_extreme(4, 0, m) for m in (5, 6, 7)]
    camp_b = [_extreme(4, 3, m) for m in (5, 6, 7)]
    rows = [*camp_a, *camp_b, [1.0, 1.0, 1.0, 1.0]]
    people = ["a1", "a2", "a3", "b1", "b2", "b3", "even"]
    result = consensus(rows, people, ids, verbal_scale=WORDING, subgroup_threshold=85.0)
    assert result.consensus is not None and result.consensus < 65.0
    assert [g.members for g in result.subgroups] == [("a1", "a2", "a3"), ("b1", "b2", "b3")]
    assert all(g.consensus >= 85.0 and g.label == "very-high" for g in result.subgroups)
    assert result.unclustered == ("even",)
    assert result.similarity[0, 1] > result.similarity[0, 3]
    without = {s.id: s.consensus_without for s in result.stakeholders}
    assert without["even"] is not None and without["even"] < result.consensus


def test_the_odd_one_out_is_the_one_whose_absence_raises_the_consensus() -> None:
    """Four stakeholders put the first criterion first, one puts the last first: leaving the
    odd one out raises the consensus (to very high), leaving anyone else out lowers it."""
    rows = [*(_extreme(4, 0, m) for m in (5, 6, 7, 6)), _extreme(4, 3, 7)]
    people = ["a1", "a2", "a3", "a4", "odd"]
    result = consensus(rows, people, _ids(4, "c"), verbal_scale=WORDING)
    assert result.consensus is not None
    without = {s.id: s.consensus_without for s in result.stakeholders}
    assert max(without, key=lambda person: without[person] or 0.0) == "odd"
    assert all((without[p] or 0.0) < result.consensus for p in people[:4])
    assert WORDING.label(without["odd"] or 0.0) == "very-high"
    assert max(result.stakeholders, key=lambda s: s.distance).id == "odd"
    assert result.unclustered == ("odd",)


def test_consensus_of_a_weight_set_uses_its_stakeholders_and_influence() -> None:
    """From `aggregate_weights`: the same as passing the stakeholders' weights and shares."""
    ids = ["a", "b", "c"]
    people = [
        StakeholderInput("p", "P", 2.0, matrix=consistent_matrix([3, 2, 1])),
        StakeholderInput("q", "Q", 1.0, matrix=consistent_matrix([1, 2, 3])),
        StakeholderInput("r", "R", 1.0, points={"a": 1, "b": 1, "c": 2}),
    ]
    weight_set = aggregate_weights(people, ids, random_index=SAATY_RI)
    ours = consensus_of(weight_set, verbal_scale=WORDING)
    direct = consensus(
        [s.weights for s in weight_set.stakeholders],
        ["p", "q", "r"],
        ids,
        verbal_scale=WORDING,
        influence=[2, 1, 1],
    )
    assert ours.consensus == pytest.approx(direct.consensus)
    assert [s.influence for s in ours.stakeholders] == pytest.approx([0.5, 0.25, 0.25])
    np.testing.assert_allclose(
        ours.weights, [0.5, 0.25, 0.25] @ np.array([s.weights for s in weight_set.stakeholders])
    )


def test_one_stakeholder_has_no_consensus_and_zero_weights_have_no_compatibility() -> None:
    alone = consensus([[1, 2, 3]], ["p"], ["a", "b", "c"], verbal_scale=WORDING)
    assert alone.consensus is None and alone.label is None and alone.unclustered == ("p",)
    pair = consensus([[0, 1, 1], [1, 1, 1]], ["p", "q"], ["a", "b", "c"], verbal_scale=WORDING)
    assert pair.stakeholders[0].compatibility is None
    assert pair.stakeholders[1].compatibility is not None
    assert pair.stakeholders[0].consensus_without is None
    assert pair.to_dict()["stakeholders"][0]["weights"]["a"] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "part"),
    [
        ({"weights": [[1, 2]]}, "one row per stakeholder (2) and one column per criterion (3)"),
        ({"weights": [[1, -2, 3], [1, 1, 1]]}, "finite numbers >= 0 with a positive sum"),
        ({"weights": [[0, 0, 0], [1, 1, 1]]}, "finite numbers >= 0 with a positive sum"),
        ({"influence": [1, 0]}, "a positive number"),
        ({"influence": [1]}, "one value per stakeholder (2)"),
        ({"scale_max": 1.0}, "a number > 1"),
        ({"subgroup_threshold": 101.0}, "a percentage from 0 to 100"),
        ({"stakeholders": ["p", "p"]}, "each id once"),
    ],
)
def test_bad_input_is_named(kwargs: dict[str, object], part: str) -> None:
    arguments: dict[str, object] = {
        "weights": [[1, 2, 3], [3, 2, 1]],
        "stakeholders": ["p", "q"],
        "ids": ["a", "b", "c"],
        "verbal_scale": WORDING,
        **kwargs,
    }
    with pytest.raises(InvalidMatrix) as caught:
        consensus(**arguments)  # type: ignore[arg-type]
    assert part in caught.value.message()


def test_ahp_consensus_clips_weights_beyond_the_scale_to_zero() -> None:
    """One-hot weights (direct points with zeros) are more extreme than judgments up to 9 allow:
    the formula goes below 0 and is reported as 0."""
    n = 3
    raw = 100 * (math.exp(-math.log(n)) - math.exp(minimum_alpha_entropy(n, 9.0)) / n)
    assert raw < 0
    assert ahp_consensus(math.log(n), n, 9.0) == 0.0


def test_a_verbal_scale_must_rise_to_100() -> None:
    from pydantic import ValidationError

    from prioritizer.data.models.consensus import ConsensusScale

    bands = [{"id": "low", "up_to": 60}, {"id": "high", "up_to": 50}]
    with pytest.raises(ValidationError, match="increase band by band up to 100"):
        ConsensusScale.model_validate({"source": "test", "bands": bands})
    with pytest.raises(ValidationError, match="increase band by band up to 100"):
        ConsensusScale.model_validate({"source": "test", "bands": bands[:1]})
