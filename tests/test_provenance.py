"""Provenance guarded (issue #14, point 9): `validate` warns when a value that cites the report
differs from the report's reading (the embedded data set), and only then."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from prioritizer.core.provenance import provenance_drift
from prioritizer.data.load import load_dataset
from prioritizer.data.workbook.dataset import load_inputs
from tests.conftest import Run

SEVERITIES = Path("inputs") / "regions" / "cusco" / "severities.csv"
CITED = "lack-of-connection,VERY HIGH,report §5.2,"


def _edit(root: Path, old: str, new: str) -> None:
    path = root / SEVERITIES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _provenance(result: Run) -> list[dict[str, object]]:
    assert result.code == 0, result.stderr
    warnings = json.loads(result.stdout)["warnings"]
    return [w for w in warnings if w["kind"] == "provenance"]


def test_the_embedded_data_set_agrees_with_itself() -> None:
    embedded = load_inputs(None)
    assert provenance_drift(embedded, embedded) == ()
    assert provenance_drift(load_inputs(None), embedded) == ()


def test_an_edited_value_still_citing_the_report_is_named(
    cli: Callable[..., Run], data_copy: Path
) -> None:
    _edit(data_copy, CITED, "lack-of-connection,LOW,report §5.2,")
    found = _provenance(cli("validate", "--inputs", str(data_copy), "--json"))
    assert len(found) == 1
    warning = found[0]
    assert str(warning["file"]).endswith("severities.csv") and warning["row"] == 2
    assert (warning["field"], warning["value"], warning["reference"]) == (
        "level",
        "LOW",
        "VERY HIGH",
    )
    assert warning["source"] == "report §5.2"
    english = " ".join(cli("validate", "--inputs", str(data_copy)).stdout.split())
    assert "severities.csv:2: severity cusco lack-of-connection: level is LOW" in english
    assert "which gives VERY HIGH" in english
    spanish = " ".join(cli("validate", "--inputs", str(data_copy), "--lang", "es").stdout.split())
    assert (
        "level vale LOW, pero su fuente 'report §5.2' cita el informe, que da VERY HIGH" in spanish
    )


def test_a_value_with_its_own_source_or_marked_illustrative_is_left_alone(
    cli: Callable[..., Run], data_copy: Path
) -> None:
    _edit(data_copy, CITED, "lack-of-connection,LOW,workshop Cusco 2027,")
    region = data_copy / "inputs" / "regions" / "cusco" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    region.write_text(text.replace("budget_pen: 1200000", "budget_pen: 1500000", 1), "utf-8")
    assert load_dataset(data_copy).region("cusco").budget.illustrative
    assert _provenance(cli("validate", "--inputs", str(data_copy), "--json")) == []


def test_the_embedded_data_set_itself_is_not_compared(cli: Callable[..., Run]) -> None:
    assert _provenance(cli("validate", "--json")) == []


def test_validate_names_the_kinds_of_illustrative_records_in_words(
    cli: Callable[..., Run],
) -> None:
    """The illustrative count says `funding pools 8`, `fuentes de financiamiento 8`: never a
    class name such as FundingPool."""
    for lang, word in (("en", "funding pools"), ("es", "fuentes de financiamiento")):
        text = " ".join(cli("validate", "--lang", lang).stdout.split())
        assert word in text
        for name in ("FundingPool", "ExecutingUnit", "SynergyRecord", "RegionRules"):
            assert name not in text
