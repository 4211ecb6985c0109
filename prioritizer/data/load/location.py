"""Where a data set is (a folder, the embedded one) and how its files are named in
messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prioritizer.errors import InputError
from prioritizer.phrases import phrase
from prioritizer.resources import embedded_dir


# -- where the data set lives ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DatasetLocation:
    """The two folders a data set is read from, and how to show their paths to the user."""

    criteria: Path
    inputs: Path
    label: str

    def show(self, path: Path) -> str:
        """A path as the user will recognise it in a message (bytes that are not UTF-8 in a
        folder name shown as U+FFFD, so the text stays valid everywhere it goes)."""
        for base, name in ((self.criteria, "criteria"), (self.inputs, "inputs")):
            try:
                relative = path.relative_to(base)
            except ValueError:
                continue
            prefix = name if self.label == "embedded" else str(base)
            return printable_path(f"{prefix}/{relative.as_posix()}")
        return printable_path(str(path))


def printable_path(text: str) -> str:
    """A path from the file system as valid text: undecodable bytes (kept by Python as lone
    surrogates) become U+FFFD instead of breaking every later use of the text."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def locate_dataset(inputs: Path | None = None) -> DatasetLocation:
    """Where to read: the embedded data set, a folder made by `init`, or an inputs folder alone.

    A folder with an `inputs/` subfolder is a whole data set (its `criteria/` is used when present,
    else the embedded criteria); a folder with `projects.csv` is the inputs folder itself.
    """
    if inputs is None:
        return DatasetLocation(embedded_dir("criteria"), embedded_dir("inputs"), "embedded")
    if not inputs.exists():
        raise InputError(
            str(inputs),
            expected=phrase("an existing folder with the data set"),
            hint=phrase("`prioritizer init DIR` writes an editable copy of the embedded data"),
        )
    if not inputs.is_dir():
        raise InputError(
            str(inputs),
            expected=phrase("a folder (a data set written by `prioritizer init`)"),
            got=phrase("a file"),
        )
    if (inputs / "inputs").is_dir():
        criteria = inputs / "criteria"
        return DatasetLocation(
            criteria if criteria.is_dir() else embedded_dir("criteria"),
            inputs / "inputs",
            str(inputs),
        )
    if (inputs / "projects.csv").is_file() or (inputs / "gaps.csv").is_file():
        return DatasetLocation(embedded_dir("criteria"), inputs, str(inputs))
    raise InputError(
        str(inputs),
        expected=phrase(
            "a folder with an inputs/ subfolder, or the inputs folder itself "
            "(gaps.csv, projects.csv, regions/)"
        ),
        hint=phrase("`prioritizer init DIR` writes the expected layout"),
    )
