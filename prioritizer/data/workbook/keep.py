"""Round trips that change only what changed: a workbook imported beside the folder it was made
from keeps that folder's own files wherever the workbook says the same thing.

The original folder goes through the same path as the workbook (written as a workbook, converted
back), which gives its canonical form. A file whose canonical form equals what the workbook gives
is unchanged: the original's bytes are kept (comments, key order, quoting, YAML style). In a CSV
that did change, each row the workbook left alone keeps the original's text, so only the edited
rows differ; in a YAML file that did change, the edited values are written into the original's
own document (ruamel's round trip), so its comments, order and quoting stay. Other files of the
original's folders that no data set file is named like (notes beside the data) are kept too.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from prioritizer.data.load import load_dataset
from prioritizer.data.load.roadmap import LEVELS_FILE, ROADMAP_FILE, SYNERGIES_FILE
from prioritizer.data.workbook.convert import _Converter
from prioritizer.data.workbook.read import _WorkbookReader
from prioritizer.data.workbook.write import write_workbook

_ROADMAP_FILES = frozenset({ROADMAP_FILE, LEVELS_FILE, SYNERGIES_FILE})
"""A region's roadmap files: the workbook's roadmap sheets say whether the region has them."""


@dataclass(frozen=True, slots=True)
class Kept:
    """What an import kept from the original folder and what it wrote from the workbook."""

    kept: tuple[str, ...]
    """Files copied byte for byte from the original (relative paths)."""
    written: tuple[str, ...]
    """Files written from the workbook (the edited ones; unchanged rows of a CSV kept)."""


def keep_original(staging: Path, original: Path, workbook: str, *, roadmaps: bool) -> Kept:
    """Replaces, in `staging` (the folder form of the workbook named `workbook`), every file the
    workbook did not change by the original's own file; adds the original's files that hold no
    data a workbook carries (a roadmap file the workbook does not write is one it left out, when
    it has roadmap sheets; without them, as a workbook made before they existed, the original's
    roadmap files are kept)."""
    kept: list[str] = []
    written: list[str] = []
    with tempfile.TemporaryDirectory(prefix="prioritizer-keep-") as folder:
        book = Path(folder) / workbook  # the same name: the folder form's comments cite it
        write_workbook(load_dataset(original), book)
        canonical = Path(folder) / "canonical"
        _Converter(_WorkbookReader(book), canonical).convert()
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            relative = path.relative_to(staging)
            form, own = canonical / relative, original / relative
            if not (form.is_file() and own.is_file()):
                written.append(relative.as_posix())
                continue
            if path.read_bytes() == form.read_bytes():
                shutil.copyfile(own, path)
                kept.append(relative.as_posix())
                continue
            if path.suffix == ".csv":
                path.write_bytes(_rows_kept(path.read_bytes(), form.read_bytes(), own.read_bytes()))
            elif path.suffix == ".yaml":
                texts = (path.read_text("utf-8"), form.read_text("utf-8"), own.read_text("utf-8"))
                path.write_text(_values_kept(*texts), "utf-8")
            written.append(relative.as_posix())
    for own in sorted(p for kind in ("criteria", "inputs") for p in (original / kind).rglob("*")):
        target = staging / own.relative_to(original)
        carried = roadmaps and own.name in _ROADMAP_FILES
        if own.is_file() and not carried and not target.exists() and target.parent.is_dir():
            shutil.copyfile(own, target)
            kept.append(own.relative_to(original).as_posix())
    return Kept(tuple(sorted(kept)), tuple(written))


def _rows_kept(new: bytes, form: bytes, own: bytes) -> bytes:
    """`new` with each line that equals a line of the canonical `form` replaced by the
    original's line at the same place (the original and its form hold the same rows)."""
    form_lines, own_lines = form.splitlines(keepends=True), own.splitlines(keepends=True)
    if len(form_lines) != len(own_lines):
        return new
    original: dict[bytes, bytes] = {}
    for line, text in zip(form_lines, own_lines, strict=True):
        original.setdefault(line, text)
    lines = new.splitlines(keepends=True)
    return b"".join(original.get(line, line) for line in lines)


def _round_trip() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _values_kept(new: str, form: str, own: str) -> str:
    """The original YAML document with what the workbook changed (`new` against the original's
    canonical `form`) written into it; `new` itself when the original does not survive a round
    trip unchanged."""
    yaml = _round_trip()
    document = yaml.load(own)
    if _dumped(yaml, document) != own:
        return new
    plain = YAML(typ="safe", pure=True)
    return _dumped(yaml, _merged(document, plain.load(form), plain.load(new)))


def _merged(mine: Any, base: Any, new: Any) -> Any:
    """A three-way merge: `mine` (a round-trip node) where the workbook left `base` as it was,
    `new` where it changed, walking into maps and equal-length lists to change as little as
    possible. A key the original leaves out (a default the canonical form spells out, such as
    `carry_over: false`) stays out while the workbook leaves its value alone."""
    if base == new:
        return mine
    if isinstance(mine, CommentedMap) and isinstance(base, dict) and isinstance(new, dict):
        for key in [k for k in mine if k in base and k not in new]:
            del mine[key]
        for key, value in new.items():
            if key not in mine and key in base and base[key] == value:
                continue
            known = key in mine and key in base
            mine[key] = _merged(mine[key], base[key], value) if known else value
        return mine
    same_length = isinstance(base, list) and isinstance(new, list) and len(base) == len(new)
    if isinstance(mine, CommentedSeq) and same_length and len(mine) == len(new):
        for index, value in enumerate(new):
            mine[index] = _merged(mine[index], base[index], value)
        return mine
    return new


def _dumped(yaml: YAML, document: Any) -> str:
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
