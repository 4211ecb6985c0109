"""What differs between two regions, and why (the `compare` view's vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between the regions with the reason in data form.

    `kind` is `severity` (a gap rated differently), `rank_shift` (a mechanism ranked
    differently) or `chosen_in_one` (a project funded in one region's plan only).
    `reason` names a UI string and its values, so the sentence can be given in either language.
    """

    kind: str
    subject: str
    values: dict[str, Any]
    reason: str
    reason_values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            **self.values,
            "reason": {"key": self.reason, **self.reason_values},
        }
