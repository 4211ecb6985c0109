"""`prioritizer ahp HIERARCHY.yaml`: published worked examples, a plain numpy synthesis, the
invariants of both modes and of ratings, and the file/line errors of the format."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from prioritizer.core.weigh.hierarchy import synthesize
from prioritizer.data.load.hierarchy import load_hierarchy
from prioritizer.errors import InvalidMatrix
from prioritizer.results.hierarchy import HierarchySpec, NodeSpec, ScaleSpec, Synthesis
from tests.conftest import Run

CAR = Path(__file__).parents[1] / "docs" / "examples" / "car.yaml"
SAATY_1980 = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}


def _payload(cli: Callable[..., Run], *args: str) -> dict:
    result = cli("ahp", *args, "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def _nodes(node: dict) -> list[dict]:
    return [node, *(n for child in node["children"] for n in _nodes(child))]


def test_car_example_matches_the_published_priorities(cli: Callable[..., Run]) -> None:
    """Wikipedia's "Analytic hierarchy process – car example", as AHPy's README (Griffith,
    PhilipGriffith/AHPy, "Purchasing a vehicle") publishes it: Odyssey 0.219, Accord Sedan
    0.215, CR-V 0.167, Accord Hybrid 0.150, Element 0.144, Pilot 0.106; local weights Cost
    0.51, Safety 0.234, Capacity 0.215, Style 0.041, Price 0.488, Fuel 0.252, Resale 0.161,
    Maintenance 0.1, Cargo 0.1667."""
    payload = _payload(cli, str(CAR))
    published = {
        "Odyssey": 0.219,
        "Accord Sedan": 0.215,
        "CR-V": 0.167,
        "Accord Hybrid": 0.150,
        "Element": 0.144,
        "Pilot": 0.106,
    }
    for car, value in published.items():
        assert payload["priorities"][car] == pytest.approx(value, abs=5e-4)
    local = {node["id"]: node["local_weight"] for node in _nodes(payload["goal"])}
    for node, value in {
        "Cost": 0.51,
        "Safety": 0.234,
        "Capacity": 0.215,
        "Style": 0.041,
        "Price": 0.488,
        "Fuel": 0.252,
        "Resale": 0.161,
        "Maintenance": 0.1,
        "Cargo": 0.1667,
    }.items():
        assert local[node] == pytest.approx(value, abs=5e-4), node
    price = next(n for n in _nodes(payload["goal"]) if n["id"] == "Price")
    assert price["alternatives"]["Element"] == pytest.approx(0.366, abs=5e-4)
    assert price["global_weight"] == pytest.approx(0.249, abs=5e-4)


LEADER = """\
goal: Choose a leader
alternatives: [Moll, Nell, Sue]
judgments:
  - [Experience, Education, 4]
  - [Experience, Charisma, 3]
  - [Experience, Age, 7]
  - [Education, Charisma, 1/3]
  - [Education, Age, 3]
  - [Charisma, Age, 5]
criteria:
  - id: Experience
    judgments: [[Moll, Nell, 1/4], [Moll, Sue, 4], [Nell, Sue, 9]]
  - id: Education
    judgments: [[Moll, Nell, 3], [Moll, Sue, 1/5], [Nell, Sue, 1/7]]
  - id: Charisma
    judgments: [[Moll, Nell, 5], [Moll, Sue, 9], [Nell, Sue, 4]]
  - id: Age
    judgments: [[Moll, Nell, 1/3], [Moll, Sue, 5], [Nell, Sue, 9]]
"""


def test_leader_example_matches_the_published_priorities(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Wikipedia's "Analytic hierarchy process – leader example", as AHPy's README ("Choosing a
    leader") publishes it: Nell 0.493, Moll 0.358, Sue 0.150; Experience 0.548, Charisma 0.27,
    Education 0.127, Age 0.056. AHPy rounds each level to 3 decimals before multiplying down,
    so the global priorities agree to 1e-3 (Sue: 0.1491 here)."""
    path = tmp_path / "leader.yaml"
    path.write_text(LEADER, encoding="utf-8")
    payload = _payload(cli, str(path))
    for name, value in {"Nell": 0.493, "Moll": 0.358, "Sue": 0.150}.items():
        assert payload["priorities"][name] == pytest.approx(value, abs=1e-3)
    local = {node["id"]: node["local_weight"] for node in payload["goal"]["children"]}
    assert [local[c] for c in ("Experience", "Charisma", "Education", "Age")] == pytest.approx(
        [0.548, 0.27, 0.127, 0.056], abs=5e-4
    )


# Papathanasiou & Ploskas (2018)'s AHP example: criteria C1-C4, then one alternatives matrix per
# criterion (A1-A6), as pyrepo-mcda's Test_AHP lists them (tests/test_mcda_methods_2.py).
PP_CRITERIA = [[1, 1, 5, 3], [1, 1, 5, 3], [1 / 5, 1 / 5, 1, 1 / 3], [1 / 3, 1 / 3, 3, 1]]
PP_ALTERNATIVES = [
    [
        [1, 5, 1, 1, 1 / 3, 3],
        [1 / 5, 1, 1 / 3, 1 / 5, 1 / 7, 1],
        [1, 3, 1, 1 / 3, 1 / 5, 1],
        [1, 5, 3, 1, 1 / 3, 3],
        [3, 7, 5, 3, 1, 7],
        [1 / 3, 1, 1, 1 / 3, 1 / 7, 1],
    ],
    [
        [1, 7, 3, 1 / 3, 1 / 3, 1 / 3],
        [1 / 7, 1, 1 / 3, 1 / 7, 1 / 9, 1 / 7],
        [1 / 3, 3, 1, 1 / 5, 1 / 5, 1 / 5],
        [3, 7, 5, 1, 1, 1],
        [3, 9, 5, 1, 1, 1],
        [3, 7, 5, 1, 1, 1],
    ],
    [
        [1, 1 / 9, 1 / 7, 1 / 9, 1, 1 / 5],
        [9, 1, 1, 1, 5, 3],
        [7, 1, 1, 1, 5, 1],
        [9, 1, 1, 1, 7, 3],
        [1, 1 / 5, 1 / 5, 1 / 7, 1, 1 / 3],
        [5, 1 / 3, 1, 1 / 3, 3, 1],
    ],
    [
        [1, 1 / 5, 1 / 5, 1 / 3, 1 / 7, 1 / 5],
        [5, 1, 1, 3, 1 / 3, 1],
        [5, 1, 1, 1, 1 / 3, 1],
        [3, 1 / 3, 1, 1, 1 / 7, 1],
        [7, 3, 3, 7, 1, 5],
        [5, 1, 1, 1, 1 / 5, 1],
    ],
]


def test_papathanasiou_ploskas_2018_example_matches_the_published_priorities(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Papathanasiou, J., & Ploskas, N. (2018). AHP. In Multiple Criteria Decision Aid: Methods,
    Examples and Python Implementations (pp. 109-129). Springer,
    doi:10.1007/978-3-319-91648-4_5: four criteria, six alternatives compared pairwise under
    each, distributive synthesis: A1 .117, A2 .071, A3 .095, A4 .212, A5 .350, A6 .155, as
    quoted to three decimals by pyrepo-mcda's Test_AHP (tests/test_mcda_methods_2.py)."""
    criteria = [f"C{k}" for k in range(1, 5)]
    alternatives = [f"A{k}" for k in range(1, 7)]
    text = "goal: Papathanasiou & Ploskas AHP example\n"
    text += f"alternatives: [{', '.join(alternatives)}]\njudgments:\n"
    text += _judgments(criteria, np.array(PP_CRITERIA), "  ")
    text += "criteria:\n"
    for criterion, matrix in zip(criteria, PP_ALTERNATIVES, strict=True):
        text += f"  - id: {criterion}\n    judgments:\n"
        text += _judgments(alternatives, np.array(matrix), "      ")
    path = tmp_path / "papathanasiou_ploskas.yaml"
    path.write_text(text, encoding="utf-8")
    payload = _payload(cli, str(path))
    published = [0.117, 0.071, 0.095, 0.212, 0.350, 0.155]
    assert [round(payload["priorities"][a], 3) for a in alternatives] == published


# -- a plain numpy synthesis ----------------------------------------------------------------
def _eigenvector(a: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eig(a)
    w = np.abs(vectors[:, int(np.argmax(values.real))].real)
    return w / w.sum()


def _random_matrix(rng: np.random.Generator, n: int) -> np.ndarray:
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    a = np.ones((n, n))
    for i, j in itertools.combinations(range(n), 2):
        a[i, j] = rng.choice(scale)
        a[j, i] = 1 / a[i, j]
    return a


def _judgments(ids: list[str], a: np.ndarray, indent: str) -> str:
    return "".join(
        f"{indent}- [{ids[i]}, {ids[j]}, {float(a[i, j])!r}]\n"
        for i, j in itertools.combinations(range(len(ids)), 2)
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("mode", ["distributive", "ideal"])
def test_synthesis_equals_a_plain_numpy_composition(tmp_path: Path, seed: int, mode: str) -> None:
    """Two criteria with two and three sub-criteria, four alternatives, random judgments on
    Saaty's scale: global = Σ_leaf w_parent · w_leaf · p_leaf (p: eigenvector, divided by its
    max in ideal mode), normalised; CRs are (λmax − n)/(n − 1)/RI(n)."""
    rng = np.random.default_rng(seed)
    alternatives = ["a1", "a2", "a3", "a4"]
    tree = {"c1": ["s1", "s2"], "c2": ["s3", "s4", "s5"]}
    top = _random_matrix(rng, 2)
    text = "goal: g\nalternatives: [a1, a2, a3, a4]\njudgments:\n" + _judgments(
        ["c1", "c2"], top, "  "
    )
    text += "criteria:\n"
    expected = np.zeros(4)
    crs = {}
    for k, (criterion, leaves) in enumerate(tree.items()):
        sub = _random_matrix(rng, len(leaves))
        text += f"  - id: {criterion}\n    judgments:\n" + _judgments(leaves, sub, "      ")
        text += "    criteria:\n"
        for m, leaf in enumerate(leaves):
            a = _random_matrix(rng, 4)
            text += f"      - id: {leaf}\n        judgments:\n" + _judgments(
                alternatives, a, "          "
            )
            p = _eigenvector(a)
            if mode == "ideal":
                p = p / p.max()
            expected += _eigenvector(top)[k] * _eigenvector(sub)[m] * p
            lam = float(np.max(np.linalg.eigvals(a).real))
            crs[leaf] = (lam - 4) / 3 / SAATY_1980[4]
    path = tmp_path / "random.yaml"
    path.write_text(text, encoding="utf-8")
    result = synthesize(load_hierarchy(path), random_index=SAATY_1980, mode=Synthesis(mode))
    assert result.priorities == pytest.approx(expected / expected.sum())
    assert result.scores == pytest.approx(expected)
    found = {node.id: node.consistency_ratio for node in result.goal.walk()}
    for leaf, cr in crs.items():
        assert found[leaf] == pytest.approx(cr, abs=1e-9)


# -- invariants -----------------------------------------------------------------------------
def test_distributive_priorities_sum_to_one_and_ideal_leaves_peak_at_one() -> None:
    spec = load_hierarchy(CAR)
    distributive = synthesize(spec, random_index=SAATY_1980)
    assert float(distributive.scores.sum()) == pytest.approx(1.0)
    assert sum(node.global_weight for node in distributive.goal.walk() if not node.children) == (
        pytest.approx(1.0)
    )
    ideal = synthesize(spec, random_index=SAATY_1980, mode=Synthesis.IDEAL)
    leaves = [node for node in ideal.goal.walk() if node.alternatives is not None]
    assert len(leaves) == 8
    assert all(float(np.max(node.alternatives)) == pytest.approx(1.0) for node in leaves)
    assert float(ideal.priorities.sum()) == pytest.approx(1.0)
    assert distributive.priorities != pytest.approx(ideal.priorities)


def test_a_consistent_hierarchy_has_every_cr_zero_and_the_product_of_weights(
    tmp_path: Path,
) -> None:
    """Judgments a_ij = w_i/w_j everywhere: every CR is 0 and the priorities are the products
    of the weights the judgments were made from."""
    top, x, y = np.array([0.6, 0.4]), np.array([0.5, 0.3, 0.2]), np.array([0.1, 0.7, 0.2])
    text = "goal: g\nalternatives: [A, B, C]\njudgments:\n"
    text += _judgments(["x", "y"], np.outer(top, 1 / top), "  ") + "criteria:\n"
    for name, w in (("x", x), ("y", y)):
        text += f"  - id: {name}\n    judgments:\n" + _judgments(
            list("ABC"), np.outer(w, 1 / w), "      "
        )
    path = tmp_path / "consistent.yaml"
    path.write_text(text, encoding="utf-8")
    result = synthesize(load_hierarchy(path), random_index=SAATY_1980)
    assert all(
        node.consistency_ratio == pytest.approx(0.0, abs=1e-12)
        for node in result.goal.walk()
        if node.ahp is not None
    )
    assert result.priorities == pytest.approx(0.6 * x + 0.4 * y)


RATED = """\
goal: Hire
alternatives: [Ann, Bob, Cy]
judgments: [[skill, attitude, 3]]
scales:
  grade:
    intensities: [excellent, good, poor]
    judgments: [[excellent, good, 2], [excellent, poor, 6], [good, poor, 3]]
  level:
    values: {high: 10, medium: 5, low: 2}
criteria:
  - id: skill
    scale: grade
    ratings: {Ann: good, Bob: poor, Cy: good}
  - id: attitude
    scale: level
    ratings: {Ann: high, Bob: medium, Cy: low}
"""


@pytest.mark.parametrize("mode", ["distributive", "ideal"])
def test_ratings_use_the_scale_values_idealised(tmp_path: Path, mode: str) -> None:
    """Absolute measurement (Saaty 1994): the grade scale's values are its eigenvector over the
    largest (the consistent 6:3:1 gives 1, 1/2, 1/6); given values are divided by the largest.
    Ideal mode keeps them (nobody rated excellent: skill stays below 1), distributive mode
    divides by their sum over the alternatives."""
    path = tmp_path / "rated.yaml"
    path.write_text(RATED, encoding="utf-8")
    result = synthesize(load_hierarchy(path), random_index=SAATY_1980, mode=Synthesis(mode))
    grade = next(scale for scale in result.scales if scale.id == "grade")
    assert grade.values == pytest.approx([1.0, 0.5, 1 / 6])
    assert grade.ahp is not None and grade.ahp.consistency_ratio == pytest.approx(0, abs=1e-12)
    skill = np.array([0.5, 1 / 6, 0.5])
    attitude = np.array([1.0, 0.5, 0.2])
    if mode == "distributive":
        skill, attitude = skill / skill.sum(), attitude / attitude.sum()
    scores = 0.75 * skill + 0.25 * attitude
    assert result.scores == pytest.approx(scores)
    assert result.priorities == pytest.approx(scores / scores.sum())


# -- the command line -----------------------------------------------------------------------
def test_text_in_english_and_spanish_and_ideal_mode(cli: Callable[..., Run]) -> None:
    english = cli("ahp", str(CAR))
    assert english.code == 0 and "global priorities (distributive mode)" in english.stdout
    assert "Too inconsistent (CR > 0.10), review: Style." in english.stdout
    spanish = cli("ahp", str(CAR), "--mode", "ideal", "--lang", "es")
    assert spanish.code == 0 and "prioridades globales (modo ideal)" in spanish.stdout
    payload = _payload(cli, str(CAR), "--mode", "ideal")
    assert payload["mode"] == "ideal" and payload["inconsistent"] == ["Style"]


@pytest.mark.parametrize(
    ("change", "parts"),
    [
        (("[Cost, Safety, 3]", "[Cost, Safty, 3]"), ("line 9", "'Safty'", "Cost, Safety")),
        (("  - [Cost, Style, 7]\n", ""), ("line 8", "missing Cost, Style")),
        (("[Cost, Style, 7]", "[Cost, Style, 0.1]"), ("line 10", "1/7, 1/8, 1/9")),
        (
            ("[Cost, Style, 7]", "[Style, Cost, 1/7]\n  - [Cost, Style, 7]"),
            ("line 11", "pair once"),
        ),
        (
            ("  - id: Style\n", "  - id: Style\n    wieght: 2\n"),
            ("line 111", "criteria.2.wieght", "known field name"),
        ),
        (("  - id: Style\n", "  - id: Price\n"), ("'Price'", "each id once")),
        (
            ("alternatives: [Accord Sedan,", "alternatives: [Style, Accord Sedan,"),
            ("'Style'", "a criterion id that no alternative has"),
        ),
        (("  - id: Style\n", "  - id: Safety\n"), ("line 110", "'Safety'", "each id once")),
    ],
    ids=[
        "unknown-name",
        "missing-pair",
        "ambiguous-decimal",
        "pair-twice",
        "typo",
        "same-id",
        "criterion-named-like-an-alternative",
        "sibling-given-twice",
    ],
)
def test_errors_name_the_file_and_line(
    cli: Callable[..., Run], tmp_path: Path, change: tuple[str, str], parts: tuple[str, ...]
) -> None:
    text = CAR.read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "car.yaml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = cli("ahp", str(path))
    assert result.code == 2 and result.stdout == "", result.stdout
    assert "car.yaml" in result.stderr and result.stderr.count("\n") == 1
    for part in parts:
        assert part in result.stderr, (part, result.stderr)


def test_rating_errors_in_spanish(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "rated.yaml"
    path.write_text(RATED.replace("Cy: good}", "Cy: great}"), encoding="utf-8")
    result = cli("ahp", str(path), "--lang", "es")
    assert result.code == 2
    assert (
        "línea 13" in result.stderr
        and "'Cy'" in result.stderr
        and "una intensidad de la escala grade" in result.stderr
    )


def test_printed_decimals_in_a_hierarchy_are_read_with_a_note(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "leader.yaml"
    path.write_text(LEADER.replace("[Education, Charisma, 1/3]", "[Education, Charisma, 0.33]"))
    payload = _payload(cli, str(path))
    assert payload["priorities"]["Nell"] == pytest.approx(0.493, abs=5e-4)
    assert payload["notes"] == ["0.33 read as 1/3, the reciprocal it rounds (Education/Charisma)"]


def test_a_judgment_beyond_saatys_scale_in_a_hierarchy_is_noted(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "leader.yaml"
    path.write_text(LEADER.replace("[Education, Charisma, 1/3]", "[Education, Charisma, 1/12]"))
    payload = _payload(cli, str(path))
    assert payload["notes"] == [
        "Charisma/Education = 12 beyond Saaty's scale (1/9 to 9): used as the ratios written,"
        " but the CR's random index assumes that scale"
    ]


def test_the_readme_example_runs(tmp_path: Path) -> None:
    """The format shown in README ("AHP hierarchies") is read as documented: the comfort leaf
    is rated (good 1/2, excellent 1 on the consistent 6:3:1 grade scale, over their sum)."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\ngoal: Choose a car", 1)[1].split("```", 1)[0]
    path = tmp_path / "readme.yaml"
    path.write_text("goal: Choose a car" + block, encoding="utf-8")
    result = synthesize(load_hierarchy(path), random_index=SAATY_1980)
    comfort = next(node for node in result.goal.walk() if node.id == "Comfort")
    assert comfort.ratings == ("good", "good", "excellent")
    assert comfort.alternatives == pytest.approx([0.25, 0.25, 0.5])
    assert float(result.priorities.sum()) == pytest.approx(1.0)


def test_a_bad_matrix_is_named_by_its_node_or_scale() -> None:
    """A complaint about a pairwise matrix says which criterion node or rating scale holds it."""
    bad = ((1.0, -2.0), (0.5, 1.0))
    node = NodeSpec("price", "Price", matrix=bad)
    spec = HierarchySpec("h.yaml", NodeSpec("goal", "Goal", (node,)), ("a", "b"))
    with pytest.raises(InvalidMatrix) as error:
        synthesize(spec, random_index=SAATY_1980)
    assert error.value.field.startswith("criterion 'price': ")
    assert "positive number" in error.value.expected
    scale = ScaleSpec("stars", ("high", "low"), matrix=bad)
    leaf = NodeSpec("looks", "Looks", scale="stars", ratings=("high", "low"))
    rated = HierarchySpec("h.yaml", NodeSpec("goal", "Goal", (leaf,)), ("a", "b"), (scale,))
    with pytest.raises(InvalidMatrix) as error:
        synthesize(rated, random_index=SAATY_1980)
    assert error.value.field.startswith("scale 'stars': ")
