"""What the results' `to_dict` methods share: attributes written under their own names."""

from __future__ import annotations

from typing import Any, Protocol


def attributes(record: object, *names: str) -> dict[str, Any]:
    """`{name: record.name}` for each of `names`, in that order: a JSON key that is the
    attribute's own name is then spelled once, not twice per line."""
    return {name: getattr(record, name) for name in names}


class _ToDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def dict_or_none(item: _ToDict | None) -> dict[str, Any] | None:
    """`item.to_dict()`, or None for a part a result does not have."""
    return None if item is None else item.to_dict()
