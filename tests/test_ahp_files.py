"""`weights ahp` on files as analysts print them: upper triangle, pair lists, rounded decimals,
and a group of matrix files with influences (AIJ and AIP)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from prioritizer.data.load.pairwise import printed_reciprocals
from tests.conftest import Run

FULL = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _eigenvector(a: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eig(a)
    w = np.abs(vectors[:, int(np.argmax(values.real))].real)
    return w / w.sum()


def _weights(cli: Callable[..., Run], *args: str) -> dict:
    result = cli("weights", "ahp", *args, "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.33", (3,)),
        ("0.14", (7,)),
        ("0.333", (3,)),
        ("0,17", (6,)),
        ("0.1", (7, 8, 9)),
        ("0.11", (9,)),
        ("0.2", ()),  # exactly 1/5: nothing to read differently
        ("0.25", ()),
        ("0.3", (3, 4)),  # 1/3, and 1/4 = 0.25 rounded half up
        ("0.35", ()),  # 0.35 is no rounding of any 1/k
        ("0.4", ()),
        ("3", ()),
    ],
)
def test_printed_decimals_are_read_as_the_reciprocal_they_round(text: str, expected: tuple) -> None:
    assert printed_reciprocals(text) == expected


def test_upper_triangle_matrix_equals_the_full_one(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A blank lower triangle is implied by the upper one, not a set of missing judgments."""
    upper = _write(tmp_path, "upper.csv", "id,a,b,c\na,1,3,5\nb,,1,2\nc,,,1\n")
    payload = _weights(cli, upper)
    assert "missing" not in payload and "notes" not in payload
    assert list(payload["weights"].values()) == pytest.approx(_eigenvector(np.array(FULL)))
    assert np.allclose(payload["matrix"], FULL, rtol=1e-12)


def test_pair_list_equals_the_matrix(cli: Callable[..., Run], tmp_path: Path) -> None:
    pairs = _write(tmp_path, "pairs.csv", "row,column,value\na,b,3\nc,a,1/5\nb,c,2\n")
    payload = _weights(cli, pairs)
    assert list(payload["weights"]) == ["a", "b", "c"]
    assert list(payload["weights"].values()) == pytest.approx(_eigenvector(np.array(FULL)))


def test_pair_list_with_a_pair_missing_is_completed(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """a 3 x b, b 2 x c and nothing on a vs c: the completion is the consistent 6."""
    pairs = _write(tmp_path, "pairs.csv", "row,column,value\na,b,3\nb,c,2\n")
    payload = _weights(cli, pairs)
    assert list(payload["weights"].values()) == pytest.approx([6 / 9, 2 / 9, 1 / 9])
    assert payload["missing"][0]["completed"] == pytest.approx(6.0)


def test_pair_list_refuses_a_pair_given_twice(cli: Callable[..., Run], tmp_path: Path) -> None:
    pairs = _write(tmp_path, "pairs.csv", "row,column,value\na,b,3\nb,a,1/3\n")
    result = cli("weights", "ahp", pairs)
    assert result.code == 2 and "line 3" in result.stderr and "each pair once" in result.stderr


def test_printed_decimals_are_read_with_a_note(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Saaty's textbook matrices print 1/3 as 0.33 and 1/7 as 0.14: read as the fractions, and
    said so in text and JSON (English and Spanish)."""
    printed = _write(tmp_path, "printed.csv", "id,a,b,c\na,1,3,7\nb,0.33,1,2\nc,0.14,0.5,1\n")
    exact = [[1, 3, 7], [1 / 3, 1, 2], [1 / 7, 1 / 2, 1]]
    payload = _weights(cli, printed)
    assert np.allclose(payload["matrix"], exact, rtol=1e-12)
    assert payload["notes"] == [
        "0.33 read as 1/3, the reciprocal it rounds (b/a)",
        "0.14 read as 1/7, the reciprocal it rounds (c/a)",
    ]
    text = cli("weights", "ahp", printed, "--lang", "es")
    assert text.code == 0 and "0.33 se lee como 1/3" in text.stdout


def test_judgments_beyond_saatys_scale_are_used_with_a_note(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """A ratio of 12 (measured, say) is kept as written, but the CR's random index assumes
    Saaty's 1-9 scale: said once, naming the judgments, in English and Spanish."""
    wide = _write(tmp_path, "wide.csv", "id,a,b,c\na,1,12,3\nb,,1,1/15\nc,,,1\n")
    payload = _weights(cli, wide)
    assert payload["matrix"][0][1] == 12 and payload["matrix"][2][1] == 15
    assert payload["notes"] == [
        "a/b = 12, c/b = 15 beyond Saaty's scale (1/9 to 9): used as the ratios written, but"
        " the CR's random index assumes that scale"
    ]
    text = cli("weights", "ahp", wide, "--lang", "es")
    assert text.code == 0 and "fuera de la escala de Saaty" in " ".join(text.stdout.split())


def test_decimals_off_the_rounding_are_refused_as_before(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """0.4 beside 3 is no rounding of 1/3: the reciprocity check refuses it at its cell."""
    bad = _write(tmp_path, "bad.csv", "id,a,b\na,1,3\nb,0.4,1\n")
    result = cli("weights", "ahp", bad)
    assert result.code == 2 and "line 3" in result.stderr and "reciprocal" in result.stderr


def test_an_ambiguous_decimal_without_its_mirror_is_refused(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """0.1 rounds 1/7, 1/8 and 1/9; beside a 9 it is 1/9, alone it is a guess."""
    settled = _write(tmp_path, "settled.csv", "id,a,b\na,1,9\nb,0.1,1\n")
    assert _weights(cli, settled)["matrix"][1][0] == pytest.approx(1 / 9)
    alone = _write(tmp_path, "alone.csv", "row,column,value\na,b,0.1\n")
    result = cli("weights", "ahp", alone)
    assert result.code == 2 and "1/7, 1/8, 1/9" in result.stderr


MEMBERS = {
    "ana.csv": [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]],
    "ben.csv": [[1, 1 / 2, 3], [2, 1, 4], [1 / 3, 1 / 4, 1]],
    "eva.csv": [[1, 5, 9], [1 / 5, 1, 3], [1 / 9, 1 / 3, 1]],
}


def _group(tmp_path: Path) -> list[str]:
    paths = []
    for name, matrix in MEMBERS.items():
        rows = [
            f"{c},{','.join(f'{v:.17g}' for v in row)}"
            for c, row in zip("abc", matrix, strict=True)
        ]
        paths.append(_write(tmp_path, name, "id,a,b,c\n" + "\n".join(rows) + "\n"))
    return paths


def test_group_of_files_by_aij_is_the_weighted_geometric_mean(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Forman & Peniwati (1998) AIJ: the eigenvector of Π A_k^λ_k, λ = (2, 1, 1)/4; the group
    matrix has its own CR; each member keeps its own CR."""
    payload = _weights(cli, *_group(tmp_path), "--aggregation", "aij", "--influence", "2,1,1")
    influence = np.array([0.5, 0.25, 0.25])
    logs = np.array([np.log(np.array(m)) for m in MEMBERS.values()])
    group = np.exp(np.tensordot(influence, logs, axes=1))
    assert list(payload["weights"].values()) == pytest.approx(_eigenvector(group))
    assert payload["group"]["consistency_ratio"] is not None
    members = {m["id"]: m for m in payload["stakeholders"]}
    assert members["ana"]["influence"] == pytest.approx(0.5)
    for name, matrix in MEMBERS.items():
        member = members[name.removesuffix(".csv")]
        lam = float(np.max(np.linalg.eigvals(np.array(matrix)).real))
        assert member["consistency_ratio"] == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-9)


def test_group_of_files_by_aip_is_the_weighted_mean_of_priorities(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    payload = _weights(cli, *_group(tmp_path), "--aggregation", "aip", "--influence", "1,1,2")
    vectors = np.array([_eigenvector(np.array(m)) for m in MEMBERS.values()])
    expected = np.array([0.25, 0.25, 0.5]) @ vectors
    assert list(payload["weights"].values()) == pytest.approx(expected)
    assert sum(payload["weights"].values()) == pytest.approx(1.0)


def test_group_influence_count_must_match(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("weights", "ahp", *_group(tmp_path), "--influence", "2,1")
    assert result.code == 2 and "one value per matrix file (3)" in result.stderr


def test_group_members_with_the_same_file_name_are_told_apart(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    paths = []
    for folder, matrix in (("x", MEMBERS["ana.csv"]), ("y", MEMBERS["ben.csv"])):
        (tmp_path / folder).mkdir()
        rows = [
            f"{c},{','.join(f'{v:.17g}' for v in row)}"
            for c, row in zip("abc", matrix, strict=True)
        ]
        paths.append(
            _write(tmp_path / folder, "judgments.csv", "id,a,b,c\n" + "\n".join(rows) + "\n")
        )
    payload = _weights(cli, *paths)
    assert [m["id"] for m in payload["stakeholders"]] == paths


def _rgm(a: np.ndarray) -> np.ndarray:
    w = np.exp(np.log(a).mean(axis=1))
    return w / w.sum()


def _gci(a: np.ndarray, w: np.ndarray) -> float:
    n = len(w)
    errors = [np.log(a[i, j] * w[j] / w[i]) ** 2 for i in range(n) for j in range(i + 1, n)]
    return float(2 * sum(errors) / ((n - 1) * (n - 2)))


@pytest.mark.parametrize("aggregation", ["aij", "aip"])
def test_group_of_files_by_the_row_geometric_mean(
    cli: Callable[..., Run], tmp_path: Path, aggregation: str
) -> None:
    """`--priorities geometric` for a group: each member's RGM and GCI; AIJ's group is the RGM
    of the weighted geometric mean of the judgments, which is the normalised weighted geometric
    mean of the members' RGM vectors (checked that way); AIP the weighted arithmetic mean."""
    args = ["--aggregation", aggregation, "--influence", "2,1,1", "--priorities", "geometric"]
    payload = _weights(cli, *_group(tmp_path), *args)
    influence = np.array([0.5, 0.25, 0.25])
    vectors = np.array([_rgm(np.array(m)) for m in MEMBERS.values()])
    if aggregation == "aij":
        product = np.exp(influence @ np.log(vectors))
        expected = product / product.sum()
        group = np.array(payload["group"]["matrix"])
        assert payload["gci"] == pytest.approx(_gci(group, expected))
    else:
        expected = influence @ vectors
        assert payload["group"] is None and payload["gci"] is None
    assert payload["priorities"] == "geometric" and payload["method"] == aggregation
    assert list(payload["weights"].values()) == pytest.approx(expected)
    members = payload["stakeholders"]
    assert [m["influence"] for m in members] == pytest.approx(influence.tolist())
    for member, matrix in zip(members, MEMBERS.values(), strict=True):
        w = _rgm(np.array(matrix))
        assert list(member["weights"].values()) == pytest.approx(w)
        assert member["gci"] == pytest.approx(_gci(np.array(matrix), w))


def test_group_by_the_row_geometric_mean_names_an_inconsistent_file(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """A member past the GCI threshold (0.31 for n = 3) is named, in English and Spanish."""
    wild = _write(tmp_path, "wild.csv", "id,a,b,c\na,1,9,1/9\nb,1/9,1,9\nc,9,1/9,1\n")
    fine = _write(tmp_path, "fine.csv", "id,a,b,c\na,1,3,5\nb,1/3,1,2\nc,1/5,1/2,1\n")
    english = cli("weights", "ahp", wild, fine, "--priorities", "geometric")
    assert english.code == 0, english.stderr
    flat = " ".join(english.stdout.split())
    assert "GCI" in flat and "AIJ" in flat
    assert f"review: {wild}." in flat  # the file, as the eigenvector's group names it
    payload = _weights(cli, wild, wild, "--priorities", "geometric")
    assert payload["group"]["consistent"] is False  # the group of two wild files is wild too
    worst = payload["group"]["worst_judgment"]
    both = " ".join(cli("weights", "ahp", wild, wild, "--priorities", "geometric").stdout.split())
    assert worst is not None and f"{worst['row']} over {worst['column']}" in both
    spanish = cli("weights", "ahp", wild, fine, "--priorities", "geometric", "--lang", "es")
    assert f"revise: {wild}." in " ".join(spanish.stdout.split())


@pytest.mark.parametrize("priorities", ["eigenvector", "geometric"])
def test_group_names_the_file_of_a_bad_judgment(
    cli: Callable[..., Run], tmp_path: Path, priorities: str
) -> None:
    """A bad cell in one file of a group is named with its file, whichever priorities: the
    row geometric mean's group said only "judgment a over c (row 1, column 3) is 0.0"."""
    fine = _write(tmp_path, "fine.csv", "id,a,b,c\na,1,3,5\nb,1/3,1,2\nc,1/5,1/2,1\n")
    zero = _write(tmp_path, "zero.csv", "id,a,b,c\na,1,3,0\nb,1/3,1,2\nc,1/5,1/2,1\n")
    result = cli("weights", "ahp", fine, zero, "--priorities", priorities)
    assert result.code == 2
    assert "stakeholder 'zero'" in " ".join(result.stderr.split())


def test_group_by_the_row_geometric_mean_names_members_as_the_eigenvector_group(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Each member's JSON `id` and `name` are those of the eigenvector's group (the file's stem
    and the file), as GroupMember.to_dict says: the RGM group wrote the stem twice."""
    paths = _group(tmp_path)
    by_eigenvector = _weights(cli, *paths)["stakeholders"]
    by_rgm = _weights(cli, *paths, "--priorities", "geometric")["stakeholders"]
    assert [(m["id"], m["name"]) for m in by_rgm] == [(m["id"], m["name"]) for m in by_eigenvector]
    assert [m["name"] for m in by_rgm] == paths
