"""Bad input: every case gets one message naming file, line, field, bad value and what was expected.

Each case edits a fresh copy of the embedded data set, runs `prioritizer validate --inputs` on it,
and checks the exit code, the message, that no traceback is shown and that nothing was written;
then again with `--lang es`, where every part of the sentence must be in Spanish (the tests run
in strict mode, so a phrase without its translation fails).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from prioritizer.data.folders import new_folder
from prioritizer.data.load import (
    load_candidates_csv,
    load_dataset,
    load_decision_csv,
    load_pairwise_csv,
)
from prioritizer.data.load.pydantic_errors import _pydantic_expected
from prioritizer.data.load.yaml_lines import _LineLoader
from prioritizer.data.models import Criterion, Project, RandomIndexTables, SaatyScale, Stakeholder
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase
from tests.conftest import Run, snapshot


def _both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)

    return edit


def _replace(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"test set-up: {old!r} not in {path}"
        file.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def _write(path: str, content: bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).write_bytes(content)

    return edit


def _line_of(root: Path, path: str, needle: str) -> int:
    lines = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


PROJECTS = "inputs/projects.csv"
CUSCO_PEOPLE = "inputs/regions/cusco/stakeholders.yaml"
CUSCO_SEVERITY = "inputs/regions/cusco/severities.csv"

# (case id, edit, file named, needle for the line (None: no line), substrings of the message)
CASES: list[tuple[str, Callable[[Path], None], str, str | None, tuple[str, ...]]] = [
    (
        "level-not-on-scale",
        _replace("inputs/gaps.csv", "HIGH,MEDIUM,LOW,LACK", "HIGH,MEDUIM,LOW,LACK"),
        "inputs/gaps.csv",
        "lack-of-connection,",
        ("'diversification'", "'MEDUIM'", "LOW / MEDIUM / HIGH / VERY HIGH"),
    ),
    (
        "negative-cost",
        _replace(PROJECTS, ",cusco,120000,", ",cusco,-120000,"),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("'cost_pen'", "is -120000;", "greater than or equal to 0"),
    ),
    (
        "text-cost",
        _replace(PROJECTS, ",cusco,120000,", ",cusco,ciento veinte mil,"),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("'cost_pen'", "'ciento veinte mil'", "a whole number of soles"),
    ),
    (
        "decimal-cost",
        _replace(PROJECTS, ",cusco,120000,", ",cusco,120000.50,"),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("'cost_pen'", "'120000.50'", "a whole number of soles"),
    ),
    (
        "unknown-gap-in-project",
        _replace(
            PROJECTS,
            "lack-of-information;value-chain-bottlenecks,1,,,false,report §8.2 (phase 1); cost illustrative\ncusco",
            "lack-of-informaton;value-chain-bottlenecks,1,,,false,report §8.2 (phase 1); cost illustrative\ncusco",
        ),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("'gaps'", "'lack-of-informaton'", "a known gap"),
    ),
    (
        "duplicate-project-id",
        _replace(
            PROJECTS,
            "cusco-coffee-tourism-experience,Specialty",
            "cusco-coffee-cooperative-management,Specialty",
        ),
        PROJECTS,
        "cusco-coffee-cooperative-management,Specialty",
        ("'id'", "'cusco-coffee-cooperative-management'", "not used before"),
    ),
    (
        "unknown-required-project",
        _replace(
            PROJECTS, ",2,cusco-coffee-competitiveness-assessment,,", ",2,cusco-coffee-assessment,,"
        ),
        PROJECTS,
        "cusco-coffee-cluster-roundtable,",
        ("'requires'", "'cusco-coffee-assessment'", "a known project"),
    ),
    (
        "requires-cycle",
        _replace(
            PROJECTS,
            "coffee,cusco,120000,,studies;round-tables,lack-of-information;value-chain-bottlenecks,1,,",
            "coffee,cusco,120000,,studies;round-tables,lack-of-information;value-chain-bottlenecks,1,cusco-coffee-cluster-strategic-plan,",
        ),
        PROJECTS,
        None,
        ("'requires'", "without a cycle"),
    ),
    (
        "shares-not-100",
        _replace(PROJECTS, "cusco:40;puno:60", "cusco:40;puno:50"),
        PROJECTS,
        "interregional-camelid-market-study,",
        ("'cost_shares'", "add up to 100, got 90"),
    ),
    (
        "shares-malformed",
        _replace(PROJECTS, "cusco:40;puno:60", "cusco=40;puno=60"),
        PROJECTS,
        "interregional-camelid-market-study,",
        ("'cost_shares'", "cusco:40;puno:60"),
    ),
    (
        "comma-in-unquoted-name",
        _replace(
            PROJECTS,
            "Cusco coffee competitiveness assessment,",
            "Cusco coffee, competitiveness assessment,",
        ),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("found 15 values; expected 14 values", "double quotes"),
    ),
    (
        "missing-column",
        _replace(PROJECTS, "id,name_en,name_es,value_chain,", "id,name_en,name_es,chain,"),
        PROJECTS,
        "id,name_en",
        ("'chain'", "one of the columns"),
    ),
    (
        "phase-out-of-range",
        _replace(
            PROJECTS,
            "value-chain-bottlenecks;limited-leadership,2,cusco-coffee",
            "value-chain-bottlenecks;limited-leadership,4,cusco-coffee",
        ),
        PROJECTS,
        "cusco-coffee-cluster-roundtable,",
        ("'phase'", "less than or equal to 3"),
    ),
    (
        "missing-spanish-name",
        _replace(
            "inputs/mechanisms.csv",
            "Technology transfer,Transferencia tecnológica,",
            "Technology transfer,,",
        ),
        "inputs/mechanisms.csv",
        "technology-transfer,",
        ("'name_es'", "some text (it is empty)"),
    ),
    (
        "unknown-mechanism-link",
        _replace(
            "inputs/gap_mechanisms.csv",
            "lack-of-connection,technology-transfer,",
            "lack-of-connection,tech-transfer,",
        ),
        "inputs/gap_mechanisms.csv",
        "lack-of-connection,tech-transfer",
        ("'mechanism'", "'tech-transfer'", "a known mechanism"),
    ),
    (
        "bad-slug",
        _replace(
            "inputs/mechanisms.csv",
            "technology-transfer,Technology",
            "Technology Transfer,Technology",
        ),
        "inputs/mechanisms.csv",
        "Technology Transfer,",
        ("'id'", "'Technology Transfer'", "lower-case letters, digits and hyphens"),
    ),
    (
        "severity-missing-gap",
        _replace(CUSCO_SEVERITY, "producer-poverty,HIGH", "lack-of-connection,HIGH"),
        CUSCO_SEVERITY,
        "lack-of-connection,HIGH",
        ("'gap'", "each gap rated once"),
    ),
    (
        "severity-level-unknown",
        _replace(CUSCO_SEVERITY, "low-training,HIGH", "low-training,SEVERE"),
        CUSCO_SEVERITY,
        "low-training,",
        ("'level'", "'SEVERE'", "LOW / MEDIUM / HIGH / VERY HIGH"),
    ),
    (
        "judgment-not-reciprocal",
        _replace(
            CUSCO_PEOPLE,
            "      global-context: {cost: 3}\n",
            "      global-context: {cost: 3, specialization: 4}\n",
        ),
        CUSCO_PEOPLE,
        None,
        ("judgments.global-context.specialization", "reciprocal", "is '4'"),
    ),
    (
        "judgment-zero",
        _replace(
            CUSCO_PEOPLE,
            "specialization: {diversification: 2, global-context: 1, cost: 3}",
            "specialization: {diversification: 0, global-context: 1, cost: 3}",
        ),
        CUSCO_PEOPLE,
        "specialization: {diversification: 0",
        ("judgments.specialization.diversification", "greater than 0"),
    ),
    (
        "judgment-negative",
        _replace(
            CUSCO_PEOPLE,
            "specialization: {diversification: 2, global-context: 1, cost: 3}",
            "specialization: {diversification: -2, global-context: 1, cost: 3}",
        ),
        CUSCO_PEOPLE,
        "specialization: {diversification: -2",
        ("judgments.specialization.diversification", "greater than 0"),
    ),
    (
        "judgment-off-scale",
        _replace(
            CUSCO_PEOPLE,
            "specialization: {diversification: 2, global-context: 1, cost: 3}",
            "specialization: {diversification: 12, global-context: 1, cost: 3}",
        ),
        CUSCO_PEOPLE,
        None,
        ("judgments.specialization.diversification", "Saaty's scale", "12"),
    ),
    (
        "judgment-text",
        _replace(
            CUSCO_PEOPLE,
            "diversification: {global-context: 1/2, cost: 2}",
            "diversification: {global-context: half, cost: 2}",
        ),
        CUSCO_PEOPLE,
        "global-context: half",
        ("judgments.diversification.global-context", "'half'", "fraction like 1/3"),
    ),
    (
        "judgment-missing-pair",
        _replace(CUSCO_PEOPLE, "      global-context: {cost: 3}\n", ""),
        CUSCO_PEOPLE,
        None,
        ("'judgments'", "global-context vs cost"),
    ),
    (
        "judgment-unknown-criterion",
        _replace(CUSCO_PEOPLE, "global-context: {cost: 3}", "global-context: {price: 3}"),
        CUSCO_PEOPLE,
        None,
        ("judgments.global-context", "'price'", "a known criterion"),
    ),
    (
        "misspelt-key",
        _replace(CUSCO_PEOPLE, "    influence: 1.5\n", "    influnce: 1.5\n"),
        CUSCO_PEOPLE,
        "influnce",
        ("'influnce'", "known fields"),
    ),
    (
        "duplicate-yaml-key",
        _replace(CUSCO_PEOPLE, "    influence: 1.5\n", "    influence: 1.5\n    influence: 2\n"),
        CUSCO_PEOPLE,
        "influence: 2",
        ("'influence'", "each key once"),
    ),
    (
        "yaml-does-not-parse",
        _replace(CUSCO_PEOPLE, "    group: government\n", "    group: [government\n"),
        CUSCO_PEOPLE,
        None,
        ("valid YAML",),
    ),
    (
        "empty-file",
        _write(PROJECTS, b""),
        PROJECTS,
        None,
        ("found an empty file; expected a file with content",),
    ),
    (
        "header-only",
        _write(
            PROJECTS,
            b"id,name_en,name_es,value_chain,regions,cost_pen,mechanisms,gaps,phase,source\n",
        ),
        PROJECTS,
        None,
        ("at least one data row",),
    ),
    (
        "huge-budget",
        _replace(
            "inputs/regions/puno/region.yaml",
            "budget_pen: 1000000",
            "budget_pen: 99999999999999999999999999",
        ),
        "inputs/regions/puno/region.yaml",
        "budget_pen: 99999999999999999999999999",
        ("budget.budget_pen", "less than or equal to 1000000000000"),
    ),
    (
        "huge-cost",
        _replace(PROJECTS, ",cusco,120000,", ",cusco,99999999999999999999999,"),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("'cost_pen'", "at most 1,000,000,000,000 soles"),
    ),
    (
        "mandatory-chain-conflict",
        _both(
            _replace(
                PROJECTS,
                "lack-of-information;value-chain-bottlenecks,1,,,false,",
                "lack-of-information;value-chain-bottlenecks,1,,cusco-coffee-cluster-roundtable,false,",
            ),
            _replace(
                PROJECTS,
                "3,cusco-coffee-cluster-roundtable,,false,",
                "3,cusco-coffee-cluster-roundtable,,true,",
            ),
        ),
        PROJECTS,
        "cusco-coffee-cluster-strategic-plan,",
        (
            "'mandatory'",
            "cusco-coffee-competitiveness-assessment excludes cusco-coffee-cluster-roundtable",
        ),
    ),
    (
        "escape-in-name",
        _replace(
            PROJECTS,
            "Cusco coffee competitiveness assessment,",
            "Cusco coffee \x1b[31mcompetitiveness\x1b[0m assessment,",
        ),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("U+001B", "printable text (no control characters such as escape sequences)"),
    ),
    (
        "osc-in-yaml-name",
        _replace(CUSCO_PEOPLE, "en: ", "en: \x1b]0;pwned\x07"),
        CUSCO_PEOPLE,
        "pwned",
        ("U+001B", "printable text"),
    ),
    (
        "hex-budget",
        _replace("inputs/regions/puno/region.yaml", "budget_pen: 1000000", "budget_pen: 0x10"),
        "inputs/regions/puno/region.yaml",
        "budget_pen: 0x10",
        ("budget.budget_pen", "'0x10'", "a whole number written in digits"),
    ),
    (
        "boolean-budget",
        _replace("inputs/regions/puno/region.yaml", "budget_pen: 1000000", "budget_pen: True"),
        "inputs/regions/puno/region.yaml",
        "budget_pen: True",
        ("budget.budget_pen", "True", "a number (true and false are not numbers)"),
    ),
    (
        "boolean-influence",
        _replace("inputs/regions/puno/stakeholders.yaml", "influence: 1.5", "influence: false"),
        "inputs/regions/puno/stakeholders.yaml",
        "influence: false",
        ("influence", "a number (true and false are not numbers)"),
    ),
    (
        "negative-budget",
        _replace("inputs/regions/puno/region.yaml", "budget_pen: 1000000", "budget_pen: -5"),
        "inputs/regions/puno/region.yaml",
        "budget_pen: -5",
        ("budget.budget_pen", "greater than or equal to 0"),
    ),
    (
        "challenge-unknown-gap",
        _replace(
            "inputs/value_chains.yaml",
            "gaps: [lack-of-information]\n        source: report §7.1.1",
            "gaps: [market-info]\n        source: report §7.1.1",
        ),
        "inputs/value_chains.yaml",
        None,
        ("'gaps'", "'market-info'", "a known gap"),
    ),
    (
        "scale-not-increasing",
        _replace("criteria/relevance_scale.yaml", "    value: 4\n", "    value: 2\n"),
        "criteria/relevance_scale.yaml",
        None,
        ("'levels'", "increase from the first level", "[1.0, 2.0, 3.0, 2.0]"),
    ),
    (
        "both-points-and-judgments",
        _replace(
            CUSCO_PEOPLE,
            "    influence: 1.5\n",
            "    influence: 1.5\n    points: {specialization: 1, diversification: 1, global-context: 1, cost: 1}\n",
        ),
        CUSCO_PEOPLE,
        None,
        ("'points'", "either 'judgments'", "not both"),
    ),
    (
        "unknown-value-chain",
        _replace(
            PROJECTS,
            "Diagnóstico de competitividad del café del Cusco,coffee,",
            "Diagnóstico de competitividad del café del Cusco,cafe,",
        ),
        PROJECTS,
        "cusco-coffee-competitiveness-assessment,",
        ("'value_chain'", "'cafe'", "a known value chain"),
    ),
]


@pytest.mark.parametrize(
    ("case", "edit", "file", "needle", "parts"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_gets_one_clear_message(
    cli: Callable[..., Run],
    data_copy: Path,
    case: str,
    edit: Callable[[Path], None],
    file: str,
    needle: str | None,
    parts: tuple[str, ...],
) -> None:
    edit(data_copy)
    before = snapshot(data_copy.parent)
    result = cli("validate", "--inputs", str(data_copy))
    message = result.stderr
    assert result.code == 2, (case, result.stdout, message)
    assert result.stdout == ""
    assert "Traceback" not in message and "pydantic" not in message.lower()
    assert message.count("\n") == 1, message
    shown = str(data_copy / file.removeprefix("inputs/").removeprefix("criteria/")).split("/")[-1]
    assert file.split("/")[-1] == shown and shown in message
    if needle is not None:
        assert f"line {_line_of(data_copy, file, needle)}" in message, message
    for part in parts:
        assert part in message, (part, message)
    assert snapshot(data_copy.parent) == before


def test_bad_input_as_json(cli: Callable[..., Run], data_copy: Path) -> None:
    _replace(PROJECTS, ",cusco,120000,", ",cusco,-1,")(data_copy)
    result = cli("validate", "--inputs", str(data_copy), "--json")
    assert result.code == 2
    payload = json.loads(result.stdout)
    assert payload["status"] == "error"
    error = payload["error"]
    assert error["file"].endswith("inputs/projects.csv") and error["row"] == 2
    assert error["field"] == "cost_pen" and error["got"] == "-1"


def test_missing_folder(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("validate", "--inputs", str(tmp_path / "nowhere"))
    assert result.code == 2 and "nowhere" in result.stderr and "existing folder" in result.stderr


def test_folder_without_data(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("validate", "--inputs", str(tmp_path))
    assert result.code == 2 and "inputs/ subfolder" in result.stderr


def test_missing_file(cli: Callable[..., Run], data_copy: Path) -> None:
    (data_copy / "inputs" / "mechanisms.csv").unlink()
    result = cli("validate", "--inputs", str(data_copy))
    assert result.code == 2 and "mechanisms.csv" in result.stderr and "to exist" in result.stderr


def test_unknown_region_option(cli: Callable[..., Run]) -> None:
    result = cli("show", "projects", "--region", "lima")
    assert result.code == 2 and "'lima'" in result.stderr and "cusco, puno" in result.stderr


def test_every_case_is_in_the_docs() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "bad-inputs.md").read_text(
        encoding="utf-8"
    )
    for case, *_ in CASES:
        assert case in docs, case
    for path in (Path(__file__).parent / "data" / "bad").iterdir():
        assert path.name in docs, path.name


# -- the same cases in Spanish ---------------------------------------------------------------------
# Text a library wrote (PyYAML's description of a syntax error) is quoted as is, untranslated.
LIBRARY_TEXT = re.compile(r"un error de sintaxis YAML \(.*\);")


@pytest.mark.parametrize(
    ("case", "edit", "file", "needle", "parts"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_in_spanish(
    cli: Callable[..., Run],
    data_copy: Path,
    case: str,
    edit: Callable[[Path], None],
    file: str,
    needle: str | None,
    parts: tuple[str, ...],
) -> None:
    edit(data_copy)
    result = cli("validate", "--inputs", str(data_copy), "--lang", "es")
    message = result.stderr
    assert result.code == 2, (case, result.stdout, message)
    assert result.stdout == ""
    assert "Traceback" not in message and message.count("\n") == 1, message
    assert file.split("/")[-1] in message
    if needle is not None:
        assert f"línea {_line_of(data_copy, file, needle)}" in message, message
    assert "se esperaba" in message, message
    own_words = LIBRARY_TEXT.sub("", message)
    for english in ("expected", "line ", "field ", "found ", "Tip:", " is "):
        assert english not in own_words, (english, message)
    for part in parts:
        if part.startswith("'") or part.startswith("[") or " / " in part:
            assert part in message, (part, message)  # field names, values, ids stay as written


SPANISH_SENTENCES = [
    (
        "negative-cost",
        "projects.csv, línea 2: el campo 'cost_pen' vale -120000; se esperaba mayor o igual que 0.",
    ),
    (
        "text-cost",
        "projects.csv, línea 2: el campo 'cost_pen' vale 'ciento veinte mil'; "
        "se esperaba un número entero de soles (p. ej. 120000 o 120,000).",
    ),
    (
        "unknown-required-project",
        "projects.csv, línea 3: el campo 'requires' vale 'cusco-coffee-assessment'; "
        "se esperaba un proyecto existente (29 ids registrados).",
    ),
    (
        "shares-not-100",
        "projects.csv, línea 28: en el campo 'cost_shares' se esperaba porcentajes que sumen 100; "
        "suman 90.",
    ),
    (
        "comma-in-unquoted-name",
        "projects.csv, línea 2: encontrado: 15 valores; se esperaba 14 valores, uno por columna. "
        "Consejo: un nombre que contiene el separador debe ir entre comillas dobles",
    ),
    (
        "missing-spanish-name",
        "mechanisms.csv, línea 2: el campo 'name_es' vale ''; "
        "se esperaba algún texto (está vacío).",
    ),
    (
        "judgment-zero",
        "stakeholders.yaml, línea 18: el campo 'judgments.specialization.diversification' vale 0; "
        "se esperaba mayor que 0.",
    ),
    (
        "misspelt-key",
        "stakeholders.yaml, línea 15: en el campo 'influnce' se esperaba uno de los campos "
        "conocidos (source, id, region, name, group, influence, judgments, points). "
        "Consejo: revise la ortografía de la clave",
    ),
    (
        "empty-file",
        "projects.csv: encontrado: un archivo vacío; se esperaba un archivo con contenido.",
    ),
    (
        "unknown-value-chain",
        "projects.csv, línea 2: el campo 'value_chain' vale 'cafe'; "
        "se esperaba una cadena de valor existente (camelid-fabrics, coffee).",
    ),
]


@pytest.mark.parametrize(
    ("case", "sentence"), SPANISH_SENTENCES, ids=[c for c, _ in SPANISH_SENTENCES]
)
def test_exact_spanish_sentences(
    cli: Callable[..., Run], data_copy: Path, case: str, sentence: str
) -> None:
    edit = next(c[1] for c in CASES if c[0] == case)
    edit(data_copy)
    result = cli("validate", "--inputs", str(data_copy), "--lang", "es")
    assert result.stderr.rstrip("\n").endswith("/" + sentence), result.stderr
    assert result.stderr.startswith("Error: " + str(data_copy))


def test_missing_folder_in_spanish(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("validate", "--inputs", str(tmp_path / "nowhere"), "--lang", "es")
    assert result.code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'nowhere'}: se esperaba una carpeta existente con el conjunto de "
        "datos. Consejo: `prioritizer init DIR` escribe una copia editable de los datos incluidos\n"
    )


def test_missing_file_in_spanish(cli: Callable[..., Run], data_copy: Path) -> None:
    (data_copy / "inputs" / "mechanisms.csv").unlink()
    result = cli("validate", "--inputs", str(data_copy), "--lang", "es")
    assert result.code == 2
    assert "mechanisms.csv: se esperaba que este archivo exista" in result.stderr


def test_bad_input_as_json_in_spanish(cli: Callable[..., Run], data_copy: Path) -> None:
    _replace(PROJECTS, ",cusco,120000,", ",cusco,-1,")(data_copy)
    result = cli("validate", "--inputs", str(data_copy), "--json", "--lang", "es")
    error = json.loads(result.stdout)["error"]
    assert error["row"] == 2 and error["field"] == "cost_pen" and error["got"] == "-1"
    assert error["expected"] == "mayor o igual que 0"


# -- a user's own files, in Spanish ------------------------------------------------------------------
def _error(load: Callable[[], object]) -> InputError:
    with pytest.raises(InputError) as caught:
        load()
    return caught.value


def test_candidate_file_messages_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,cost,value,mandatory\na,100,1,quizas\n", encoding="utf-8")
    assert _error(lambda: load_candidates_csv(path)).message("es") == (
        f"{path}, línea 2: el campo 'mandatory' vale 'quizas'; se esperaba true o false."
    )
    path.write_text("id;cost;value\na;S/ 1.000,50;1\n", encoding="cp1252")
    assert _error(lambda: load_candidates_csv(path)).message("es") == (
        f"{path}, línea 2: el campo 'cost' vale 'S/ 1.000,50'; "
        "se esperaba un número entero de soles (p. ej. 120.000)."
    )
    path.write_text("id,cost,value,requires\na,1,1,b\n", encoding="utf-8")
    assert _error(lambda: load_candidates_csv(path)).message("es") == (
        f"{path}, línea 2: el campo 'requires' vale 'b'; "
        "se esperaba el id de otro proyecto de este archivo."
    )


def test_decision_file_messages_in_spanish(tmp_path: Path) -> None:
    matrix, criteria = tmp_path / "m.csv", tmp_path / "c.csv"
    matrix.write_text("id,x\na,1\n", encoding="utf-8")
    criteria.write_text("id,type,weight\nx,gain,1\n", encoding="utf-8")
    assert _error(lambda: load_decision_csv(matrix, criteria)).message("es") == (
        f"{criteria}, línea 2: el campo 'type' vale 'gain'; se esperaba benefit o cost."
    )
    criteria.write_text("id,type,weight\nx,cost,0\n", encoding="utf-8")
    assert _error(lambda: load_decision_csv(matrix, criteria)).message("es") == (
        f"{criteria}: el campo 'weight' vale todos en cero; se esperaba al menos un peso positivo."
    )


def test_pairwise_file_messages_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(",x,y\nx,1,3\n", encoding="utf-8")
    assert _error(lambda: load_pairwise_csv(path)).message("es") == (
        f"{path}: encontrado: 1 filas; se esperaba una matriz cuadrada: 2 filas para 2 columnas."
    )
    path.write_text(",x,y\ny,1,3\nx,1/3,1\n", encoding="utf-8")
    assert _error(lambda: load_pairwise_csv(path)).message("es") == (
        f"{path}, línea 2: el campo 'primera columna' vale 'y'; "
        "se esperaba el id 'x' (filas en el orden del encabezado)."
    )
    path.write_text(",x,y\nx,1,un tercio\ny,3,1\n", encoding="utf-8")
    assert _error(lambda: load_pairwise_csv(path)).message("es") == (
        f"{path}, línea 2: el campo 'y' vale 'un tercio'; "
        "se esperaba un número positivo o una fracción como 1/3."
    )


# -- pydantic's complaints: one phrase per error type ---------------------------------------------
NAME = {"en": "a", "es": "b"}
GOOD_PROJECT: dict[str, Any] = {
    "id": "p",
    "name": NAME,
    "value_chain": "coffee",
    "regions": ["cusco"],
    "cost_pen": 100,
    "mechanisms": ["m"],
    "gaps": ["g"],
    "phase": 1,
    "source": "s",
}
GOOD_PERSON: dict[str, Any] = {
    "id": "a",
    "region": "cusco",
    "name": NAME,
    "group": "g",
    "judgments": {"a": {"b": 2}},
    "source": "s",
}
TABLES: dict[str, Any] = {"default": "t", "tables": [{"id": "t", "citation": "c", "values": {}}]}
SAATY = {"values": [{"value": 1, "name": NAME}] * 9, "source": "s"}

# (model, input, pydantic error type): at least one input for every type our models produce.
PYDANTIC_CASES: list[tuple[type[Any], dict[str, Any], str]] = [
    (Project, {**GOOD_PROJECT, "mandatory": "maybe"}, "bool_parsing"),
    (Project, {**GOOD_PROJECT, "mandatory": 2.5}, "bool_type"),
    (Project, {**GOOD_PROJECT, "cost_shares": ["cusco"]}, "dict_type"),
    (Stakeholder, {**GOOD_PERSON, "influence": float("inf")}, "finite_number"),
    (Stakeholder, {**GOOD_PERSON, "influence": "high"}, "float_parsing"),
    (Stakeholder, {**GOOD_PERSON, "influence": [1]}, "float_type"),
    (Project, {**GOOD_PROJECT, "phase": 1.5}, "int_from_float"),
    (Project, {**GOOD_PROJECT, "phase": "one"}, "int_parsing"),
    (Project, {**GOOD_PROJECT, "phase": "9" * 5000}, "int_parsing_size"),
    (Project, {**GOOD_PROJECT, "phase": [1]}, "int_type"),
    (Project, {**GOOD_PROJECT, "name": {**NAME, 1: "c"}}, "invalid_key"),
    (Project, {**GOOD_PROJECT, "id": 5}, "string_type"),
    (Project, {**GOOD_PROJECT, "regions": "cusco"}, "tuple_type"),
    (Stakeholder, {**GOOD_PERSON, "influence": 0}, "greater_than"),
    (Project, {**GOOD_PROJECT, "cost_pen": -1}, "greater_than_equal"),
    (Project, {**GOOD_PROJECT, "phase": 4}, "less_than_equal"),
    (Project, {**GOOD_PROJECT, "id": "Not A Slug"}, "string_pattern_mismatch"),
    (Project, {**GOOD_PROJECT, "name": {"en": "", "es": "b"}}, "string_too_short"),
    (Project, {**GOOD_PROJECT, "id": "a" * 81}, "string_too_long"),
    (Project, {**GOOD_PROJECT, "gaps": []}, "too_short"),
    (SaatyScale, {**SAATY, "values": SAATY["values"] * 2}, "too_long"),
    (
        Criterion,
        {"id": "c", "type": "gain", "unit": "u", "name": NAME, "source": "s"},
        "literal_error",
    ),
    (Project, {**GOOD_PROJECT, "name": "coffee"}, "model_type"),
    (Project, {**GOOD_PROJECT, "gaps": ["g", "g"]}, "value_error"),
    (RandomIndexTables, {**TABLES, "default": "other"}, "value_error"),
    (Stakeholder, {**GOOD_PERSON, "points": {"a": 1}}, "value_error"),
]


@pytest.mark.parametrize(
    ("model", "data", "kind"),
    PYDANTIC_CASES,
    ids=[f"{c[2]}-{i}" for i, c in enumerate(PYDANTIC_CASES)],
)
def test_each_pydantic_error_type_has_its_phrase(
    model: type[Any], data: dict[str, Any], kind: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    first = caught.value.errors()[0]
    assert first["type"] == kind
    expected = _pydantic_expected(first)
    assert isinstance(expected, Phrase) and expected.template != "{detail}"
    english = expected.render("en")
    for jargon in ("should", "valid", "Tuple", "instance", "pattern", "dictionary", "parse"):
        assert jargon not in english, (kind, english)  # our words, not pydantic's
    spanish = expected.render("es")  # strict: fails if the template has no translation
    assert spanish != expected and "should" not in spanish and "valid" not in spanish


def test_pydantic_bounds_and_choices_in_spanish() -> None:
    def spanish(model: type[Any], data: dict[str, Any]) -> str:
        with pytest.raises(ValidationError) as caught:
            model.model_validate(data)
        return _pydantic_expected(caught.value.errors()[0]).render("es")

    assert spanish(Project, {**GOOD_PROJECT, "cost_pen": -1}) == "mayor o igual que 0"
    assert spanish(Project, {**GOOD_PROJECT, "phase": 4}) == "menor o igual que 3"
    assert spanish(Project, {**GOOD_PROJECT, "phase": "one"}) == (
        "un número entero escrito con cifras (p. ej. 1000000, no 1e6)"
    )
    assert (
        spanish(Project, {**GOOD_PROJECT, "gaps": []})
        == "al menos un elemento (la lista está vacía)"
    )
    literal = {"id": "c", "type": "gain", "unit": "u", "name": NAME, "source": "s"}
    assert spanish(Criterion, literal) == "'benefit' o 'cost'"
    assert spanish(RandomIndexTables, {**TABLES, "default": "other"}) == (
        "una tabla por defecto que sea una de las tablas (t); se obtuvo 'other'"
    )
    assert spanish(Project, {**GOOD_PROJECT, "regions": ["cusco", "puno"], "cost_shares": {}}) == (
        "un porcentaje para cada región del proyecto (cusco:NN;puno:NN)"
    )


def test_output_folder_with_files_in_spanish(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.csv").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as caught, new_folder(tmp_path / "out", prefix="t"):
        pass
    assert caught.value.message("es") == (
        f"{tmp_path / 'out'}: encontrado: una carpeta con archivos; "
        "se esperaba una carpeta nueva o vacía."
    )


# -- YAML as people type it: read as written, or one message at the line to fix ---------------------
CUSCO_REGION = "inputs/regions/cusco/region.yaml"
FIRST_JUDGMENTS = (
    "    judgments:\n"
    "      specialization: {diversification: 2, global-context: 1, cost: 3}\n"
    "      diversification: {global-context: 1/2, cost: 2}\n"
    "      global-context: {cost: 3}\n"
)


def _loaded(text: str) -> Any:
    return yaml.load(text, Loader=_LineLoader)


def test_yaml_reads_only_true_and_false_as_booleans() -> None:
    data = _loaded(
        "a: yes\nb: no\nc: On\nd: off\ne: true\nf: False\ng: 3:1\nh: 010\ni: 1_000\n"
        "j: 0x10\nk: 0b101\n"
    )
    assert data == {
        "a": "yes",
        "b": "no",
        "c": "On",
        "d": "off",
        "e": True,
        "f": False,
        "g": "3:1",  # YAML 1.1: the base-60 number 181
        "h": "010",  # YAML 1.1: the octal number 8
        "i": 1000,
        "j": "0x10",  # YAML 1.1: 16
        "k": "0b101",  # YAML 1.1: 5
    }
    assert type(data["e"]) is bool and type(data["i"]) is int


def test_yaml_float_keeps_its_source_text() -> None:
    data = _loaded("budget: 900.000\nshare: .250\nbig: -1.5e+3\n")
    assert data["budget"] == 900.0 and str(data["budget"]) == "900.000"
    assert data["share"] == 0.25 and str(data["share"]) == ".250"
    assert data["big"] == -1500.0 and str(data["big"]) == "-1.5e+3"


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 999))
def test_prop_yaml_float_keeps_text(whole: int, thousandths: int) -> None:
    text = f"{whole}.{thousandths:03d}"
    value = _loaded(f"x: {text}\n")["x"]
    assert value == float(text) and str(value) == text


def test_budget_with_a_dot_before_three_digits_is_refused(data_copy: Path) -> None:
    _replace(CUSCO_REGION, "budget_pen: 1200000", "budget_pen: 1.200")(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    assert (error.row, error.field) == (7, "budget.budget_pen")
    assert str(error).endswith(
        "region.yaml, line 7: field 'budget.budget_pen' is 1.200; expected a whole number of "
        "soles. Tip: write 1200 for 1200 soles: YAML reads 1.200 as 1.2"
    )
    assert error.message("es").endswith(
        "region.yaml, línea 7: el campo 'budget.budget_pen' vale 1.200; se esperaba un número "
        "entero de soles. Consejo: escriba 1200 para 1200 soles: YAML lee 1.200 como 1.2"
    )


def test_budget_with_a_decimal_point_or_underscores_is_read(data_copy: Path) -> None:
    _replace(CUSCO_REGION, "budget_pen: 1200000", "budget_pen: 1_250_000.0")(data_copy)
    cusco = next(r for r in load_dataset(data_copy).regions if r.id == "cusco")
    assert cusco.budget.budget_pen == 1250000


def test_yes_for_a_number_is_refused_with_the_word(data_copy: Path) -> None:
    _replace(CUSCO_REGION, "{coffee: 1, camelid-fabrics: 1}", "{coffee: yes, camelid-fabrics: 1}")(
        data_copy
    )
    error = _error(lambda: load_dataset(data_copy))
    assert (error.row, error.field, error.got) == (13, "rules.min_projects_per_chain.coffee", "yes")
    assert str(error).endswith("Tip: write a number (such as 1 or 0), not 'yes'")
    assert error.message("es").endswith(
        "línea 13: el campo 'rules.min_projects_per_chain.coffee' vale 'yes'; se esperaba un "
        "número entero escrito con cifras (p. ej. 1000000, no 1e6). "
        "Consejo: escriba un número (como 1 o 0), no 'yes'"
    )


def test_ratio_with_a_colon_is_refused_at_the_judgment(data_copy: Path) -> None:
    _replace(CUSCO_PEOPLE, "global-context: {cost: 3}", "global-context: {cost: 1:3}")(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    assert (error.row, error.field, error.got) == (20, "judgments.global-context.cost", "1:3")
    assert str(error).endswith(
        "Tip: write the ratio 1:3 as 1/3: a judgment is one number on Saaty's scale, from 1/9 to 9"
    )
    assert error.message("es").endswith(
        "línea 20: el campo 'judgments.global-context.cost' vale '1:3'; se esperaba un número "
        "positivo o una fracción como 1/3. Consejo: escriba la razón 1:3 como 1/3: un juicio es "
        "un solo número de la escala de Saaty, de 1/9 a 9"
    )


def test_points_need_only_be_zero_or_more(data_copy: Path) -> None:
    points = "    points: {specialization: 3, diversification: no, global-context: 2, cost: 4}\n"
    _replace(CUSCO_PEOPLE, FIRST_JUDGMENTS, points)(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    assert (error.row, error.field, error.got) == (17, "points.diversification", "no")
    assert str(error).endswith("is 'no'; expected a finite number >= 0.")
    assert error.message("es").endswith(
        "línea 17: el campo 'points.diversification' vale 'no'; se esperaba un número finito >= 0."
    )
    _replace(CUSCO_PEOPLE, "diversification: no,", "diversification: 0,")(data_copy)
    person = next(s for s in load_dataset(data_copy).stakeholders if s.points is not None)
    assert person.points == {
        "specialization": 3,
        "diversification": 0,
        "global-context": 2,
        "cost": 4,
    }


def test_tab_in_the_indentation_is_named(data_copy: Path) -> None:
    _replace(CUSCO_PEOPLE, "    group: government\n", "\tgroup: government\n")(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    assert error.row == 14 and error.got == "a tab character"
    assert str(error).endswith(
        "line 14: found a tab character; expected valid YAML. "
        "Tip: YAML indents with spaces, not tabs: replace the tab with spaces"
    )
    spanish = error.message("es")
    assert "línea 14" in spanish and "un carácter de tabulación" in spanish
    assert spanish.endswith(
        "Consejo: YAML sangra con espacios, no con tabulaciones: reemplace la tabulación por espacios"
    )


@pytest.mark.parametrize(
    ("file", "right", "wrong"),
    [(CUSCO_REGION, "budget", "budjet"), ("inputs/value_chains.yaml", "challenges", "challanges")],
)
def test_unknown_key_is_reported_before_the_missing_one(
    data_copy: Path, file: str, right: str, wrong: str
) -> None:
    _replace(file, f"{right}:\n", f"{wrong}:\n")(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    assert (error.row, error.field) == (_line_of(data_copy, file, f"{wrong}:"), wrong)
    assert "one of the known fields (" in str(error) and f" {right}," in str(error)
    assert error.message("es").endswith("Consejo: revise la ortografía de la clave")


def test_unclosed_brace_is_reported_where_it_opens(data_copy: Path) -> None:
    _replace(CUSCO_REGION, "name: {en: Cusco, es: Cusco}", "name: {en: Cusco, es: Cusco")(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    assert error.row == 2
    assert str(error).endswith(
        "Tip: close the '{' opened on this line with '}' (the parser stopped at line 3)"
    )
    assert error.message("es").endswith(
        "Consejo: cierre con '}' el '{' abierto en esta línea (el analizador se detuvo en la línea 3)"
    )


def test_unclosed_quote_is_reported_where_it_opens(data_copy: Path) -> None:
    _replace(CUSCO_REGION, "  source: illustrative\n  note:", '  source: "illustrative\n  note:')(
        data_copy
    )
    error = _error(lambda: load_dataset(data_copy))
    assert error.row == 8 and "close the '\"' opened on this line" in str(error)


def test_key_out_of_line_is_reported_where_the_parser_stops(data_copy: Path) -> None:
    _replace("inputs/value_chains.yaml", "    source: report §6.4\n", "   source: report §6.4\n")(
        data_copy
    )
    error = _error(lambda: load_dataset(data_copy))
    assert error.row == 6 and error.hint is None and "valid YAML" in str(error)


@pytest.mark.parametrize("written", ["1e3", "10", "1/10", "0.05"])
def test_off_scale_judgment_names_its_own_line_and_text(data_copy: Path, written: str) -> None:
    """A check made after loading (Saaty's 1/9..9) points at the judgment's line, not the
    stakeholder's first line, and shows the value as typed, not the float YAML made of it."""
    _replace(CUSCO_PEOPLE, "global-context: {cost: 3}", f"global-context: {{cost: {written}}}")(
        data_copy
    )
    error = _error(lambda: load_dataset(data_copy))
    assert (error.row, error.field, error.got) == (20, "judgments.global-context.cost", written)
    assert f"line 20: field 'judgments.global-context.cost' is '{written}'" in str(error)


def test_yaml_syntax_errors_in_the_users_words(data_copy: Path) -> None:
    """PyYAML's English problem text never reaches the message; the line and column do."""
    _replace("inputs/value_chains.yaml", "      - letter: A\n", "      - letter: A: B\n")(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    assert error.row == 8
    assert "a ':' the line cannot have" in str(error) and "column" in str(error)
    spanish = error.message("es")
    assert "un ':' que la línea no puede tener" in spanish and "mapping" not in spanish


@pytest.mark.parametrize(
    ("path", "old", "new", "words"),
    [
        ("criteria/relevance_scale.yaml", "  - id: HIGH\n", "  - id: yes\n", "upper-case words"),
        (
            "inputs/value_chains.yaml",
            "      - letter: A\n",
            "      - letter: a)\n",
            "capital letter",
        ),
    ],
)
def test_patterns_are_explained_in_words(
    data_copy: Path, path: str, old: str, new: str, words: str
) -> None:
    _replace(path, old, new)(data_copy)
    error = _error(lambda: load_dataset(data_copy))
    expected = str(error).split("expected ", 1)[1]
    assert words in expected and "^" not in expected and "pattern" not in expected
    assert "^" not in error.message("es").split("se esperaba ", 1)[1]


@pytest.mark.parametrize(
    ("header", "field", "expected", "got"),
    [
        ("id,cost,value,price", "price", "one of the columns id, cost, value, name", "price"),
        ("id,value", "cost", "a column named 'cost'", "no such column"),
        ("id,cost,value,id", "id", "each column once", "twice"),
    ],
)
def test_a_bad_header_names_its_column(
    tmp_path: Path, header: str, field: str, expected: str, got: str
) -> None:
    """A column not allowed, a required one missing, one repeated: the header line says which."""
    path = tmp_path / "p.csv"
    path.write_text(f"{header}\n" + ",".join("1" * (header.count(",") + 1)) + "\n")
    error = _error(lambda: load_candidates_csv(path))
    assert (error.row, error.field) == (1, field)
    assert error.expected.startswith(expected) and error.got == got


@pytest.mark.parametrize(
    ("rows", "line", "field", "expected", "got"),
    [
        (",1,1", 2, "id", "a project id", "nothing"),
        ("a,1,1\na,2,2", 3, "id", "each id once", "a"),
        ("a,-5,1", 2, "cost", "a cost of 0 soles or more", -5),
        ("a,1,1,maybe", 2, "mandatory", "true or false", "maybe"),
    ],
)
def test_a_bad_candidate_row_names_its_line_and_field(
    tmp_path: Path, rows: str, line: int, field: str, expected: str, got: object
) -> None:
    """Each check of a candidate row names the row's line, the field and what it found."""
    path = tmp_path / "p.csv"
    header = "id,cost,value,mandatory" if "maybe" in rows else "id,cost,value"
    path.write_text(f"{header}\n{rows}\n", encoding="utf-8")
    error = _error(lambda: load_candidates_csv(path))
    assert (error.row, error.field, error.expected, error.got) == (line, field, expected, got)
