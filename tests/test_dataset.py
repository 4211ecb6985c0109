"""The embedded data set: the report's §6.3 table exactly, complete regions, sound references."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from prioritizer import resources
from prioritizer.data.load import load_dataset
from prioritizer.data.models import Dataset
from prioritizer.errors import InputError
from prioritizer.resources import embedded_dir

# The §6.3 table of the report ("Table of challenges for the smart specialization model in
# Cusco and Puno"), transcribed by hand from ../shared/seed: gap -> (specialization,
# diversification, global context) and the mechanisms listed in the last column.
REPORT_TABLE = {
    "lack-of-connection": (
        ("HIGH", "MEDIUM", "LOW"),
        ["Technology transfer", "Mobility of staff/researchers", "Technological entrepreneurship"],
    ),
    "weakening-of-cooperative-structures": (
        ("HIGH", "HIGH", "MEDIUM"),
        [
            "Training and capacity-building activities",
            "Development of cluster structures",
            "Internships and exchange of experiences",
        ],
    ),
    "value-chain-bottlenecks": (
        ("VERY HIGH", "LOW", "HIGH"),
        ["Collaborative round tables", "Development of cluster structures"],
    ),
    "low-modernization": (
        ("HIGH", "LOW", "HIGH"),
        ["Technology transfer", "Technical training activities", "Specialist technical assistance"],
    ),
    "low-training": (
        ("HIGH", "MEDIUM", "LOW"),
        ["Training activities (in general)", "Mobility of researchers", "Technical assistance"],
    ),
    "lack-of-entrepreneurial-culture": (
        ("MEDIUM", "HIGH", "MEDIUM"),
        ["Awareness actions", "Training activities in management and innovation"],
    ),
    "lack-of-information": (
        ("MEDIUM", "HIGH", "LOW"),
        ["Studies (technological, economic, market, etc.)", "Communication activities"],
    ),
    "limited-leadership": (
        ("MEDIUM", "MEDIUM", "HIGH"),
        ["Joint round tables", "Capacity-building activities in management"],
    ),
    "producer-poverty": (
        ("HIGH", "MEDIUM", "LOW"),
        ["Marketing platforms", "Cooperatives of producers"],
    ),
}

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_82da3a35888bf5f8.txt"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset()


def test_section_6_3_relevance_levels_exactly(data: Dataset) -> None:
    assert [g.id for g in data.gaps] == list(REPORT_TABLE)
    for gap in data.gaps:
        levels, _ = REPORT_TABLE[gap.id]
        got = tuple(
            gap.relevance[e] for e in ("specialization", "diversification", "global-context")
        )
        assert got == levels, gap.id


def test_section_6_3_mechanisms_exactly_as_worded(data: Dataset) -> None:
    for gap in data.gaps:
        _, wording = REPORT_TABLE[gap.id]
        links = [link for link in data.gap_mechanisms if link.gap == gap.id]
        assert [link.table_wording for link in links] == wording, gap.id


@pytest.mark.skipif(not SEED.is_file(), reason="the report is not beside this checkout")
def test_table_wording_appears_in_the_report(data: Dataset) -> None:
    text = SEED.read_text(encoding="utf-8")
    for gap in data.gaps:
        assert gap.table_wording in text
    for link in data.gap_mechanisms:
        assert link.table_wording in text


def test_one_catalogue_entry_per_mechanism_named_under_two_gaps(data: Dataset) -> None:
    shared = {m: data.gaps_of(m) for m in ("technology-transfer", "cluster-structures")}
    assert shared == {
        "technology-transfer": ("lack-of-connection", "low-modernization"),
        "cluster-structures": ("weakening-of-cooperative-structures", "value-chain-bottlenecks"),
    }
    assert len({m.id for m in data.mechanisms}) == len(data.mechanisms) == 16
    assert {m.work_area for m in data.mechanisms} == {a.id for a in data.work_areas}
    assert len(data.work_areas) == 5


def test_elements_and_criteria(data: Dataset) -> None:
    assert data.element_ids == ("specialization", "diversification", "global-context")
    types = {c.id: c.type for c in data.criteria}
    assert types == {
        "specialization": "benefit",
        "diversification": "benefit",
        "global-context": "benefit",
        "cost": "cost",
    }
    assert [level.id for level in data.relevance_scale.levels] == [
        "LOW",
        "MEDIUM",
        "HIGH",
        "VERY HIGH",
    ]
    assert [level.value for level in data.relevance_scale.levels] == [1, 2, 3, 4]
    saaty = data.random_index.get("saaty-1980").values
    assert [saaty[n] for n in range(3, 11)] == [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]


def test_value_chain_challenges_keep_the_reports_letters(data: Dataset) -> None:
    letters = {c.id: [ch.letter for ch in c.challenges] for c in data.value_chains}
    assert letters == {"coffee": list("ABCDEF"), "camelid-fabrics": list("ABCEF")}
    for chain in data.value_chains:
        assert chain.swot.strengths and chain.swot.weaknesses
        assert chain.swot.opportunities and chain.swot.threats


def test_regions_are_complete(data: Dataset) -> None:
    assert data.region_ids == ("cusco", "puno")
    for region in data.regions:
        assert {s.gap for s in region.severities} == {g.id for g in data.gaps}
        assert all(s.quote and s.source.startswith("report §") for s in region.severities)
        assert region.budget.budget_pen > 0 and region.budget.illustrative
        assert len(data.projects_in(region.id)) >= 12
        assert {p.value_chain for p in data.projects_in(region.id)} == {"coffee", "camelid-fabrics"}
        groups = {s.group for s in data.stakeholders_of(region.id)}
        assert len(data.stakeholders_of(region.id)) >= 4
        assert {"government", "research", "producers", "business"} <= groups
    assert data.region("cusco").facts["area_km2"].value == 71987
    assert data.region("puno").facts["population"].value == 1389684


def test_severity_quotes_are_sentences_of_the_report(data: Dataset) -> None:
    if not SEED.is_file():
        pytest.skip("the report is not beside this checkout")
    text = SEED.read_text(encoding="utf-8")
    for region in data.regions:
        for severity in region.severities:
            assert severity.quote is not None and severity.quote in text, severity.gap


def test_interregional_projects_share_their_cost(data: Dataset) -> None:
    shared = [p for p in data.projects if p.interregional]
    assert len(shared) >= 2
    for project in shared:
        assert set(project.regions) == {"cusco", "puno"}
        assert sum(project.cost_in(r) for r in project.regions) == project.cost_pen
        for region in project.regions:
            assert project in data.projects_in(region)


def test_every_cross_reference_resolves(data: Dataset) -> None:
    gaps = {g.id for g in data.gaps}
    mechanisms = {m.id for m in data.mechanisms}
    projects = {p.id: p for p in data.projects}
    for project in data.projects:
        assert set(project.gaps) <= gaps and set(project.mechanisms) <= mechanisms
        assert set(project.requires) <= set(projects) and set(project.excludes) <= set(projects)
        assert project.phase in (1, 2, 3)
        assert "illustrative" in project.source
        for other in project.requires:
            assert projects[other].phase <= project.phase
    for chain in data.value_chains:
        for challenge in chain.challenges:
            assert set(challenge.gaps) <= gaps
    criteria = set(data.criterion_ids)
    for stakeholder in data.stakeholders:
        assert stakeholder.judgments is not None
        assert set(stakeholder.judgments) <= criteria


def test_every_csv_row_has_a_source_column() -> None:
    for path in embedded_dir("inputs").rglob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and all(row["source"].strip() for row in rows), path


def test_records_remember_file_and_line(data: Dataset) -> None:
    project = next(p for p in data.projects if p.id == "puno-fiber-collection-pilot")
    assert project.origin is not None and project.origin.file == "inputs/projects.csv"
    lines = (embedded_dir("inputs") / "projects.csv").read_text(encoding="utf-8").splitlines()
    assert lines[project.origin.line - 1].startswith("puno-fiber-collection-pilot,")


# -- cross-reference errors, in Spanish -----------------------------------------------------------
def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _spanish(root: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_dataset(root)
    return caught.value.message("es").replace(str(root), "DATA")


def test_unlinked_mechanism_in_spanish(data_copy: Path) -> None:
    _edit(
        data_copy,
        "inputs/gap_mechanisms.csv",
        "producer-poverty,producer-cooperatives,Cooperatives of producers,report §6.3\n",
        "",
    )
    assert _spanish(data_copy) == (
        "DATA/inputs/mechanisms.csv, línea 17: el campo 'id' vale 'producer-cooperatives'; "
        "se esperaba un mecanismo vinculado a al menos una brecha en gap_mechanisms.csv."
    )


def test_repeated_challenge_letter_in_spanish(data_copy: Path) -> None:
    _edit(data_copy, "inputs/value_chains.yaml", "      - letter: B\n", "      - letter: A\n")
    assert _spanish(data_copy) == (
        "DATA/inputs/value_chains.yaml: el campo 'letter' vale 'A'; "
        "se esperaba cada letra de desafío una sola vez por cadena de valor."
    )


def test_element_that_is_not_a_benefit_criterion_in_spanish(data_copy: Path) -> None:
    _edit(
        data_copy,
        "criteria/criteria.yaml",
        "  - id: specialization\n    type: benefit",
        "  - id: specialization\n    type: cost",
    )
    assert _spanish(data_copy) == (
        "DATA/criteria/elements.yaml, línea 4: el campo 'id' vale 'specialization'; "
        "se esperaba un elemento que figure en criteria.yaml como criterio de beneficio."
    )


def test_repeated_criterion_id_in_both_languages(data_copy: Path) -> None:
    _edit(data_copy, "criteria/criteria.yaml", "  - id: cost\n", "  - id: global-context\n")
    with pytest.raises(InputError) as caught:
        load_dataset(data_copy)
    assert caught.value.message().endswith(
        "line 30: field 'id' is 'global-context'; "
        "expected a criterion id not used before in the file."
    )
    assert caught.value.message("es").endswith(
        "línea 30: el campo 'id' vale 'global-context'; "
        "se esperaba un id de criterio que no se haya usado antes en el archivo."
    )


def test_points_missing_a_criterion_in_spanish(data_copy: Path) -> None:
    people = "inputs/regions/cusco/stakeholders.yaml"
    _edit(
        data_copy,
        people,
        """    judgments:
      specialization: {diversification: 2, global-context: 1, cost: 3}
      diversification: {global-context: 1/2, cost: 2}
      global-context: {cost: 3}
""",
        "    points: {specialization: 3, cost: 1}\n",
    )
    message = _spanish(data_copy)
    assert message.startswith(f"DATA/{people}, línea 17: ")
    assert message.endswith(
        "en el campo 'points' se esperaba puntos para cada criterio "
        "(faltan: diversification, global-context)."
    )


def test_missing_embedded_folder_in_spanish(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class NoPackageData:
        @staticmethod
        def files(package: str) -> Path:
            return tmp_path / package

    monkeypatch.setattr(resources, "resources", NoPackageData)
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "site" / "prioritizer" / "x.py"))
    with pytest.raises(InputError) as caught:
        embedded_dir("criteria")
    assert caught.value.message("es") == (
        f"{tmp_path}/prioritizer/_data/criteria: se esperaba la carpeta criteria/ incluida, aquí "
        f"o en {tmp_path}/site/criteria. Consejo: reinstale el paquete con `pip install .` desde "
        "la carpeta del proyecto"
    )
