"""Published AHP group examples: Escobar, Aguarón & Moreno-Jiménez (2015), the HistoPark case
with unequal influences, checked through `weights ahp FILE... --influence` and
`--priorities geometric`; Kangas, Kangas & Kurttila (2008), three decision makers' judgments
combined by AIJ.

Escobar, M. T., Aguarón, J., & Moreno-Jiménez, J. M. (2015). Some extensions of the precise
consistency consensus matrix. Decision Support Systems, doi:10.1016/j.dss.2015.04.005.
Section 4: the spokespersons of three political parties (PSOE, PP, PAR), then a fourth (NP),
judge five values of a public investment (DUV, IUV, PUV, EV, BV); Tables 1 and 2 print their
5 x 5 matrices. Priorities are the row geometric mean (RGM), inconsistency the GCI. The numbers
were read in a markdown conversion of the article kept in a public GitHub repository, found by
a code search (the conversion's Zotero key is GBQCT8N9). The paper prints no AIP as a weighted
arithmetic mean (under the RGM its AIP, a weighted geometric mean of priorities, equals the
AIJ), so `--aggregation aip` has no published check here (tests/test_ahp_files.py checks it
against numpy).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from prioritizer.core.weigh import StakeholderInput, aggregate_weights
from prioritizer.core.weigh.consistency import geometric_consistency_index, geometric_priorities
from prioritizer.results.weights import Aggregation
from tests.conftest import Run

IDS = ("DUV", "IUV", "PUV", "EV", "BV")

# Tables 1 and 2, the upper triangles row by row, as printed.
UPPER = {
    "PSOE": ("3 5 8 6", "3 5 4", "3 2", "1/3"),
    "PP": ("3 7 9 5", "3 7 1", "5 1/5", "1/5"),
    "PAR": ("5 7 7 5", "1 5 1", "5 1/3", "1/5"),
    "NP": ("1/2 1/5 1/8 1/7", "1/4 1/6 1/5", "1/4 1/3", "3"),
}


def _csv(rows: tuple[str, ...]) -> str:
    """The party's matrix as `weights ahp` reads it: the upper triangle, the rest left blank."""
    lines = ["id," + ",".join(IDS)]
    for i, row in enumerate((*rows, "")):
        cells = [""] * i + ["1"] + row.split()
        lines.append(",".join([IDS[i], *cells]))
    return "\n".join(lines) + "\n"


def _files(tmp_path: Path, parties: tuple[str, ...]) -> list[str]:
    paths = []
    for party in parties:
        path = tmp_path / f"{party}.csv"
        path.write_text(_csv(UPPER[party]), encoding="utf-8")
        paths.append(str(path))
    return paths


def _json(cli: Callable[..., Run], *args: str) -> dict:
    result = cli("weights", "ahp", *args, "--json")
    assert result.code == 0, result.stderr
    payload: dict = json.loads(result.stdout)
    return payload


@pytest.mark.parametrize(
    ("party", "priorities", "gci"),
    [
        ("PSOE", (0.513, 0.251, 0.115, 0.042, 0.079), 0.143),
        ("PP", (0.520, 0.195, 0.072, 0.030, 0.182), 0.303),
        ("PAR", (0.560, 0.135, 0.101, 0.035, 0.168), 0.298),
        ("NP", (0.038, 0.059, 0.149, 0.480, 0.274), 0.203),
    ],
)
def test_row_geometric_mean_and_gci_of_each_party_table_3(
    cli: Callable[..., Run],
    tmp_path: Path,
    party: str,
    priorities: tuple[float, ...],
    gci: float,
) -> None:
    """Table 3 ("Individual priority vectors, consistencies, and rankings"): each party's RGM
    priorities and GCI, to the three printed decimals, from `--priorities geometric` on the
    matrix of Table 1 or 2. A published n = 5 case for the RGM and the GCI."""
    (path,) = _files(tmp_path, (party,))
    payload = _json(cli, path, "--priorities", "geometric")
    assert payload["priorities"] == "geometric"
    assert tuple(round(payload["weights"][c], 3) for c in IDS) == priorities
    assert round(payload["gci"], 3) == gci
    assert payload["consistent"] is True  # each GCI is under the 0.37 of n > 4


@pytest.mark.parametrize(
    ("parties", "influence", "priorities", "gci"),
    [
        (("PSOE", "PP", "PAR"), None, (0.540, 0.191, 0.096, 0.036, 0.137), 0.149),
        (("PSOE", "PP", "PAR"), "5,4,2", (0.533, 0.208, 0.096, 0.037, 0.125), 0.122),
        (("PSOE", "PP", "PAR", "NP"), None, (0.366, 0.188, 0.141, 0.091, 0.214), 0.073),
        (("PSOE", "PP", "PAR", "NP"), "3,4,2,2", (0.411, 0.198, 0.125, 0.071, 0.194), 0.088),
    ],
)
def test_aij_group_matrix_with_and_without_influence(
    cli: Callable[..., Run],
    tmp_path: Path,
    parties: tuple[str, ...],
    influence: str | None,
    priorities: tuple[float, ...],
    gci: float,
) -> None:
    """The AIJ column of Tables 5, 8, 15 and 22 and the AIJ GCI of Tables 6, 9, 16 and 23:
    three parties, then four, equal or weighted by their councillors (PSOE 5, PP 4, PAR 2;
    then 3, 4, 2, 2 with NP), the group matrix being the weighted geometric mean of the
    judgments. The paper takes the RGM of that matrix, as `--priorities geometric` does for a
    group; the eigenvector run's group matrix (`group.matrix`) is the same matrix, and the
    tool's RGM and GCI of it agree with the printed decimals too."""
    args = [*_files(tmp_path, parties), "--aggregation", "aij"]
    if influence is not None:
        args += ["--influence", influence]
    by_rgm = _json(cli, *args, "--priorities", "geometric")
    assert by_rgm["priorities"] == "geometric"
    assert tuple(round(by_rgm["weights"][c], 3) for c in IDS) == priorities
    assert round(by_rgm["gci"], 3) == gci
    payload = _json(cli, *args)
    matrix = np.array(payload["group"]["matrix"], dtype=float)
    assert tuple(payload["group"]["ids"]) == IDS
    assert np.allclose(matrix, by_rgm["group"]["matrix"], rtol=1e-12)
    w = geometric_priorities(matrix)
    assert tuple(round(float(x), 3) for x in w) == priorities
    assert round(geometric_consistency_index(matrix, w), 3) == gci
    shares = [float(x) for x in influence.split(",")] if influence else [1.0] * len(parties)
    stated = {s["id"]: s["influence"] for s in payload["stakeholders"]}
    assert [stated[p] for p in parties] == pytest.approx([x / sum(shares) for x in shares])


# Kangas, Kangas & Kurttila (2008), Table 7.2: the upper triangles of three decision makers'
# comparisons of six forest plans on net incomes.
PLANS = ("NAT", "SCEN", "NORM", "GAME", "MREG", "INC")
FOREST = {
    "a": ("1/4 1/2 1/2 1/7 1/9", "2 2 1/3 1/5", "1 1/4 1/7", "1/5 1/7", "1/2"),
    "b": ("1/2 1 1 1/3 1/4", "2 2 1/3 1/4", "1 1/4 1/3", "1/4 1/3", "1/2"),
    "c": ("2 3 3 1/3 1/4", "2 2 1/3 1/5", "1 1/4 1/5", "1/5 1/5", "1/2"),
}
TABLE_7_3 = (
    (1, 0.630, 1.145, 1.145, 0.251, 0.191),
    (1.587, 1, 2, 2, 0.333, 0.215),
    (0.874, 0.5, 1, 1, 0.25, 0.212),
    (0.874, 0.5, 1, 1, 0.215, 0.212),
    (3.979, 3, 4, 4.642, 1, 0.5),
    (5.241, 4.642, 4.718, 4.718, 2, 1),
)


def _reciprocal(rows: tuple[str, ...]) -> np.ndarray:
    n = len(rows) + 1
    a = np.ones((n, n))
    for i, row in enumerate(rows):
        for j, value in enumerate(row.split(), start=i + 1):
            a[i, j] = float(Fraction(value))
            a[j, i] = 1 / a[i, j]
    return a


def test_aij_group_matrix_of_three_decision_makers_kangas_2008() -> None:
    """Kangas, A., Kangas, J., & Kurttila, M. (2008). Decision Support for Forest Management.
    Springer (Managing Forest Ecosystems 16), ISBN 978-1-4020-6786-0, Example 7.3:
    three decision makers compare six plans on net incomes (Table 7.2, printed with three
    decimals, 0.333 for 1/3 and so on; the first one's is Table 3.11(a), printed as fractions);
    Table 7.3 prints the geometric mean of their judgments, every cell to three decimals, which
    is the group matrix of `--aggregation aij` with equal influence. The first decision maker's
    eigenvector priorities are Table 7.4's first column (and Table 3.13's). Read in a text
    extraction of the book kept in a public GitHub repository, found by a code search.

    Table 7.4's other columns are not used: it gives the second decision maker NORM 0.077 and
    GAME 0.079 although their rows in Table 7.2(b) are identical (so any priorities are equal,
    as asserted here), and its mean (AIP) and aggregate (AIJ) columns differ from the printed
    matrices' by up to 0.002: presumably computed from judgments other than those printed."""
    people = [StakeholderInput(k, k, matrix=_reciprocal(rows)) for k, rows in FOREST.items()]
    result = aggregate_weights(people, PLANS, method=Aggregation.AIJ, random_index={6: 1.24})
    assert result.group is not None
    printed = np.round(np.array(result.group.matrix), 3)
    assert printed.tolist() == [list(row) for row in TABLE_7_3]
    first, second, _ = result.stakeholders
    assert tuple(round(float(w), 3) for w in first.weights) == (
        0.036,
        0.113,
        0.064,
        0.061,
        0.272,
        0.455,
    )
    assert second.weights[2] == pytest.approx(second.weights[3], rel=1e-12)
