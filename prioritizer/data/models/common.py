"""Building blocks of every input model: slugs, bilingual text, provenance, origin in a file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Protocol, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from prioritizer.phrases import phrase

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LEVEL_PATTERN = r"^[A-Z]+(?: [A-Z]+)*$"
"""A level of the relevance scale: upper-case words (`VERY HIGH`)."""
LETTER_PATTERN = r"^[A-Z]$"
"""A challenge's letter, as the report's §7.1 numbers them (`A`)."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""A stable ASCII id: lower-case letters, digits and single hyphens (`lack-of-connection`)."""

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _not_true_or_false(value: object) -> object:
    """YAML reads true/false as booleans, which pydantic would take as 1 and 0: a number field
    refuses them (an amount of S/ 1 from `True` is a silent change)."""
    if isinstance(value, bool):
        raise ValueError(phrase("a number (true and false are not numbers)"))
    return value


Number = BeforeValidator(_not_true_or_false)
"""Put in every numeric field's `Annotated[...]`: true/false are refused, not read as 1/0."""


def no_repeats(value: tuple[str, ...]) -> tuple[str, ...]:
    """`value` unchanged, or an error naming the ids listed more than once (a copy-paste slip)."""
    repeated = sorted({item for item in value if value.count(item) > 1})
    if repeated:
        raise ValueError(phrase("each id once (repeated: {ids})", ids=", ".join(repeated)))
    return value


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_Identified)


def by_id(items: Iterable[_Item], wanted: str) -> _Item:
    """The item whose id is `wanted`, KeyError if none: the lookup of every id-keyed list."""
    for item in items:
        if item.id == wanted:
            return item
    raise KeyError(wanted)


class Frozen(BaseModel):
    """Base of every model: immutable, and unknown fields are errors (a misspelt key is caught)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class LocalizedText(Frozen):
    """A name or sentence in English and Spanish; both are required."""

    en: NonEmpty
    es: NonEmpty

    def get(self, lang: str) -> str:
        """The text in `lang` (`en` or `es`)."""
        return self.es if lang == "es" else self.en


class Origin(Frozen):
    """Where a record was read: file (as the user named it) and 1-based line, for messages."""

    file: str
    line: int | None = None
    fields: tuple[tuple[str, int, str], ...] = ()
    """(dotted field, line, text as written) of nested YAML values, so that a check made after
    loading (a judgment off Saaty's scale) names the judgment's own line and the value as typed,
    not the record's first line and the number YAML made of it (`1e3` shown as 1000.0)."""

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def at(self, field: str) -> tuple[int | None, str | None]:
        """The line and text of `field` when recorded, else the record's line and None."""
        for name, line, text in self.fields:
            if name == field:
                return line, text or None
        return self.line, None


class Sourced(Frozen):
    """A record with provenance: `source` cites the report (`report §6.3`) or is `illustrative`."""

    source: NonEmpty
    origin: Origin | None = Field(default=None, exclude=True, repr=False)

    @property
    def illustrative(self) -> bool:
        """True when the numbers are not from the report but stand-ins for the user's own."""
        return "illustrative" in self.source.lower()
