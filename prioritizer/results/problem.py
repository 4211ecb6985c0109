"""A region's decision problem: alternatives x criteria, with how each number was built."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class Level(str, Enum):
    """What is ranked: the §6.3 mechanisms or the candidate pilot projects."""

    MECHANISMS = "mechanisms"
    PROJECTS = "projects"


@dataclass(frozen=True, slots=True, eq=False)
class DecisionProblem:
    """The matrix X_r of DESIGN.md for one region, plus its construction.

    `contributions[a, g, e]` is gap g's part in alternative a's score on element e
    (A[a, g] * s_r[g] * R[g, e]); summing over g gives the element columns of `matrix`.
    """

    region: str
    level: Level
    ids: tuple[str, ...]
    names: tuple[str, ...]
    criteria: tuple[str, ...]
    types: npt.NDArray[np.int64]
    matrix: FloatArray
    gaps: tuple[str, ...]
    contributions: FloatArray
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the matrix by alternative and criterion, and each gap's part."""
        elements = self.contributions.shape[2]
        rows = []
        for a, alternative in enumerate(self.ids):
            values = {c: float(self.matrix[a, j]) for j, c in enumerate(self.criteria)}
            parts = {
                gap: {self.criteria[e]: float(self.contributions[a, g, e]) for e in range(elements)}
                for g, gap in enumerate(self.gaps)
                if self.contributions[a, g].any()
            }
            rows.append({"id": alternative, "name": self.names[a], "values": values, "gaps": parts})
        return {
            "region": self.region,
            "level": self.level.value,
            "criteria": [
                {"id": c, "type": "benefit" if t > 0 else "cost"}
                for c, t in zip(self.criteria, self.types, strict=True)
            ],
            "alternatives": rows,
            "sources": list(self.sources),
        }
