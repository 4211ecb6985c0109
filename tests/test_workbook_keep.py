"""Round trips change only what changed (issue #14, point 8): `template` from a folder, one cell
edited, `import --original FOLDER` into a new folder differs from the original in the one file
that holds the cell, on its one line, and nowhere else (comments, key order, quoting and YAML
style are kept, in the regions' roadmap files too)."""

from __future__ import annotations

import filecmp
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.conftest import Run

ROADMAP_SHEETS = (
    "roadmaps", "pools", "units", "commitments", "windows", "project_levels", "synergies",
)  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A folder from `init` and the workbook `template` makes of it."""
    from typer.testing import CliRunner

    from prioritizer.cli.app import app

    root = tmp_path_factory.mktemp("keep")
    for args in (
        ["init", str(root / "orig")],
        ["template", "--inputs", str(root / "orig"), str(root / "wb.xlsx")],
    ):
        result = CliRunner().invoke(app, args, env={"PRIORITIZER_LANG": ""})
        assert result.exit_code == 0, result.stderr
    return root / "orig", root / "wb.xlsx"


def _differences(left: Path, right: Path) -> list[str]:
    """Relative paths of files that differ or exist on one side only."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in compared.diff_files)
        found.extend(prefix + name for name in compared.left_only + compared.right_only)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[]), "")
    return sorted(found)


def _changed_lines(left: Path, right: Path) -> list[tuple[str, str]]:
    a = left.read_text(encoding="utf-8").splitlines()
    b = right.read_text(encoding="utf-8").splitlines()
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def _edited(workbook: Path, target: Path, sheet: str, header: str, row: int, value: object) -> Path:
    book = load_workbook(workbook)
    ws = book[sheet]
    column = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row=row, column=column, value=value)
    book.save(target)
    return target


def test_nothing_edited_gives_the_original_back(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    original, workbook = made
    result = cli(
        "import", str(workbook), str(tmp_path / "new"), "--original", str(original), "--json"
    )
    assert result.code == 0, result.stderr
    assert _differences(original, tmp_path / "new") == []
    assert json.loads(result.stdout)["written"] == []


def test_one_cost_cell_changes_one_line_of_one_file(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    original, workbook = made
    edited = _edited(workbook, tmp_path / "wb.xlsx", "projects", "Cost (S/)", 3, 155000)
    result = cli("import", str(edited), str(tmp_path / "new"), "--original", str(original))
    assert result.code == 0, result.stderr
    assert _differences(original, tmp_path / "new") == ["inputs/projects.csv"]
    [(before, after)] = _changed_lines(
        original / "inputs/projects.csv", tmp_path / "new/inputs/projects.csv"
    )
    assert before.replace(",150000,", ",155000,") == after
    assert "written from the workbook: inputs/projects.csv" in " ".join(result.stdout.split())


def test_one_yaml_value_keeps_the_files_comments_and_style(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    original, workbook = made
    edited = _edited(workbook, tmp_path / "wb.xlsx", "stakeholders", "Influence", 2, 2.5)
    result = cli("import", str(edited), str(tmp_path / "new"), "--original", str(original))
    assert result.code == 0, result.stderr
    people = "inputs/regions/cusco/stakeholders.yaml"
    assert _differences(original, tmp_path / "new") == [people]
    assert _changed_lines(original / people, tmp_path / "new" / people) == [
        ("    influence: 1.5", "    influence: 2.5")
    ]


def test_without_the_original_the_folder_is_written_from_the_workbook(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    """The plain import still works and shows why --original exists: every YAML loses its
    comments (the roadmaps' among them)."""
    original, workbook = made
    assert cli("import", str(workbook), str(tmp_path / "new")).code == 0
    differing = _differences(original, tmp_path / "new")
    assert "inputs/regions/cusco/roadmap.yaml" in differing and len(differing) > 10


def test_one_pool_amount_changes_one_line_of_the_roadmap(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    """Cusco's canon pool (row 3) has no `carry_over` line: the merge must not add the default
    the canonical form spells out, nor touch its comment or flow-style lists."""
    original, workbook = made
    edited = _edited(workbook, tmp_path / "wb.xlsx", "pools", "2028 (S/)", 3, 160000)
    result = cli("import", str(edited), str(tmp_path / "new"), "--original", str(original))
    assert result.code == 0, result.stderr
    roadmap = "inputs/regions/cusco/roadmap.yaml"
    assert _differences(original, tmp_path / "new") == [roadmap]
    [(before, after)] = _changed_lines(original / roadmap, tmp_path / "new" / roadmap)
    assert "2028: 150000" in before and before.replace("2028: 150000", "2028: 160000") == after


def test_one_level_cost_changes_one_line_of_project_levels(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    original, workbook = made
    edited = _edited(
        workbook, tmp_path / "wb.xlsx", "project_levels", "Costs per year (S/)", 4, "120000;90000"
    )
    result = cli("import", str(edited), str(tmp_path / "new"), "--original", str(original))
    assert result.code == 0, result.stderr
    levels = "inputs/regions/cusco/project_levels.csv"
    assert _differences(original, tmp_path / "new") == [levels]
    [(before, after)] = _changed_lines(original / levels, tmp_path / "new" / levels)
    assert before.replace(",120000;80000,", ",120000;90000,") == after != before


def test_a_roadmap_removed_in_the_workbook_is_not_brought_back(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    original, workbook = made
    book = load_workbook(workbook)
    for sheet in ROADMAP_SHEETS:
        ws = book[sheet]
        for row in reversed(range(2, ws.max_row + 1)):
            if ws.cell(row=row, column=1).value == "puno":
                ws.delete_rows(row)
    book.save(tmp_path / "wb.xlsx")
    result = cli(
        "import", str(tmp_path / "wb.xlsx"), str(tmp_path / "new"), "--original", str(original)
    )
    assert result.code == 0, result.stderr
    puno = [
        f"inputs/regions/puno/{name}"
        for name in ("project_levels.csv", "roadmap.yaml", "synergies.csv")
    ]
    assert _differences(original, tmp_path / "new") == puno
    assert not any((tmp_path / "new" / name).exists() for name in puno)


def test_a_workbook_made_before_the_roadmap_sheets_keeps_the_originals_roadmaps(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    """A workbook without any roadmap sheet (as `template` wrote them before they existed)
    imports as it did then: no roadmaps of its own, and `--original` keeps the original's."""
    original, workbook = made
    book = load_workbook(workbook)
    for sheet in ROADMAP_SHEETS:
        del book[sheet]
    book.save(tmp_path / "old.xlsx")
    plain = cli("import", str(tmp_path / "old.xlsx"), str(tmp_path / "plain"))
    assert plain.code == 0, plain.stderr
    assert not list((tmp_path / "plain").rglob("roadmap.yaml"))
    kept = cli(
        "import", str(tmp_path / "old.xlsx"), str(tmp_path / "kept"), "--original", str(original)
    )
    assert kept.code == 0, kept.stderr
    assert _differences(original, tmp_path / "kept") == []


def test_a_workbook_with_some_roadmap_sheets_is_refused_at_the_first_missing(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    _, workbook = made
    book = load_workbook(workbook)
    del book["units"]
    book.save(tmp_path / "half.xlsx")
    result = cli("import", str(tmp_path / "half.xlsx"), str(tmp_path / "new"))
    assert result.code == 2
    assert "a sheet named 'units'" in " ".join(result.stderr.split())
    assert not (tmp_path / "new").exists()


def test_a_workbook_without_criteria_descriptions_imports_without_them(
    cli: Callable[..., Run], made: tuple[Path, Path], tmp_path: Path
) -> None:
    """The criteria sheet's description columns came later: a workbook without them imports,
    its criteria without descriptions."""
    _, workbook = made
    book = load_workbook(workbook)
    sheet = book["criteria"]
    for cell in reversed(list(sheet[1])):
        if str(cell.value).startswith("Description"):
            sheet.delete_cols(cell.column)
    book.save(tmp_path / "old.xlsx")
    plain = cli("import", str(tmp_path / "old.xlsx"), str(tmp_path / "plain"), "--json")
    assert plain.code == 0, plain.stderr
    text = (tmp_path / "plain" / "criteria" / "criteria.yaml").read_text(encoding="utf-8")
    assert "description" not in text
