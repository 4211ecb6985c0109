"""The roadmap's data files: the embedded roadmaps load and are marked illustrative; every kind of
bad file gets one message naming file, line, field and what was expected, in English and
Spanish; a data set without roadmap files reads exactly as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from prioritizer.data.load import load_dataset
from prioritizer.data.models import Dataset
from prioritizer.data.models.roadmap import DEFAULT_LEVEL
from tests.conftest import Run, snapshot

CUSCO = "inputs/regions/cusco/"
ROADMAP = CUSCO + "roadmap.yaml"
LEVELS = CUSCO + "project_levels.csv"
SYNERGIES = CUSCO + "synergies.csv"
Edit = Callable[[Path], None]


def _replace(path: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"test set-up: {old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _remove(path: str) -> Edit:
    def edit(root: Path) -> None:
        (root / path).unlink()

    return edit


# (case id, edit, file named, text on the line named, English parts, Spanish parts)
CASES: list[tuple[str, Edit, str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "level-longer-than-the-plan",
        _replace(LEVELS, "150000;120000;80000,1,", "150000;120000;80000;50000,1,"),
        LEVELS,
        "150000;120000;80000;50000,1,",
        ("'costs_pen'", "4 years", "at most 3 years of costs, the plan's 2027-2029"),
        ("como máximo 3 años de costos", "4 años"),
    ),
    (
        "level-of-an-unknown-project",
        _replace(LEVELS, "cusco-coffee-university-lab,", "cusco-coffee-universty-lab,"),
        LEVELS,
        "cusco-coffee-universty-lab,",
        ("'project'", "cusco-coffee-universty-lab", "a candidate project of cusco"),
        ("un proyecto candidato de cusco",),
    ),
    (
        "commitment-of-another-regions-project",
        _replace(
            ROADMAP,
            "project: cusco-alpaca-shearing-training",
            "project: puno-fiber-collection-pilot",
        ),
        ROADMAP,
        "- project: puno-fiber-collection-pilot",
        ("'project'", "puno-fiber-collection-pilot", "a candidate project of cusco"),
        ("un proyecto candidato de cusco",),
    ),
    (
        "pool-year-outside-the-plan",
        _replace(ROADMAP, "2028: 300000, 2029: 300000}", "2028: 300000, 2030: 300000}"),
        ROADMAP,
        "2030: 300000",
        ("'amounts_pen.2030'", "a year of the plan (2027-2029)"),
        ("un año del plan (2027-2029)",),
    ),
    (
        "pool-year-missing",
        _replace(
            ROADMAP, "{2027: 250000, 2028: 300000, 2029: 300000}", "{2027: 250000, 2028: 300000}"
        ),
        ROADMAP,
        "amounts_pen: {2027: 250000, 2028: 300000}",
        ("'amounts_pen'", "an amount for each year of the plan (missing: 2029)"),
        ("faltan: 2029",),
    ),
    (
        "pool-amount-with-dot-thousands",
        _replace(ROADMAP, "{2027: 250000,", "{2027: 250.000,"),
        ROADMAP,
        "2027: 250.000",
        ("'amounts_pen.2027'", "a whole number of soles", "write 250000"),
        ("un número entero de soles",),
    ),
    (
        "share-above-one",
        _replace(ROADMAP, "max_share: 0.7", "max_share: 1.5"),
        ROADMAP,
        "max_share: 1.5",
        ("'max_share'", "1.5", "less than or equal to 1"),
        ("menor o igual que 1",),
    ),
    (
        "pool-for-an-unknown-mechanism",
        _replace(
            ROADMAP, "mechanisms: [technology-transfer,", "mechanisms: [technology-transfers,"
        ),
        ROADMAP,
        "mechanisms: [technology-transfers,",  # the list's own line, not the pool's
        ("'mechanisms'", "technology-transfers", "a known mechanism"),
        ("un mecanismo existente",),
    ),
    (
        "pool-for-an-unknown-value-chain",
        _replace(
            "inputs/regions/puno/roadmap.yaml",
            "value_chains: [camelid-fabrics]",
            "value_chains: [camelid-fabric]",
        ),
        "inputs/regions/puno/roadmap.yaml",
        "value_chains: [camelid-fabric]",  # the list's own line
        ("'value_chains'", "camelid-fabric", "a known value chain"),
        ("cadena de valor",),
    ),
    (
        "misspelt-key",
        _replace(ROADMAP, "windows:", "windos:"),
        ROADMAP,
        "windos:",
        ("'windos'", "one of the known fields"),
        ("uno de los campos conocidos",),
    ),
    (
        "years-backwards",
        _replace(ROADMAP, "last: 2029}", "last: 2026}"),
        ROADMAP,
        "years: {first: 2027, last: 2026}",
        ("'years.last'", "a year from 2027 to 2036"),
        ("un año de 2027 a 2036",),
    ),
    (
        "window-outside-the-plan",
        _replace(ROADMAP, "earliest: 2028", "earliest: 2031"),
        ROADMAP,
        "- project: cusco-coffee-university-lab",
        ("'earliest'", "2031", "a year of the plan (2027-2029)"),
        ("un año del plan",),
    ),
    (
        "commitment-at-an-unknown-level",
        _replace(ROADMAP, "level: two-seasons", "level: three-seasons"),
        ROADMAP,
        "- project: cusco-alpaca-shearing-training",
        ("'level'", "three-seasons", "one of the levels two-seasons"),
        ("uno de los niveles two-seasons",),
    ),
    (
        "commitment-ended-before-the-plan",
        _replace(ROADMAP, "start: 2026", "start: 2020"),
        ROADMAP,
        "- project: cusco-alpaca-shearing-training",
        ("'start'", "2020", "at this level it ends in 2021"),
        ("termina en 2021",),
    ),
    (
        "project-in-two-units",
        _replace(
            ROADMAP,
            "projects: [cusco-coffee-tourism-experience,",
            "projects: [cusco-coffee-rust-assistance,",
        ),
        ROADMAP,
        "projects: [cusco-coffee-rust-assistance, cusco-camelid-design-showroom",  # its list
        ("'projects'", "executed by one unit", "agriculture-directorate"),
        ("una sola unidad",),
    ),
    (
        "cost-not-in-soles",
        _replace(LEVELS, "160000;100000", "160000;1OO000"),
        LEVELS,
        "1OO000",
        ("'costs_pen'", "1OO000", "a whole number of soles"),
        ("un número entero de soles",),
    ),
    (
        "level-without-a-cost",
        _replace(LEVELS, ",90000;70000,", ",,"),
        LEVELS,
        "cusco-coffee-cooperative-management,",
        ("'costs_pen'", "at least one item"),
        ("al menos un elemento",),
    ),
    (
        "level-twice",
        _replace(LEVELS, "la-convencion,One province", "whole-region,One province"),
        LEVELS,
        "cusco-coffee-competitiveness-assessment,whole-region,Whole region",
        ("'level'", "whole-region", "an id not used before in the roadmap"),
        ("no usado antes",),
    ),
    (
        "saving-above-the-bearers-cost",
        _replace(SYNERGIES, ",,30000,", ",,900000,"),
        SYNERGIES,
        "coffee-market-study-shared,",
        (
            "'saving_pen'",
            "900000",
            "at most the first-year cost of interregional-coffee-intelligence",
        ),
        ("como máximo el costo del primer año",),
    ),
    (
        "synergy-of-one-project",
        _replace(
            SYNERGIES,
            "cusco-coffee-tourism-experience;cusco-camelid-design-showroom",
            "cusco-coffee-tourism-experience",
        ),
        SYNERGIES,
        "tourism-and-fabrics,",
        ("'projects'", "at least 2 items"),
        ("al menos 2 elementos",),
    ),
    (
        "synergy-of-nothing",
        _replace(SYNERGIES, "showroom,15,,", "showroom,0,,"),
        SYNERGIES,
        "tourism-and-fabrics,",
        ("an extra_value_pct or a saving_pen above 0",),
        ("mayor que 0",),
    ),
    (
        "levels-without-a-roadmap",
        _remove(ROADMAP),
        LEVELS,
        "",
        ("a roadmap.yaml beside it",),
        ("un roadmap.yaml a su lado",),
    ),
]


@pytest.mark.parametrize(
    ("edit", "file", "needle", "english", "spanish"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_roadmap_files_name_file_line_and_field(
    data_copy: Path,
    cli: Callable[..., Run],
    edit: Edit,
    file: str,
    needle: str,
    english: tuple[str, ...],
    spanish: tuple[str, ...],
) -> None:
    edit(data_copy)
    before = snapshot(data_copy)
    shown = str(data_copy / file)
    lines = (data_copy / file).read_text(encoding="utf-8").splitlines() if needle else []
    line = next((i for i, text in enumerate(lines, 1) if needle in text), None)
    assert not needle or line is not None, "test set-up: the needle names no line"
    for lang, parts in (("en", english), ("es", spanish)):
        result = cli("validate", "--inputs", str(data_copy), "--lang", lang)
        assert result.code == 2, result.stdout + result.stderr
        message = result.stderr
        assert "Traceback" not in message and result.stdout == ""
        assert shown in message, message
        if line is not None:
            where = "line" if lang == "en" else "línea"
            assert f"{where} {line}:" in message, message
        for part in parts:
            assert part in message, message
    assert snapshot(data_copy) == before


def test_the_embedded_roadmaps_follow_the_phases_and_are_marked_illustrative() -> None:
    data = load_dataset()
    assert [r.region for r in data.roadmaps] == ["cusco", "puno"]
    for roadmap in data.roadmaps:
        assert roadmap.years.years == (2027, 2028, 2029)
        assert len(roadmap.pools) >= 3
        for record in roadmap.records():
            assert record.illustrative, record
            assert record.origin is not None and record.origin.line is not None
        candidates = data.projects_in(roadmap.region)
        assert {p.phase for p in candidates} == {1, 2, 3}
        assert 8 <= len(candidates) <= 20
    records = [id(record) for record in data.sourced_records()]
    assert all(id(record) in records for r in data.roadmaps for record in r.records())


def test_a_data_set_without_roadmap_files_reads_as_before(data_copy: Path) -> None:
    for region in ("cusco", "puno"):
        for name in ("roadmap.yaml", "project_levels.csv", "synergies.csv"):
            (data_copy / "inputs" / "regions" / region / name).unlink()
    bare = load_dataset(data_copy)
    full = load_dataset()
    assert bare.roadmaps == () and bare.roadmap_of("cusco") is None
    exclude = {"roadmaps", "location", "checksums", "files"}
    assert bare.model_dump(exclude=exclude) == full.model_dump(exclude=exclude)

    def tails(data: Dataset) -> set[str]:
        return {k[k.rindex("inputs/") :] for k in data.checksums if "inputs/" in k}

    assert tails(full) - tails(bare) == {
        f"inputs/regions/{r}/{n}"
        for r in ("cusco", "puno")
        for n in ("roadmap.yaml", "project_levels.csv", "synergies.csv")
    }


def test_a_roadmap_of_its_own_with_defaults(data_copy: Path) -> None:
    """roadmap.yaml alone (no levels, synergies, units): every candidate has its one-year level."""
    region = data_copy / "inputs" / "regions" / "puno"
    (region / "project_levels.csv").unlink()
    (region / "synergies.csv").unlink()
    (region / "roadmap.yaml").write_text(
        "years: {first: 2030, last: 2031}\n"
        "source: illustrative\n"
        "pools:\n"
        "  - id: budget\n"
        "    name: {en: Budget, es: Presupuesto}\n"
        "    amounts_pen: {2030: 100000, 2031: 100000}\n"
        "    source: illustrative\n",
        encoding="utf-8",
    )
    roadmap = load_dataset(data_copy).roadmap_of("puno")
    assert roadmap is not None
    assert roadmap.years.years == (2030, 2031)
    assert roadmap.levels == () and roadmap.units == () and roadmap.synergies == ()
    assert roadmap.pools[0].carry_over is False and roadmap.pools[0].max_share is None
    assert DEFAULT_LEVEL == "base"
