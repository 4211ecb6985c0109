"""Replacing files of a data set folder safely: the new texts are first proven to load with the
rest of the data set (on a copy), then each old file is kept as `.bak` and the new one renamed
into place. `elicit`, the workshop's "apply" and `workshop export` all save judgments this way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from prioritizer.data.load import load_dataset, locate_dataset
from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.models import Dataset
from prioritizer.data.workbook import new_file_mode
from prioritizer.errors import InputError
from prioritizer.phrases import phrase
from prioritizer.resources import embedded_dir

BACKUP_SUFFIX = ".bak"
NOT_DATA = (".elicit-*", f"*{BACKUP_SUFFIX}", "__pycache__", "workshop.sqlite*")
"""Files in a data set folder that are not part of the data set (drafts, backups, the workshop
database): left out of the copy that proves a new file loads."""
_INIT_FIRST = phrase("run `prioritizer init DIR` first, then add --inputs DIR")


def embedded_refused(command: str) -> InputError:
    """The error for a command that saves into a data set but was given none (the embedded data
    set is never changed)."""
    return InputError(
        "--inputs",
        expected=phrase("a data set folder of your own ({command} saves into it)", command=command),
        got=phrase("the embedded data set, which is never changed"),
        hint=_INIT_FIRST,
    )


def editable_dataset(inputs: Path, *, command: str) -> DatasetLocation:
    """Where a data set folder of the user's own is (never the embedded data set, never a
    workbook): `command` saves judgments into it."""
    if inputs.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise InputError(
            str(inputs),
            expected=phrase(
                "a data set folder ({command} saves into stakeholders.yaml)", command=command
            ),
            got=phrase("a workbook"),
            hint=phrase("`prioritizer import FILE.xlsx DIR` makes a folder from the workbook"),
        )
    location = locate_dataset(inputs)
    if location.inputs.resolve() == embedded_dir("inputs").resolve():
        raise InputError(
            str(inputs),
            expected=phrase("a copy of the data set, not the one installed with the program"),
            hint=_INIT_FIRST,
        )
    return location


def write_atomically(path: Path, data: str | bytes, *, like: Path | None = None) -> None:
    """Writes `path` through a temporary file in its folder, then renames it into place; the
    permissions are those of `path` (or `like`) when it exists."""
    mode = new_file_mode(path if path.exists() else like)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_with(location: DatasetLocation, texts: Mapping[Path, str]) -> Dataset:
    """The data set as it would load with each file of `texts` (paths inside `location.inputs`)
    replaced by its new text; the folder itself is not touched. An error names the real file and
    says that nothing was saved."""
    ignore = shutil.ignore_patterns(*NOT_DATA)
    with tempfile.TemporaryDirectory(prefix="prioritizer-save-") as folder:
        root = Path(folder)
        shutil.copytree(location.criteria, root / "criteria", ignore=ignore)
        shutil.copytree(location.inputs, root / "inputs", ignore=ignore)
        for file, text in texts.items():
            (root / "inputs" / file.relative_to(location.inputs)).write_text(text, encoding="utf-8")
        try:
            return load_dataset(root)
        except InputError as error:
            shown = error.file.replace(str(root / "inputs"), str(location.inputs))
            hint = phrase("nothing was saved: the data set would not load with these judgments")
            raise error.with_hint(hint, file=shown) from None


def replace_files(texts: Mapping[Path, str], originals: Mapping[Path, bytes]) -> Sequence[Path]:
    """Keeps each file's `originals` bytes as `<file>.bak`, then renames its new text into place;
    returns the backups. Call after `load_with` has accepted the same texts."""
    backups = []
    for file, text in texts.items():
        backup = file.with_name(file.name + BACKUP_SUFFIX)
        write_atomically(backup, originals[file], like=file)
        write_atomically(file, text)
        backups.append(backup)
    return tuple(backups)
