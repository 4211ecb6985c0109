"""What the operating system refuses is one named line, never an internal error: a file where a
folder is needed, a folder the user cannot read, a full disk."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from prioritizer.cli.common import os_problem
from prioritizer.phrases import show
from tests.conftest import Run, validate_with_peak


def test_init_under_a_file_names_the_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    """It was `Internal error (FileExistsError)`."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    result = cli("init", str(blocker / "data"))
    assert result.code == 2
    assert result.stderr == f"Error: {blocker}: a file, where a folder is needed\n"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Error: could not write {out}: {file} is a file, not a folder\n"),
        ("es", "Error: no se pudo escribir {out}: {file} es un archivo, no una carpeta\n"),
    ],
)
def test_compare_out_under_a_file_names_the_file(
    cli: Callable[..., Run], tmp_path: Path, lang: str, line: str
) -> None:
    """It said `afile/sub already exists`."""
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    out = blocker / "sub"
    result = cli("compare", "--out", str(out), "--lang", lang)
    assert result.code == 2
    assert result.stderr == line.format(out=out, file=blocker)


@pytest.mark.parametrize(
    ("error", "english", "spanish"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "/data/inputs"),
            "/data/inputs: permission denied (this user cannot read or write it)",
            "/data/inputs: permiso denegado (este usuario no puede leerlo ni escribirlo)",
        ),
        (
            FileNotFoundError(errno.ENOENT, "No such file", "/data/gone.csv"),
            "/data/gone.csv: no such file or folder",
            "/data/gone.csv: no existe el archivo o la carpeta",
        ),
        (
            IsADirectoryError(errno.EISDIR, "Is a directory", "/data/inputs"),
            "/data/inputs: a folder, where a file was expected",
            "/data/inputs: es una carpeta donde se esperaba un archivo",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device", "/data/results"),
            "/data/results: the disk is full",
            "/data/results: el disco está lleno",
        ),
    ],
)
def test_each_refusal_in_both_languages(error: OSError, english: str, spanish: str) -> None:
    assert show(os_problem(error), "en") == english
    assert show(os_problem(error), "es") == spanish


def test_a_folder_the_user_cannot_read_is_one_line(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, data_copy: Path
) -> None:
    """Root reads everything, so the refusal is made where the loader opens the file."""
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "gaps.csv":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = cli("validate", "--inputs", str(data_copy))
    assert result.code == 2 and "Internal error" not in result.stderr
    assert result.stderr.endswith(
        "gaps.csv: permission denied (this user cannot read or write it)\n"
    )


def test_a_region_without_candidates_is_named(cli: Callable[..., Run], data_copy: Path) -> None:
    """It said `matrix is (0, 3)`, naming no region or file; validate now warns."""
    import csv

    projects = data_copy / "inputs" / "projects.csv"
    rows = list(csv.DictReader(projects.open(encoding="utf-8")))
    keep = [r for r in rows if "cusco" not in r["regions"].split(";")]
    ids = {r["id"] for r in keep}
    for row in keep:
        for rule in ("requires", "excludes"):
            row[rule] = ";".join(p for p in row[rule].split(";") if p in ids)
    with projects.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(keep)
    broken = cli("validate", "--inputs", str(data_copy))  # the roadmaps name those projects
    assert broken.code == 2 and "a candidate project of cusco (it has none)" in broken.stderr
    for region in ("cusco", "puno"):
        for name in ("roadmap.yaml", "project_levels.csv", "synergies.csv"):
            (data_copy / "inputs" / "regions" / region / name).unlink()
    checked = cli("validate", "--inputs", str(data_copy))
    assert checked.code == 0 and "cusco has no candidate project" in checked.stdout
    for args in (("portfolio", "--region", "cusco"), ("compare", "--no-save")):
        result = cli(*args, "--inputs", str(data_copy), "--lang", "es")
        assert result.code == 2
        assert result.stderr == (
            "Error: inputs/projects.csv: el campo 'regions' vale nada; se esperaba al menos un "
            "proyecto candidato para cusco.\n"
        )


def test_a_yaml_billion_laughs_fails_fast_and_small(data_copy: Path) -> None:
    """Nine levels of nested aliases took 155 s and 3.5 GB before `MemoryError`: aliases are
    refused where they stand, before any expansion (checked in a process of its own, whose
    peak memory it reports)."""
    region = data_copy / "inputs" / "regions" / "cusco" / "region.yaml"
    levels = ['  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        levels.append(f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    region.write_text(region.read_text(encoding="utf-8") + "laughs:\n" + "\n".join(levels) + "\n")
    code, megabytes, stderr = validate_with_peak(data_copy)
    assert code == 2 and "an alias (*name)" in stderr
    assert "region.yaml, line" in stderr
    assert megabytes < 200, megabytes  # the bomb itself would need gigabytes


def test_a_folder_name_that_is_not_utf8(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A byte that is not UTF-8 in the folder's name blamed line 4 of a good elements.yaml;
    the data set now reads, and a message shows the byte as U+FFFD."""
    import os

    folder = tmp_path / os.fsdecode(b"caf\xe9")
    assert cli("init", str(folder)).code == 0
    assert cli("validate", "--inputs", str(folder)).code == 0
    region = folder / "inputs" / "regions" / "cusco" / "region.yaml"
    region.write_text(
        region.read_text(encoding="utf-8").replace("budget_pen: 1200000", "budget_pen: -1")
    )
    result = cli("validate", "--inputs", str(folder))
    assert result.code == 2 and "caf\ufffd" in result.stderr and "budget_pen" in result.stderr
