"""pydantic's validation errors as one message in the user's language: the file, the
line of the offending value, the field, what was written and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from prioritizer.data.load.yaml_lines import _LineDict, _LineList
from prioritizer.data.models import (
    LETTER_PATTERN,
    LEVEL_PATTERN,
    SLUG_PATTERN,
    Origin,
)
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase

M = TypeVar("M", bound=BaseModel)


def _line_of(raw: Any, loc: Sequence[int | str]) -> int | None:
    line = getattr(raw, "line", None)
    node = raw
    for part in loc:
        if isinstance(node, _LineList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.lines[part], node[part]
            continue
        if not isinstance(node, _LineDict) or part not in node:
            break
        line, node = node.lines[part], node[part]
    return line


# -- building models with good messages ------------------------------------------------------------
# pydantic's complaints by error type, in pydantic's own words without "Input should be ".
_GROUP = phrase("a group of fields (key: value lines indented under it)")
_PYDANTIC_WORDS: dict[str, Phrase] = {
    "bool_parsing": phrase("true or false"),
    "bool_type": phrase("true or false"),
    "dict_type": _GROUP,
    "finite_number": phrase("a finite number"),
    "float_parsing": phrase("a number (e.g. 1.5)"),
    "float_type": phrase("a number"),
    "int_from_float": phrase("a whole number, not one with a fractional part"),
    "int_parsing": phrase("a whole number written in digits (e.g. 1000000, not 1e6)"),
    "int_parsing_size": phrase("a whole number of at most 4300 digits"),
    "int_type": phrase("a whole number"),
    "invalid_key": phrase("keys written as text"),
    "string_type": phrase("text"),
    "tuple_type": phrase("a list"),
}
_PATTERN_WORDS: dict[str, Phrase] = {
    SLUG_PATTERN: phrase("an id of lower-case letters, digits and hyphens (e.g. puno-coffee)"),
    LEVEL_PATTERN: phrase("upper-case words (e.g. VERY HIGH)"),
    LETTER_PATTERN: phrase("one capital letter (e.g. A)"),
}


def _pydantic_expected(error: ErrorDetails) -> Phrase:
    """What a pydantic error asks for, as a phrase: by error type and its context values.

    A model validator raises `ValueError(phrase(...))`, and that phrase is the answer; a type not
    mapped here keeps pydantic's English words (shown untranslated).
    """
    kind = error["type"]
    ctx = error.get("ctx", {})
    match kind:
        case "greater_than":
            return phrase("greater than {gt}", gt=_bound(ctx["gt"]))
        case "greater_than_equal":
            return phrase("greater than or equal to {ge}", ge=_bound(ctx["ge"]))
        case "less_than_equal":
            return phrase("less than or equal to {le}", le=_bound(ctx["le"]))
        case "string_pattern_mismatch" if ctx["pattern"] in _PATTERN_WORDS:
            return _PATTERN_WORDS[ctx["pattern"]]
        case "string_pattern_mismatch":
            return phrase("text of another form")
        case "string_too_short" if ctx["min_length"] == 1:
            return phrase("some text (it is empty)")
        case "string_too_short":
            return phrase("text of at least {count} characters", count=ctx["min_length"])
        case "string_too_long":
            return phrase("text of at most {count} characters", count=ctx["max_length"])
        case "too_short" if ctx["min_length"] == 1:
            return phrase("at least one item (the list is empty)")
        case "too_short":
            return phrase(
                "at least {least} items, not {count}",
                least=ctx["min_length"],
                count=ctx["actual_length"],
            )
        case "too_long":
            return phrase(
                "at most {most} items, not {count}",
                most=ctx["max_length"],
                count=ctx["actual_length"],
            )
        case "literal_error" if " or " in ctx["expected"]:
            options, _, last = ctx["expected"].rpartition(" or ")
            return phrase("{options} or {last}", options=options, last=last)
        case "model_type":
            return _GROUP
        case "value_error":
            reason = ctx.get("error")
            said = reason.args[0] if isinstance(reason, ValueError) and reason.args else None
            if isinstance(said, Phrase):
                return said
    words = _PYDANTIC_WORDS.get(kind)
    if words is not None:
        return words
    return phrase("{detail}", detail=_plain_words(error["msg"]))


def _bound(value: object) -> object:
    """A constraint's number as pydantic writes it: `0`, not `0.0`."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _plain_words(message: str) -> str:
    for prefix in ("Input should be ", "Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message.rstrip(".")


# Words YAML 1.1 reads as true/false; our loader keeps them as text, so a number field says so.
_YES_NO = frozenset({"yes", "no", "on", "off", "y", "n"})


def _invalid(
    error: ValidationError,
    model: type[BaseModel],
    *,
    file: str,
    line: int | None,
    field_name: Callable[[tuple[int | str, ...]], str] | None,
    raw: Any,
) -> InputError:
    """pydantic's first complaint as one message: file, line, field, bad value, expectation.

    An unknown key is reported before anything else: a misspelt key (`budjet`) also leaves its
    right name missing, and the misspelling is what the user must fix.
    """
    errors = error.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(part for part in first["loc"] if part != "origin")
    kind = first["type"]
    row = line
    if raw is not None:
        row = _line_of(raw, loc) or line
    name = field_name(loc) if field_name else ".".join(str(part) for part in loc)
    at = partial(InputError, file, row=row)
    if kind == "missing":
        return at(
            field=name or None, expected=phrase("a value for this field"), got=phrase("nothing")
        )
    if kind == "extra_forbidden":
        expected = phrase("a known field name")
        if len(loc) == 1:
            allowed = ", ".join(n for n in model.model_fields if n != "origin")
            expected = phrase("one of the known fields ({fields})", fields=allowed)
        return at(field=name, expected=expected, hint=phrase("check the spelling of the key"))
    got = first.get("input") if kind != "model_type" else None
    if isinstance(got, Mapping):
        got = None
    hint = None
    if kind in ("int_parsing", "float_parsing") and str(got).strip().lower() in _YES_NO:
        hint = phrase("write a number (such as 1 or 0), not '{word}'", word=str(got).strip())
    return at(field=name or None, expected=_pydantic_expected(first), got=got, hint=hint)


def _build(
    model: type[M],
    data: Mapping[str, Any],
    *,
    file: str,
    line: int | None,
    field_name: Callable[[tuple[int | str, ...]], str] | None = None,
    raw: Any = None,
) -> M:
    fields = tuple(_nested_fields(raw)) if isinstance(raw, _LineDict) else ()
    try:
        origin = Origin(file=file, line=line, fields=fields)
        return model.model_validate({**data, "origin": origin})
    except ValidationError as error:
        raise _invalid(error, model, file=file, line=line, field_name=field_name, raw=raw) from None


def _nested_fields(mapping: _LineDict, prefix: str = "") -> Iterator[tuple[str, int, str]]:
    """(dotted key, line, text) of the mappings and lists in `mapping` and of the values nested
    in them (text "" for a mapping or a list: its line only)."""
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, _LineDict):
            yield name, mapping.lines[key], ""
            yield from _nested_fields(value, f"{name}.")
        elif isinstance(value, list):  # its line, for a check on one of its items
            yield name, mapping.lines[key], ""
        elif prefix and not isinstance(value, dict):
            yield name, mapping.lines[key], str(value)


def _csv_field(columns: Mapping[str, str]) -> Callable[[tuple[int | str, ...]], str]:
    """Maps a model's error location back to the CSV column the user wrote."""

    def name(loc: tuple[int | str, ...]) -> str:
        if not loc:
            return ""
        head = str(loc[0])
        if head == "name" and len(loc) > 1:
            return f"name_{loc[1]}"
        return columns.get(head, head)

    return name
