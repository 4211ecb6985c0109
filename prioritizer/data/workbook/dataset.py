"""A workbook as a data set: loaded through the folder form, with every error moved to
the sheet cell it came from; imported as a folder.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from prioritizer.data.folders import new_folder
from prioritizer.data.load import load_dataset
from prioritizer.data.models import Dataset, Origin
from prioritizer.data.workbook.convert import _Converter
from prioritizer.data.workbook.keep import Kept, keep_original
from prioritizer.data.workbook.read import _WorkbookReader
from prioritizer.data.workbook.records import _Origins, _relative
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase

M = TypeVar("M", bound=BaseModel)


# -- public entry points -----------------------------------------------------------------------
def _convert_and_load(path: Path, root: Path) -> tuple[Dataset, _Origins]:
    reader = _WorkbookReader(path)
    origins = _Converter(reader, root).convert()
    try:
        return load_dataset(root), origins
    except InputError as error:
        raise origins.relocate(error, root) from None


def load_workbook_dataset(path: Path) -> Dataset:
    """Reads and validates a data set kept as an .xlsx workbook (as `template` writes it).

    The workbook is converted to a temporary folder and read by `load_dataset`, so the rules are
    the folder's; errors name the sheet and cell, and records' origins point at their rows.
    """
    with tempfile.TemporaryDirectory(prefix="prioritizer-xlsx-") as folder:
        root = Path(folder)
        data, origins = _convert_and_load(path, root)
        return _relocated(data, path, origins, root)


def load_inputs(inputs: Path | None) -> Dataset:
    """The data set behind `--inputs`: a workbook (.xlsx) or a folder (default: embedded)."""
    if inputs is not None and (
        inputs.suffix.lower() in (".xlsx", ".xlsm", ".xls") or inputs.name.startswith("~$")
    ):
        return load_workbook_dataset(inputs)
    return load_dataset(inputs)


def import_workbook_folder(path: Path, directory: Path) -> Dataset:
    """Writes the folder form of a workbook into `directory` (new or empty), as `init` lays it
    out; validated in a temporary folder first, then renamed into place."""
    with new_folder(directory, prefix=".prioritizer-import-") as staging:
        data, _ = _convert_and_load(path, staging)
    return data


_SAME = {"location", "files", "checksums"}
"""What may differ between the workbook's data and the folder that keeps the original's files:
where they were read from."""


def import_workbook_keeping(path: Path, directory: Path, original: Path) -> tuple[Dataset, Kept]:
    """As `import_workbook_folder`, keeping the files of `original` (the folder the workbook was
    made from) that the workbook leaves unchanged; the result is proven to hold the workbook's
    data before it is renamed into place."""
    with new_folder(directory, prefix=".prioritizer-import-") as staging:
        data, origins = _convert_and_load(path, staging)
        roadmaps = "roadmaps" in origins.titles  # the workbook has the roadmap sheets
        kept = keep_original(staging, original, path.name, roadmaps=roadmaps)
        result = load_dataset(staging)
        same = _SAME if roadmaps else _SAME | {"roadmaps"}
        if result.model_dump(exclude=same) != data.model_dump(exclude=same):
            raise InputError(
                str(original),
                expected=phrase("the folder this workbook was made from"),
                got=phrase("a folder whose files do not read back as the workbook does"),
                hint=phrase("import without --original"),
            )
    return result, kept


def _relocated(data: Dataset, path: Path, origins: _Origins, root: Path) -> Dataset:
    """The data set with every origin, file name and checksum pointing at the workbook."""

    def place(origin: Origin) -> Origin:
        relative = _relative(origin.file, root)
        hit = origins.lines.get((relative, origin.line)) if relative and origin.line else None
        if hit is None:
            sheets = origins.sheets.get(relative or "", ())
            where = _sheet_place(path, sheets[0]) if sheets else str(path)
        else:
            cell = hit[0]
            where = phrase(
                "{workbook}, {sheet}!{cell}", workbook=str(path), sheet=cell.sheet, cell=cell.ref
            )
        # model_copy, not Origin(...): validation would turn the phrase into a plain str.
        return origin.model_copy(update={"file": where, "line": None})

    files = {
        kind: _sheet_place(path, origins.titles[kind]) if kind in origins.titles else str(path)
        for kind in data.files
    }
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    moved = _move_origins(data, place)
    return moved.model_copy(
        update={"location": str(path), "files": files, "checksums": {path.name: digest}}
    )


def _sheet_place(path: Path, sheet: str) -> Phrase:
    """Where a record is when no cell is known: the workbook and the sheet, in words."""
    return phrase("{workbook}, sheet {sheet}", workbook=str(path), sheet=sheet)


def _move_origins(model: M, place: Any) -> M:
    """A copy of `model` with `place` applied to every Origin inside it."""
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Origin):
            updates[name] = place(value)
        elif isinstance(value, BaseModel):
            moved = _move_origins(value, place)
            if moved is not value:
                updates[name] = moved
        elif isinstance(value, tuple) and any(isinstance(item, BaseModel) for item in value):
            updates[name] = tuple(
                _move_origins(item, place) if isinstance(item, BaseModel) else item
                for item in value
            )
    return model.model_copy(update=updates) if updates else model
