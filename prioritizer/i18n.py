"""English and Spanish UI strings, loaded from prioritizer/locales/<lang>/*.yaml (package data).

Each area of the program keeps its own file (catalog.yaml, weights.yaml, ...); keys must be
unique across files. Names of gaps, projects, etc. come from the data set, not from here.
"""

from __future__ import annotations

import os
from enum import Enum
from functools import cache
from importlib import resources


class Language(str, Enum):
    """Languages of the interface."""

    EN = "en"
    ES = "es"


DEFAULT_LANGUAGE = Language.EN


def language_from_env(explicit: str | None = None) -> Language:
    """The language asked for: an explicit option, else PRIORITIZER_LANG, else English."""
    value = (explicit or os.environ.get("PRIORITIZER_LANG") or DEFAULT_LANGUAGE.value).lower()
    value = value.split("_")[0].split(".")[0]
    return Language.ES if value == "es" else Language.EN


@cache
def _strings(lang: str) -> dict[str, str]:
    import yaml  # imported when a string is first shown: `--help` needs none

    folder = resources.files("prioritizer") / "locales" / lang
    merged: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        for key, text in data.items():
            if key in merged:
                raise RuntimeError(
                    f"duplicate UI string key {key!r} in locales/{lang}/{entry.name}"
                )
            merged[str(key)] = str(text)
    return merged


def t(key: str, lang: Language | str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The UI string `key` in `lang`, formatted with `values`; English when `lang` lacks it."""
    code = lang.value if isinstance(lang, Language) else str(lang)
    text = _strings(code).get(key)
    if text is None:
        text = _strings(Language.EN.value).get(key, key)
    return text.format(**values) if values else text


def keys(lang: Language | str) -> frozenset[str]:
    """Every key defined for `lang` (tests check that English and Spanish define the same keys)."""
    code = lang.value if isinstance(lang, Language) else str(lang)
    return frozenset(_strings(code))
