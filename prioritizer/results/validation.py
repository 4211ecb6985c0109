"""What `validate` found: counts, warnings (not errors) and each stakeholder's consistency ratio."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DatasetWarning:
    """Something worth a look that does not stop the data set from being used."""

    kind: str
    file: str
    row: int | None
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "file": self.file, "row": self.row, **self.values}


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Summary of a valid data set."""

    location: str
    counts: dict[str, int]
    illustrative: dict[str, int]
    consistency_ratios: dict[str, float]
    warnings: tuple[DatasetWarning, ...]
    checksums: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (`validate --json`)."""
        return {
            "status": "valid",
            "location": self.location,
            "counts": dict(self.counts),
            "illustrative": dict(self.illustrative),
            "consistency_ratios": dict(self.consistency_ratios),
            "warnings": [w.to_dict() for w in self.warnings],
            "files": dict(self.checksums),
        }
