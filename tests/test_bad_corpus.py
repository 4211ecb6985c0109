"""The bad-input corpus: every file of tests/data/bad/ through the real CLI, as cases.yaml says.

A file is either read correctly (checked in the `--json` output) or gets one clear message: the
exit code, one line on stderr naming the file, the line or cell and the bad value, no traceback,
no library URL, no control characters, and nothing written. Message cases run in English and in
Spanish. The manifest, the folder, the generator's outputs and docs/bad-inputs.md must agree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Run
from tests.data.make_bad_workbooks import text_files, workbook_files

DATA = Path(__file__).parent / "data"
BAD, GOOD = DATA / "bad", DATA / "good"
MANIFEST = BAD / "cases.yaml"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "bad-inputs.md"
CASES: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["cases"]
CATEGORIES = ("dialect", "yaml", "workbook", "numbers", "structure")
BEHAVIOUR = {0: "read", 2: "message", 3: "infeasible"}
LINE = re.compile(r"line (\d+)")
CELL = re.compile(r"[^!\s]+![A-Z]+\d+(:[A-Z]+\d+)?")


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, to prove that nothing was written."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def _prepare(case: dict[str, Any], tmp_path: Path, data_copy: Callable[[], Path]) -> list[str]:
    """The command line of a case, with its data-set copy and output folder set up."""
    how = case["how"]
    (tmp_path / "out").mkdir()
    values = {"file": str(BAD / case["file"]), "good": str(GOOD), "here": str(BAD)}
    values["tmp"] = str(tmp_path / "out")
    args = how.get("args", ["validate", "--inputs", "{data}"])
    if "dataset" in how:
        root = data_copy()
        (root / how["dataset"]).write_bytes((BAD / case["file"]).read_bytes())
        values["data"] = str(root)
    return [arg.format(**values) for arg in args]


def _shown(case: dict[str, Any]) -> str:
    """The file name the message must contain: this file's, or the data-set file it replaces."""
    return Path(case["how"].get("dataset", case["file"])).name


def _at(payload: Any, path: str) -> Any:
    """The value at a dot-separated path: keys, list positions, or `id=X` for the item with id X."""
    for step in path.split("."):
        if step.startswith("id="):
            payload = next(item for item in payload if item["id"] == step[3:])
        elif isinstance(payload, list):
            payload = payload[int(step)]
        else:
            payload = payload[step]
    return payload


def _clean(text: str) -> None:
    """No traceback, no library URL, no control characters (a NUL or an escape on a terminal)."""
    assert "Traceback" not in text and "http" not in text, text
    assert not [c for c in text if ord(c) < 32 and c != "\n"], repr(text)


def _one_line(result: Run) -> str:
    assert result.stdout == "", result.stdout
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _check_read(case: dict[str, Any], result: Run) -> None:
    assert result.code == 0, result.stderr
    _clean(result.stderr)
    payload = json.loads(result.stdout)
    checks = case["read"]
    for path, expected in checks.get("equal", {}).items():
        assert _at(payload, path) == expected, (path, _at(payload, path))
    for path, expected in checks.get("approx", {}).items():
        assert _at(payload, path) == pytest.approx(expected, abs=1e-6), (path, _at(payload, path))
    for path, part in checks.get("has", {}).items():
        assert part in _at(payload, path), (path, _at(payload, path))


def _check_message(case: dict[str, Any], result: Run) -> None:
    assert result.code == case["exit"], (result.code, result.stdout, result.stderr)
    if case["exit"] == 2:
        message = _one_line(result)
    else:  # an infeasible portfolio is explained on stdout, wrapped to the terminal
        message = " ".join((result.stdout + result.stderr).split())
    _clean(message)
    assert case["exit"] == 3 or _shown(case) in message, message
    for part in (case.get("at"), case.get("value"), *case.get("contains", ())):
        if part is not None:
            assert part in message, (part, message)


def _check_spanish(case: dict[str, Any], result: Run) -> None:
    """The same message in Spanish: no English words asserted, only what the user typed."""
    assert result.code == case["exit"], (result.code, result.stdout, result.stderr)
    message = _one_line(result) if case["exit"] == 2 else result.stdout + result.stderr
    _clean(message)
    assert case["exit"] == 3 or _shown(case) in message, message
    at = case.get("at")
    if at is not None:
        line = LINE.fullmatch(at)
        where = rf"(?<![\d.]){line.group(1)}(?![\d.])" if line else re.escape(at)
        assert re.search(where, message), (at, message)
    if "value" in case:
        assert case["value"] in message, (case["value"], message)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file(
    cli: Callable[..., Run], tmp_path: Path, request: pytest.FixtureRequest, case: dict[str, Any]
) -> None:
    args = _prepare(case, tmp_path, lambda: request.getfixturevalue("data_copy"))
    before, corpus = _tree(tmp_path), sorted(p.name for p in BAD.iterdir())
    if case["exit"] == 0:
        _check_read(case, cli(*args, *([] if "--json" in args else ["--json"])))
    else:
        _check_message(case, cli(*args))
        _check_spanish(case, cli(*args, "--lang", "es"))
    assert _tree(tmp_path) == before, "a command wrote files"
    assert sorted(p.name for p in BAD.iterdir()) == corpus


# -- the manifest, the folder, the generator and the docs agree ---------------------------------
def test_every_file_has_exactly_one_entry() -> None:
    named = [case["file"] for case in CASES]
    assert len(named) == len(set(named)), [n for n in named if named.count(n) > 1]
    on_disk = {p.name for p in BAD.iterdir()} - {MANIFEST.name}
    assert set(named) == on_disk, set(named) ^ on_disk
    assert len(on_disk) >= 45


def test_every_entry_is_well_formed() -> None:
    fields = {"file", "category", "made", "how", "exit", "read", "at", "value", "contains"}
    for case in CASES:
        name = case["file"]
        assert set(case) <= fields, (name, set(case) - fields)
        assert case["category"] in CATEGORIES, name
        assert case["exit"] in BEHAVIOUR, name
        assert set(case["how"]) <= {"args", "dataset"} and case["how"], name
        if "dataset" not in case["how"]:
            assert "{file}" in case["how"]["args"], name
        if case["exit"] == 0:
            assert case["read"] and not {"at", "value", "contains"} & set(case), name
            assert set(case["read"]) <= {"equal", "approx", "has"}, name
        else:
            assert "read" not in case and (case.get("value") or case.get("contains")), name
        at = case.get("at")
        assert at is None or LINE.fullmatch(at) or CELL.fullmatch(at), (name, at)


def test_every_category_has_several_files() -> None:
    counts = {category: 0 for category in CATEGORIES}
    for case in CASES:
        counts[case["category"]] += 1
    assert min(counts.values()) >= 5, counts


def test_made_files_are_what_the_generator_writes() -> None:
    made = {**text_files(), **workbook_files()}
    assert set(made) == {case["file"] for case in CASES if case.get("made")}
    stale = [name for name, data in made.items() if (BAD / name).read_bytes() != data]
    assert not stale, f"run `python -m tests.data.make_bad_workbooks`: {stale}"


def _docs_rows() -> dict[str, tuple[str, str]]:
    """file -> (category, behaviour) from the corpus table of docs/bad-inputs.md."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Your own files", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


def test_docs_table_lists_every_file_with_its_behaviour() -> None:
    rows = _docs_rows()
    assert set(rows) == {case["file"] for case in CASES}, set(rows) ^ {c["file"] for c in CASES}
    for case in CASES:
        category, behaviour = rows[case["file"]]
        assert category == case["category"], case["file"]
        assert behaviour.startswith(BEHAVIOUR[case["exit"]]), (case["file"], behaviour)
    text = DOCS.read_text(encoding="utf-8")
    assert MANIFEST.name in text and "make_bad_workbooks.py" in text
