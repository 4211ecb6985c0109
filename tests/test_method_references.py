"""`prioritizer methods` and README's "Reference tests" table come from one file
(data/method_references.yaml): the table must equal the file, and each cited test must exist
and name its source, so a citation cannot drift from the test that reproduces it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from prioritizer.data.load.method_references import load_method_references
from prioritizer.data.models.methods import MethodReference
from prioritizer.present.render.methods import examples_cell

ROOT = Path(__file__).resolve().parents[1]


def _readme_rows() -> list[str]:
    """The rows of README's "Reference tests" table, as written."""
    text = (ROOT / "README.md").read_text("utf-8")
    lines = text.split("### Reference tests", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return lines[start + 2 : end]  # past the header and its rule


def _expected_row(reference: MethodReference) -> str:
    published = examples_cell(reference) if reference.examples else reference.missing.en  # type: ignore[union-attr]
    otherwise = reference.otherwise.en if reference.otherwise else ""
    return f"| {reference.method.en} | `{reference.usage}` | {published} | {otherwise} |".replace(
        "|  |", "| |"
    )


def test_readme_table_is_the_data_file() -> None:
    expected = [_expected_row(r) for r in load_method_references().methods]
    assert _readme_rows() == expected


def test_each_cited_test_exists_and_names_its_source() -> None:
    for reference in load_method_references().methods:
        for example in reference.examples:
            path = ROOT / "tests" / example.test
            assert path.is_file(), example.test
            assert example.cue in path.read_text("utf-8"), (example.cue, example.test)


def test_a_method_with_no_example_must_say_what_was_looked_for_and_what_checks_it() -> None:
    row = {"method": {"en": "X", "es": "X"}, "usage": "rank --method x"}
    with pytest.raises(ValidationError, match="missing"):
        MethodReference.model_validate(row)
    with pytest.raises(ValidationError, match="missing"):
        MethodReference.model_validate({**row, "missing": {"en": "none", "es": "ninguno"}})
    checked = {**row, "missing": {"en": "n", "es": "n"}, "otherwise": {"en": "o", "es": "o"}}
    assert MethodReference.model_validate(checked).examples == ()


def test_a_method_with_examples_says_nothing_is_missing() -> None:
    row = {
        "method": {"en": "X", "es": "X"},
        "usage": "u",
        "examples": [{"source": "A 2000", "test": "test_a.py"}],
        "missing": {"en": "none", "es": "ninguno"},
    }
    with pytest.raises(ValidationError, match="only where no example"):
        MethodReference.model_validate(row)


def test_examples_name_a_test_file() -> None:
    row = {"method": {"en": "X", "es": "X"}, "usage": "u"}
    with pytest.raises(ValidationError, match="test"):
        MethodReference.model_validate({**row, "examples": [{"source": "A", "test": "a.py"}]})


@pytest.mark.parametrize("lang", ["en", "es"])
def test_methods_command_lists_every_row(cli: Callable[..., object], lang: str) -> None:
    references = load_method_references().methods
    shown = cli("methods", "--lang", lang)
    assert shown.code == 0, shown.stderr  # type: ignore[attr-defined]
    flat = " ".join(shown.stdout.split())  # type: ignore[attr-defined]
    for reference in references:
        assert reference.method.get(lang) in flat
    as_json = cli("methods", "--lang", lang, "--json")
    rows = json.loads(as_json.stdout)["methods"]  # type: ignore[attr-defined]
    assert [row["method"] for row in rows] == [r.method.get(lang) for r in references]
    first = rows[0]
    assert set(first) == {"method", "usage", "examples", "missing", "otherwise"}
    assert first["examples"][0] == {
        "source": references[0].examples[0].source,
        "test": references[0].examples[0].test,
    }
    assert re.search(r"\w", rows[-1]["missing"] or "")
