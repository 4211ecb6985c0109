"""Provenance kept honest: a value that still cites the report but no longer says what the report
says (an edited severity still tagged `report §5.3`) is found by comparing each record of the
user's data set with the embedded one of the same identity.

The embedded data set is the report's reading; a user's copy may change any value, but then the
`source` should say whose value it is. Records the user added, records marked illustrative and
records whose source no longer cites the report are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from prioritizer.data.models import Dataset
from prioritizer.data.models.common import Sourced
from prioritizer.results.validation import DatasetWarning

Key = tuple[str, ...]
_IGNORED = {"source", "origin"}


def warning_about(kind: str, record: Sourced, values: dict[str, Any]) -> DatasetWarning:
    """A warning of `kind` pointed at the file and line the record was read from."""
    origin = record.origin
    return DatasetWarning(
        kind, origin.file if origin else "", origin.line if origin else None, values
    )


def provenance_drift(data: Dataset, reference: Dataset) -> tuple[DatasetWarning, ...]:
    """One warning per record that cites the report but differs from the report's reading in
    `reference` (the embedded data set), naming the first field that differs and both values."""
    embedded = dict(_keyed(reference))
    found = []
    for key, record in _keyed(data):
        original = embedded.get(key)
        if original is None or not _cites_report(record):
            continue
        field, value, expected = _first_difference(record, original)
        if field is None:
            continue
        found.append(
            warning_about(
                "provenance",
                record,
                {
                    "record": " ".join(key),
                    "field": field,
                    "value": _plain(value),
                    "source": record.source,
                    "reference": _plain(expected),
                },
            )
        )
    return tuple(found)


def _cites_report(record: Sourced) -> bool:
    return "report" in record.source.lower() and not record.illustrative


def _keyed(data: Dataset) -> Iterator[tuple[Key, Sourced]]:
    """Each sourced record with a key naming it across data sets (kind and ids)."""
    kinds: tuple[tuple[str, Sequence[Any]], ...] = (
        ("element", data.elements),
        ("criterion", data.criteria),
        ("work area", data.work_areas),
        ("gap", data.gaps),
        ("mechanism", data.mechanisms),
        ("value chain", data.value_chains),
        ("stakeholder", data.stakeholders),
        ("project", data.projects),
    )
    for kind, records in kinds:
        for record in records:
            yield (kind, str(record.id)), record
    for link in data.gap_mechanisms:
        yield ("gap-mechanism", link.gap, link.mechanism), link
    for region in data.regions:
        yield ("budget", region.id), region.budget
        yield ("rules", region.id), region.rules
        for severity in region.severities:
            yield ("severity", region.id, severity.gap), severity


def _first_difference(record: Sourced, original: Sourced) -> tuple[str | None, Any, Any]:
    """The first field (dotted) whose value differs, with the user's and the report's value."""
    mine = record.model_dump(exclude=_IGNORED)
    theirs = original.model_dump(exclude=_IGNORED)
    return _walk(mine, theirs, "")


def _walk(mine: Any, theirs: Any, path: str) -> tuple[str | None, Any, Any]:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for name in [*mine, *(k for k in theirs if k not in mine)]:
            found = _walk(mine.get(name), theirs.get(name), f"{path}.{name}" if path else name)
            if found[0] is not None:
                return found
        return None, None, None
    return (path, mine, theirs) if mine != theirs else (None, None, None)


def _plain(value: Any) -> str:
    """A value as a person reads it in a message (lists joined, nothing as a dash)."""
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "—"
    return str(value)
