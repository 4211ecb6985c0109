"""Bad input: every case gets one message naming file, line, field, bad value and what was expected.

Each case edits a fresh copy of the embedded data set, runs `prioritizer validate --inputs` on it,
and checks the exit code, the message, that no traceback is shown and that nothing was written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot


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
        ("'name_es'", "at least 1 character"),
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
        ("'id'", "'Technology Transfer'", "pattern"),
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
        ("judgments.global-context.specialization", "reciprocal", "is 4.0"),
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
