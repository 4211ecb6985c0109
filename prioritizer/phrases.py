"""Message phrases that can be shown in the user's language (gettext-style: English is the key).

A `Phrase` is a `str` holding the English text, so code and tests can read, compare and search it
as before; it also keeps its template and values, so the CLI can show it in Spanish. Templates
are looked up in `locales/<lang>/phrases/*.yaml` (English template -> translated template).
Every `phrase("...")` in the program must be a literal template with a translation (a test parses
the source to check); set PRIORITIZER_STRICT_PHRASES=1 to make a missing one an error at run time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

ENGLISH = "en"
STRICT_ENV = "PRIORITIZER_STRICT_PHRASES"


class MissingTranslation(LookupError):
    """A phrase template has no translation (raised only in strict mode, i.e. in the tests)."""


class Phrase(str):
    """English text of a message, with the template and values to show it in another language."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Phrase:
        self = super().__new__(cls, _fill(template, values, ENGLISH))
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "values", MappingProxyType(dict(values)))
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Phrase is immutable ({name})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, dict(self.values)))

    def with_values(self, **values: object) -> Phrase:
        """The same phrase with these values in place of its own."""
        return _rebuild(self.template, {**self.values, **values})

    def render(self, lang: str = ENGLISH) -> str:
        """The phrase in `lang` (a language code or `Language`), English when no translation."""
        code = str(getattr(lang, "value", lang))
        if code == ENGLISH:
            return str(self)
        return _fill(translate(self.template, code), self.values, code)


def phrase(template: str, /, **values: object) -> Phrase:
    """A translatable phrase; `template` must be a literal so the catalogue check can find it."""
    return Phrase(template, **values)


def show(value: object, lang: str = ENGLISH) -> str:
    """`value` as text in `lang`: phrases translated, everything else `str()`."""
    return value.render(lang) if isinstance(value, Phrase) else str(value)


def translate(template: str, lang: str) -> str:
    """The translated template, or the English one (an error in strict mode)."""
    found = catalogue(lang).get(template)
    if found is not None:
        return found
    if os.environ.get(STRICT_ENV):
        raise MissingTranslation(f"no {lang} translation for the phrase {template!r}")
    return template


@cache
def catalogue(lang: str) -> dict[str, str]:
    """English template -> `lang` template, from every locales/<lang>/phrases/*.yaml."""
    import yaml  # imported when a phrase is first translated: `--help` needs none

    folder = resources.files("prioritizer") / "locales" / lang / "phrases"
    merged: dict[str, str] = {}
    if not folder.is_dir():
        return merged
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        for key, text in (yaml.safe_load(entry.read_text(encoding="utf-8")) or {}).items():
            if merged.get(str(key), text) != text:
                raise RuntimeError(f"two translations of {key!r} (locales/{lang}/{entry.name})")
            merged[str(key)] = str(text)
    return merged


def _fill(template: str, values: Mapping[str, object], lang: str) -> str:
    if not values:
        return template
    shown = {k: (v.render(lang) if isinstance(v, Phrase) else v) for k, v in values.items()}
    return template.format(**shown)


def _rebuild(template: str, values: dict[str, object]) -> Phrase:
    return Phrase(template, **values)
