"""`weights` and `rank` on the embedded data and on a user's own files: contracts and bad files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import Run

DATA = Path(__file__).parent / "data"


def test_weights_ahp_json_contract(cli: Callable[..., Run]) -> None:
    result = cli("weights", "ahp", str(DATA / "good" / "pairwise_3.csv"), "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"weights", "lambda_max", "consistency_index", "consistency_ratio"} <= set(payload)
    weights = payload["weights"]
    assert list(weights) == ["price", "quality", "speed"]
    assert sum(weights.values()) == pytest.approx(1.0)
    # independent check: principal eigenvector of the matrix by numpy's eig
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    w /= w.sum()
    assert list(weights.values()) == pytest.approx(list(w), abs=1e-9)
    lam = float(values[k].real)
    assert payload["lambda_max"] == pytest.approx(lam, abs=1e-9)
    assert payload["consistency_ratio"] == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-9)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("pairwise_not_square.csv", ("square matrix", "3 rows for 3 columns", "found 2 rows")),
        ("pairwise_not_reciprocal.csv", ("reciprocal",)),
        ("pairwise_zero.csv", ("line 2", "'quality'", "positive")),
        ("pairwise_negative.csv", ("line 2", "'quality'", "positive")),
        ("pairwise_text.csv", ("line 2", "'quality'", "'three'", "fraction like 1/3")),
        ("pairwise_row_order.csv", ("line 3", "first column", "'quality'", "'speed'")),
        ("pairwise_diagonal.csv", ("line 2", "'price'", "1")),
    ],
)
def test_weights_ahp_bad_matrix(cli: Callable[..., Run], name: str, parts: tuple[str, ...]) -> None:
    result = cli("weights", "ahp", str(DATA / "bad" / name))
    assert result.code == 2, result.stdout
    assert name in result.stderr and "Traceback" not in result.stderr
    for part in parts:
        assert part in result.stderr, (part, result.stderr)


def test_rank_region_json_contract(cli: Callable[..., Run]) -> None:
    result = cli("rank", "--region", "puno", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["method"] == "topsis"
    ranking = payload["ranking"]
    assert len(ranking) == 16 and [r["rank"] for r in ranking] == sorted(r["rank"] for r in ranking)
    assert all({"id", "score", "rank"} <= set(r) for r in ranking)
    assert ranking[0]["rank"] == 1
    scores = [r["score"] for r in ranking]
    assert scores == sorted(scores, reverse=True)
    assert set(payload["weights"]) == {"specialization", "diversification", "global-context"}


@pytest.mark.parametrize("method", ["topsis", "ahp", "vikor", "promethee", "spotis"])
def test_rank_projects_every_method(cli: Callable[..., Run], method: str) -> None:
    result = cli("rank", "--region", "cusco", "--level", "projects", "--method", method, "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["method"] == method and len(payload["ranking"]) == 16
    assert payload["ranking"][0]["rank"] == 1
    assert "cost" in payload["weights"]


def test_rank_compare_and_explain(cli: Callable[..., Run]) -> None:
    payload = json.loads(
        cli("rank", "--region", "cusco", "--compare", "--explain", "--json").stdout
    )
    assert set(payload["comparison"]) == {"topsis", "ahp", "vikor", "promethee", "spotis"}
    methods = payload["agreement"]["methods"]
    assert len(methods) == 5
    problem = payload["problem"]
    assert problem["region"] == "cusco" and len(problem["alternatives"]) == 16
    out = cli("rank", "--region", "cusco", "--compare", "--explain", "--lang", "es").stdout
    assert "Cómo se construye la matriz de decisión de Cusco" in out
    flat = " ".join(out.split())
    assert "severidad de cada brecha en Cusco (inputs/regions/cusco/severities.csv)" in flat
    assert "+Contexto global" in flat or "−Contexto global" in flat
    ids = ("global-context", "specialization", "diversification", " cusco ", "de cusco")
    assert not [i for i in ids if i in flat]  # names wherever a person reads


def test_rank_own_matrix(cli: Callable[..., Run]) -> None:
    args = (
        "rank",
        "--matrix",
        str(DATA / "good" / "matrix.csv"),
        "--criteria",
        str(DATA / "good" / "criteria.csv"),
        "--json",
    )
    payload = json.loads(cli(*args).stdout)
    assert payload["ranking"][0]["id"] in {"C", "E"}
    assert sorted(r["id"] for r in payload["ranking"]) == ["A", "B", "C", "D", "E"]


def test_rank_constant_column_is_a_note_not_a_crash(cli: Callable[..., Run]) -> None:
    result = cli(
        "rank",
        "--matrix",
        str(DATA / "good" / "matrix_constant_column.csv"),
        "--criteria",
        str(DATA / "good" / "criteria.csv"),
    )
    assert result.code == 0, result.stderr
    assert "quality" in result.stdout


@pytest.mark.parametrize(
    ("matrix", "criteria", "parts"),
    [
        (
            "bad/matrix_text.csv",
            "good/criteria.csv",
            ("matrix_text.csv", "line 3", "'cost'", "'two hundred'"),
        ),
        (
            "bad/matrix_nan.csv",
            "good/criteria.csv",
            ("matrix_nan.csv", "line 3", "'cost'", "finite number"),
        ),
        (
            "bad/matrix_missing_column.csv",
            "good/criteria.csv",
            ("matrix_missing_column.csv", "'delivery'"),
        ),
        (
            "good/matrix.csv",
            "bad/criteria_missing_weight.csv",
            ("criteria_missing_weight.csv", "line 3", "'weight'"),
        ),
        (
            "good/matrix.csv",
            "bad/criteria_unknown_type.csv",
            ("criteria_unknown_type.csv", "line 2", "'expense'", "benefit or cost"),
        ),
        (
            "good/matrix.csv",
            "bad/criteria_negative_weight.csv",
            ("criteria_negative_weight.csv", "line 2", ">= 0"),
        ),
        (
            "good/matrix.csv",
            "bad/criteria_zero_weights.csv",
            ("criteria_zero_weights.csv", "positive weight"),
        ),
    ],
)
def test_rank_bad_files(
    cli: Callable[..., Run], matrix: str, criteria: str, parts: tuple[str, ...]
) -> None:
    result = cli("rank", "--matrix", str(DATA / matrix), "--criteria", str(DATA / criteria))
    assert result.code == 2, result.stdout
    assert "Traceback" not in result.stderr
    for part in parts:
        assert part in result.stderr, (part, result.stderr)


def test_weights_region_json(cli: Callable[..., Run]) -> None:
    payload = json.loads(cli("weights", "--region", "puno", "--json").stdout)
    group = payload["regions"]["puno"]
    assert group["method"] == "aij" and len(group["stakeholders"]) == 5
    assert sum(group["weights"].values()) == pytest.approx(1.0)
    aip = json.loads(cli("weights", "--region", "puno", "--aggregation", "aip", "--json").stdout)
    assert aip["regions"]["puno"]["method"] == "aip"
    one = json.loads(cli("weights", "--stakeholder", "puno-chamber-juliaca", "--json").stdout)
    assert one["region"] == "puno" and one["consistency_ratio"] > 0.10
    assert one["distance"] > 0


def test_weights_unknown_stakeholder(cli: Callable[..., Run]) -> None:
    result = cli("weights", "--stakeholder", "nobody")
    assert result.code == 2 and "'nobody'" in result.stderr and "cusco-unsaac" in result.stderr


def test_rank_needs_a_region_or_a_matrix(cli: Callable[..., Run]) -> None:
    result = cli("rank")
    assert result.code == 2 and "--matrix" in result.stderr


def test_explain_reports_rank_reversal_when_it_happens(cli: Callable[..., Run]) -> None:
    from prioritizer.core.analysis import rank_region
    from prioritizer.data.load import load_dataset
    from prioritizer.options import RunOptions
    from prioritizer.results.problem import Level

    payload = json.loads(
        cli("rank", "--region", "cusco", "--level", "projects", "--explain", "--json").stdout
    )
    flips = payload["rank_reversals"]
    direct = rank_region(load_dataset(), "cusco", RunOptions(level=Level.PROJECTS)).reversals
    assert [f["removed"] for f in flips] == [r.removed for r in direct]
    text = cli("rank", "--region", "cusco", "--level", "projects", "--explain").stdout
    if flips:
        assert "Rank reversal: with this method, removing one" in " ".join(text.split())
    else:
        assert "leaves the order of the others unchanged" in text
    for method in ("ahp", "vikor", "promethee", "spotis"):
        result = cli("rank", "--region", "puno", "--method", method, "--explain", "--json")
        assert result.code == 0 and isinstance(json.loads(result.stdout)["rank_reversals"], list)


# -- messages in Spanish ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "pairwise_diagonal.csv",
            "línea 2: el campo 'price' vale 2.0; se esperaba 1 en la diagonal "
            "(un criterio es tan importante como sí mismo).",
        ),
        (
            "pairwise_zero.csv",
            "línea 2: el campo 'quality' vale 0.0; se esperaba un número positivo "
            "(cuántas veces más importante; 1 = igual de importante).",
        ),
        (
            "pairwise_negative.csv",
            "línea 2: el campo 'quality' vale -3.0; se esperaba un número positivo "
            "(cuántas veces más importante; 1 = igual de importante).",
        ),
        (
            "pairwise_not_reciprocal.csv",
            "línea 4: el campo 'quality' vale 3.0; se esperaba 1/3, el inverso del juicio "
            "quality frente a speed = 3 (tolerancia relativa 1e-06; escríbalo como fracción, p. ej. 1/3).",
        ),
        (
            "pairwise_rounded_reciprocals.csv",
            "línea 3: el campo 'price' vale 0.33; se esperaba 1/4, el inverso del juicio "
            "price frente a quality = 4 (tolerancia relativa 1e-06; escríbalo como fracción, p. ej. 1/3).",
        ),
    ],
    ids=["diagonal", "zero", "negative", "not_reciprocal", "rounded_reciprocals"],
)
def test_weights_ahp_bad_matrix_in_spanish(
    cli: Callable[..., Run], name: str, message: str
) -> None:
    """The kernel's complaint, pointed at the file's line and column, in the user's language."""
    path = DATA / "bad" / name
    result = cli("weights", "ahp", str(path), "--lang", "es")
    assert result.code == 2, result.stdout
    assert result.stderr == f"Error: {path}, {message}\n"


def test_weights_ahp_beyond_the_table_in_spanish(cli: Callable[..., Run], tmp_path: Path) -> None:
    """16 criteria under saaty-1980 (n up to 15): weights, no CR, and why (issue 17)."""
    ids = [f"c{k}" for k in range(16)]
    rows = [",".join(["id", *ids])] + [",".join([i] + ["1"] * 16) for i in ids]
    path = tmp_path / "sixteen.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("weights", "ahp", str(path), "--lang", "es")
    assert result.code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "6,2 %" in text and "RC: ninguna" in text
    assert (
        "La tabla del índice aleatorio saaty-1980 no tiene valor para n = 16 (da n = 1-15), así "
        "que no hay RC; los pesos no dependen de ella."
    ) in text


def test_rank_ahp_negative_value_in_spanish(cli: Callable[..., Run]) -> None:
    matrix = DATA / "bad" / "matrix_negative_values.csv"
    args = ("rank", "--matrix", str(matrix), "--criteria", str(DATA / "good" / "criteria.csv"))
    result = cli(*args, "--method", "ahp", "--lang", "es")
    assert result.code == 2, result.stdout
    assert result.stderr == (
        f"Error: {matrix}, línea 2: el campo 'quality' vale -5.0; se esperaba un número >= 0 "
        "(la síntesis AHP necesita valores en escala de razón).\n"
    )
    payload = json.loads(cli(*args, "--method", "ahp", "--lang", "es", "--json").stdout)
    error = payload["error"]
    assert (error["file"], error["row"], error["field"], error["got"]) == (
        str(matrix),
        2,
        "quality",
        "-5.0",
    )
    assert error["expected"] == (
        "un número >= 0 (la síntesis AHP necesita valores en escala de razón)"
    )


def test_weights_zero_points_under_aij_in_spanish(cli: Callable[..., Run], data_copy: Path) -> None:
    """A stakeholder's 0 points have no ratio for the geometric mean: the stakeholder, the
    criterion and the way out are named in Spanish."""
    path = data_copy / "inputs" / "regions" / "cusco" / "stakeholders.yaml"
    text = path.read_text(encoding="utf-8")
    judgments = (
        "    judgments:\n"
        "      specialization: {diversification: 1/2, global-context: 2, cost: 3}\n"
        "      diversification: {global-context: 3, cost: 4}\n"
        "      global-context: {cost: 2}\n"
    )
    assert text.count(judgments) == 1
    points = "    points: {specialization: 3, diversification: 0, global-context: 2, cost: 1}\n"
    path.write_text(text.replace(judgments, points), encoding="utf-8")
    inputs = str(data_copy / "inputs")
    result = cli("weights", "--region", "cusco", "--inputs", inputs, "--lang", "es")
    assert result.code == 2, result.stdout
    assert result.stderr == (
        "Error: actor 'cusco-unsaac': puntos de diversification (fila 2) vale 0.0; se esperaba "
        "un número positivo cuando los juicios se combinan por media geométrica (AIJ); 0 no "
        "guarda proporción con los demás (use AIP, o dele una parte pequeña).\n"
    )
    aip = cli("weights", "--region", "cusco", "--inputs", inputs, "--aggregation", "aip")
    assert aip.code == 0, aip.stderr


def test_ranking_notes_follow_the_language(cli: Callable[..., Run]) -> None:
    args = (
        "rank",
        "--matrix",
        str(DATA / "good" / "matrix_constant_column.csv"),
        "--criteria",
        str(DATA / "good" / "criteria.csv"),
    )
    spanish = " ".join(cli(*args, "--lang", "es").stdout.split())
    assert "El criterio 'quality' tiene el mismo valor para todas las alternativas" in spanish
    english = " ".join(cli(*args).stdout.split())
    assert "Criterion 'quality' has the same value for every alternative" in english
    payload = json.loads(cli(*args, "--lang", "es", "--json").stdout)
    assert any("Criterion 'quality'" in note for note in payload["diagnostics"])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_own_file_missing_or_a_folder(cli: Callable[..., Run], tmp_path: Path, lang: str) -> None:
    """A user's own file that is missing or is a folder: said so, without the data-set tip."""
    criteria = str(DATA / "good" / "criteria.csv")
    missing = cli(
        "rank", "--matrix", str(tmp_path / "nope.csv"), "--criteria", criteria, "--lang", lang
    )
    folder = cli("rank", "--matrix", str(tmp_path), "--criteria", criteria, "--lang", lang)
    projects = cli("portfolio", "--projects", str(tmp_path), "--budget", "5", "--lang", lang)
    for result in (missing, folder, projects):
        assert result.code == 2 and result.stdout == ""
        assert "init DIR" not in result.stderr and len(result.stderr.splitlines()) == 1
    if lang == "en":
        assert "nope.csv: found no such file; expected a file." in missing.stderr
        assert "found a folder; expected a file." in folder.stderr
    else:
        assert "nope.csv: encontrado: un archivo inexistente; se esperaba un archivo." in (
            missing.stderr
        )
        assert "encontrado: una carpeta; se esperaba un archivo." in folder.stderr


# -- `weights ahp` with blank cells (judgments not given) --------------------------------------
def _pairwise(tmp_path: Path, rows: list[str]) -> str:
    path = tmp_path / "judgments.csv"
    path.write_text("id,price,quality,speed,cost\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_weights_ahp_blank_cells_keep_the_json_keys_and_say_what_was_missing(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Two pairs blank in a 4 x 4 matrix: RI(4, 2) = RI(4) (1 - 2/3) with Saaty's RI(4) = 0.90;
    the blank pairs are listed with the values they were completed with."""
    path = _pairwise(tmp_path, ["price,1,3,5,", "quality,,1,3,", "speed,,,1,2", "cost,,,,1"])
    result = cli("weights", "ahp", path, "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"weights", "lambda_max", "consistency_index", "consistency_ratio"} <= set(payload)
    assert sum(payload["weights"].values()) == pytest.approx(1.0)
    assert payload["random_index"] == pytest.approx(0.90 / 3)
    assert payload["consistency_ratio"] == pytest.approx(payload["consistency_index"] / 0.30)
    missing = [(item["row"], item["column"]) for item in payload["missing"]]
    assert missing == [("price", "cost"), ("quality", "cost")]
    assert payload["given_matrix"][0][3] is None
    assert payload["matrix"][0][3] == pytest.approx(payload["missing"][0]["completed"])
    text = cli("weights", "ahp", path)
    assert text.code == 0 and "price over cost" in text.stdout and "2 of 6 pairs" in text.stdout


def test_weights_ahp_tree_of_judgments_has_no_cr(cli: Callable[..., Run], tmp_path: Path) -> None:
    """price 3 x quality, quality 3 x speed, speed 2 x cost: consistent by construction."""
    path = _pairwise(tmp_path, ["price,1,3,,", "quality,,1,3,", "speed,,,1,2", "cost,,,,1"])
    payload = json.loads(cli("weights", "ahp", path, "--json").stdout)
    assert payload["consistency_ratio"] is None and payload["cycles"] == 0
    assert list(payload["weights"].values()) == pytest.approx([18 / 27, 6 / 27, 2 / 27, 1 / 27])
    assert "no consistency ratio" in cli("weights", "ahp", path).stdout


def test_weights_ahp_unlinked_criteria_are_one_line_naming_the_pairs_to_judge(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = _pairwise(tmp_path, ["price,1,,,", "quality,,1,3,", "speed,,,1,", "cost,,,,1"])
    result = cli("weights", "ahp", path)
    assert result.code == 2 and result.stdout == "" and result.stderr.count("\n") == 1
    assert "judgments.csv" in result.stderr
    assert "price, cost without a judgment linking them to quality, speed" in result.stderr
    assert "judging price vs quality, quality vs cost would link them" in result.stderr
