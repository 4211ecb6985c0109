"""Reading YAML lists and objects into models, entry by entry, each error at its file and line;
the small cell readers the data-set files share."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prioritizer.data.load.pydantic_errors import M, _build, _invalid
from prioritizer.data.load.text import _Reader, _split
from prioritizer.data.load.yaml_lines import _LineDict, _LineList
from prioritizer.data.models import (
    RelevanceScale,
)
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase


def _kind(value: Any) -> Phrase:
    """What a YAML value is, in the user's words (for "found a list; expected a mapping")."""
    if value is None:
        return phrase("nothing")
    if isinstance(value, bool):
        return phrase("a true/false value")
    if isinstance(value, int | float):
        return phrase("a number")
    if isinstance(value, str):
        return phrase("a text")
    if isinstance(value, list):
        return phrase("a list") if value else phrase("an empty list")
    if isinstance(value, dict):
        return phrase("a mapping")
    return phrase("a value of type {kind}", kind=type(value).__name__)


def _mapping(raw: Any, file: str, what: Phrase) -> _LineDict:
    if not isinstance(raw, _LineDict):
        raise InputError(file, row=getattr(raw, "line", 1), expected=what, got=_kind(raw))
    return raw


def _yaml_list(reader: _Reader, path: Path, key: str, model: type[M]) -> list[M]:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping with the key '{key}'", key=key))
    extra = [k for k in top if k != key]
    if extra:
        raise InputError(
            shown,
            row=top.lines[extra[0]],
            field=str(extra[0]),
            expected=phrase("only the key '{key}'", key=key),
            got=phrase("an unknown key"),
        )
    return [
        _build(model, item, file=shown, line=line, raw=item)
        for line, item in _entries(top, key, shown)
    ]


def _entries(top: _LineDict, key: str, shown: str) -> list[tuple[int, _LineDict]]:
    """The mappings listed under `key`, each with its line; a clear error for anything else."""
    items = top.get(key)
    if not isinstance(items, _LineList) or not items:
        raise InputError(
            shown,
            row=top.lines.get(key, top.line),
            field=key,
            expected=phrase("a non-empty list of entries"),
            got=_kind(items),
        )
    for index, item in enumerate(items):
        if not isinstance(item, _LineDict):
            raise InputError(
                shown,
                row=items.lines[index],
                field=key,
                expected=phrase("each entry to be a mapping (id: ..., name: ...)"),
                got=item,
            )
    return list(zip(items.lines, items, strict=True))


def _yaml_object(reader: _Reader, path: Path, model: type[M]) -> M:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping"))
    return _build(model, top, file=shown, line=top.line, raw=top)


def _yaml_plain(reader: _Reader, path: Path, model: type[M]) -> M:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping"))
    try:
        return model.model_validate(top)
    except ValidationError as error:
        raise _invalid(error, model, file=shown, line=top.line, field_name=None, raw=top) from None


def _shares(cell: str, file: str, line: int) -> dict[str, str]:
    shares: dict[str, str] = {}
    for item in _split(cell):
        region, sep, share = item.partition(":")
        if not sep or not region.strip() or not share.strip():
            raise InputError(
                file,
                row=line,
                field="cost_shares",
                expected=phrase("region:percent pairs separated by ';' (cusco:40;puno:60)"),
                got=cell,
            )
        shares[region.strip()] = share.strip()
    return shares


def _level_aliases(scale: RelevanceScale) -> dict[str, str]:
    """Level ids by every way of writing them: `HIGH`, `high`, `Alta`, `muy alta`, `VERY_HIGH`."""
    aliases: dict[str, str] = {}
    for level in scale.levels:
        for text in (level.id, level.name.en, level.name.es):
            aliases[" ".join(text.replace("_", " ").split()).upper()] = level.id
    return aliases


def _level(text: str, aliases: Mapping[str, str]) -> str:
    return aliases.get(" ".join(text.replace("_", " ").split()).upper(), text)
