"""Inputs past the sizes the commands support are refused up front with one message naming the
file, the limit and the count, in English and Spanish (issue #18, "Sizes without progress")."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from prioritizer.data.load import load_candidates_csv
from prioritizer.data.load.sizes import MAX_ALTERNATIVES, MAX_CANDIDATES, MAX_CRITERIA
from tests.conftest import Run


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _refused(result: Run, file: Path, limit: int, count: int, lang: str) -> None:
    assert result.code == 2, result.stderr
    assert result.stdout == ""
    message = " ".join(result.stderr.split())
    assert str(file.name) in message
    assert f" {limit} " in message and f"{count} " in message
    assert ("README, Sizes" in message) and (("at most" in message) == (lang == "en"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_candidates_file_past_the_limit(
    cli: Callable[..., Run], tmp_path: Path, lang: str
) -> None:
    count = MAX_CANDIDATES + 1
    path = _write(
        tmp_path / "p.csv", ["id", "cost", "value"], [[f"p{i}", 100, 1] for i in range(count)]
    )
    result = cli("portfolio", "--projects", str(path), "--budget", "1000", "--lang", lang)
    _refused(result, path, MAX_CANDIDATES, count, lang)


def test_a_candidates_file_at_the_limit_is_read(tmp_path: Path) -> None:
    """The limit itself is supported: a file of exactly MAX_CANDIDATES rows loads."""
    rows = [[f"p{i}", 100 + i % 7, 1 + i % 5] for i in range(MAX_CANDIDATES)]
    path = _write(tmp_path / "p.csv", ["id", "cost", "value"], rows)
    assert len(load_candidates_csv(path).ids) == MAX_CANDIDATES


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_matrix_past_the_limit(cli: Callable[..., Run], tmp_path: Path, lang: str) -> None:
    count = MAX_ALTERNATIVES + 1
    matrix = _write(tmp_path / "m.csv", ["id", "a", "b"], [[f"a{i}", i, 1] for i in range(count)])
    criteria = _write(
        tmp_path / "c.csv", ["id", "type", "weight"], [["a", "benefit", 1], ["b", "cost", 1]]
    )
    result = cli("rank", "--matrix", str(matrix), "--criteria", str(criteria), "--lang", lang)
    _refused(result, matrix, MAX_ALTERNATIVES, count, lang)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_criteria_past_the_limit(cli: Callable[..., Run], tmp_path: Path, lang: str) -> None:
    count = MAX_CRITERIA + 1
    names = [f"c{i}" for i in range(count)]
    matrix = _write(tmp_path / "m.csv", ["id", *names], [["a1", *range(count)]])
    criteria = _write(
        tmp_path / "c.csv", ["id", "type", "weight"], [[n, "benefit", 1] for n in names]
    )
    result = cli("rank", "--matrix", str(matrix), "--criteria", str(criteria), "--lang", lang)
    _refused(result, criteria, MAX_CRITERIA, count, lang)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_data_set_with_too_many_projects(
    cli: Callable[..., Run], data_copy: Path, lang: str
) -> None:
    path = data_copy / "inputs" / "projects.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    extra = [[f"extra-{i}", *first[1:]] for i in range(MAX_CANDIDATES)]
    _write(path, header, [*rows[1:], *extra])
    result = cli("validate", "--inputs", str(data_copy), "--lang", lang)
    _refused(result, path, MAX_CANDIDATES, len(rows) - 1 + MAX_CANDIDATES, lang)
