"""An AHP hierarchy file read into a `HierarchySpec`: its shape checked by pydantic, then the
names each judgment and rating uses, every pair judged once, each error at its file and line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.load.pairwise import off_scale, read_judgment
from prioritizer.data.load.pydantic_errors import _invalid
from prioritizer.data.load.records import _mapping
from prioritizer.data.load.text import _Reader
from prioritizer.data.load.yaml_lines import _LineDict, _LineList
from prioritizer.data.models.hierarchy import HierarchyModel, Judgment, NodeModel, ScaleModel
from prioritizer.errors import InputError
from prioritizer.phrases import phrase
from prioritizer.results.hierarchy import HierarchySpec, NodeSpec, ScaleSpec


def load_hierarchy(path: Path) -> HierarchySpec:
    """A hierarchy YAML file (format: README, "AHP hierarchies"; example: examples/ahp/)."""
    reader = _Reader(DatasetLocation(path.parent, path.parent, str(path.parent)), own=True)
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping"))
    try:
        model = HierarchyModel.model_validate(top)
    except ValidationError as error:
        raise _invalid(
            error, HierarchyModel, file=shown, line=top.line, field_name=None, raw=top
        ) from None
    return _Builder(shown, model).build(top)


class _Builder:
    """Turns the validated model into a spec, checking names against the raw file's lines."""

    def __init__(self, shown: str, model: HierarchyModel) -> None:
        self.shown = shown
        self.model = model
        self.notes: list[str] = []
        self.seen: set[str] = set()
        self.alternatives = model.alternatives
        self.scales: dict[str, ScaleSpec] = {}  # by id, once `build` has read them

    def build(self, top: _LineDict) -> HierarchySpec:
        alternatives = self.model.alternatives
        self._unique(alternatives, top, "alternatives")
        scales = tuple(
            self._scale(name, scale, top["scales"][name], top["scales"].lines[name])
            for name, scale in self.model.scales.items()
        )
        goal = NodeModel(
            id=self.model.goal, judgments=self.model.judgments, criteria=self.model.criteria
        )
        self._no_clash(goal, top, alternatives)
        self.scales = {scale.id: scale for scale in scales}
        node = self._node(goal, top)
        return HierarchySpec(self.shown, node, alternatives, scales, tuple(self.notes))

    def _node(self, node: NodeModel, raw: _LineDict) -> NodeSpec:
        line = raw.line
        if node.id in self.seen:
            raise InputError(
                self.shown, row=line, field="id", expected=phrase("each id once"), got=node.id
            )
        self.seen.add(node.id)
        if node.criteria:
            if node.ratings is not None or node.scale is not None:
                raise InputError(
                    self.shown,
                    row=raw.lines.get("ratings", raw.lines.get("scale", line)),
                    field=node.id,
                    expected=phrase("ratings only at a criterion without sub-criteria"),
                    got=phrase("ratings beside sub-criteria"),
                )
            ids = tuple(child.id for child in node.criteria)
            self._unique(ids, raw, "criteria", items=raw["criteria"])
            children = tuple(
                self._node(child, child_raw)
                for child, child_raw in zip(node.criteria, raw["criteria"], strict=True)
            )
            matrix = self._matrix(node.judgments, ids, raw, node.id)
            return NodeSpec(node.id, node.name or node.id, children, matrix)
        if node.ratings is not None or node.scale is not None:
            return self._rated(node, raw)
        matrix = self._matrix(node.judgments, self.alternatives, raw, node.id)
        return NodeSpec(node.id, node.name or node.id, (), matrix)

    def _rated(self, node: NodeModel, raw: _LineDict) -> NodeSpec:
        alternatives, scales = self.alternatives, self.scales
        if node.judgments or node.scale is None or node.ratings is None:
            raise InputError(
                self.shown,
                row=raw.line,
                field=node.id,
                expected=phrase("either judgments among the alternatives, or a scale and ratings"),
            )
        if node.scale not in scales:
            raise InputError(
                self.shown,
                row=raw.lines["scale"],
                field="scale",
                got=node.scale,
                expected=phrase("a scale defined under scales ({names})", names=", ".join(scales)),
            )
        scale = scales[node.scale]
        ratings = raw["ratings"]
        for alternative, intensity in node.ratings.items():
            if alternative not in alternatives:
                raise InputError(
                    self.shown,
                    row=ratings.lines[alternative],
                    field="ratings",
                    got=alternative,
                    expected=phrase(
                        "one of the alternatives ({names})", names=", ".join(alternatives)
                    ),
                )
            if intensity not in scale.intensities:
                raise InputError(
                    self.shown,
                    row=ratings.lines[alternative],
                    field=alternative,
                    got=intensity,
                    expected=phrase(
                        "an intensity of the scale {scale} ({names})",
                        scale=scale.id,
                        names=", ".join(scale.intensities),
                    ),
                )
        missing = [a for a in alternatives if a not in node.ratings]
        if missing:
            raise InputError(
                self.shown,
                row=raw.lines["ratings"],
                field="ratings",
                expected=phrase("a rating for every alternative"),
                got=phrase("missing {ids}", ids=", ".join(missing)),
            )
        order = tuple(node.ratings[a] for a in alternatives)
        return NodeSpec(node.id, node.name or node.id, (), None, scale.id, order)

    def _scale(self, name: str, scale: ScaleModel, raw: Any, line: int) -> ScaleSpec:
        if scale.values is not None:
            return ScaleSpec(name, tuple(scale.values), values=tuple(scale.values.values()))
        intensities = tuple(scale.intensities or ())
        self._unique(intensities, raw, "intensities")
        matrix = self._matrix(scale.judgments, intensities, raw, name)
        return ScaleSpec(name, intensities, matrix=matrix)

    def _no_clash(self, node: NodeModel, raw: _LineDict, alternatives: tuple[str, ...]) -> None:
        """Refuses a criterion named like an alternative (judgments name both), before any
        node's judgments are read, at the criterion's line."""
        for child, child_raw in zip(node.criteria, raw.get("criteria") or (), strict=False):
            if child.id in alternatives:
                raise InputError(
                    self.shown,
                    row=child_raw.line,
                    field="id",
                    expected=phrase("a criterion id that no alternative has"),
                    got=child.id,
                )
            self._no_clash(child, child_raw, alternatives)

    def _unique(self, names: Sequence[str], raw: Any, key: str, items: Sequence[Any] = ()) -> None:
        """Refuses a name given twice, at the second one's line when the items have lines."""
        second = next((i for i, name in enumerate(names) if name in names[:i]), None)
        if second is not None:
            repeated = names[second]
            own = getattr(items[second], "line", None) if second < len(items) else None
            raise InputError(
                self.shown,
                row=own or raw.lines.get(key, raw.line),
                field=key,
                expected=phrase("each id once"),
                got=repeated,
            )

    def _matrix(
        self, judgments: Sequence[Judgment], ids: tuple[str, ...], raw: _LineDict, node: str
    ) -> tuple[tuple[float, ...], ...] | None:
        """The matrix among `ids` from `[a, b, value]` judgments: each pair once, every pair."""
        n = len(ids)
        if n == 1 and not judgments:
            return None
        where = phrase("judgments of {node}", node=node)
        values = [[1.0 if i == j else math.nan for j in range(n)] for i in range(n)]
        items = raw.get("judgments")
        written: list[Any] = list(items) if isinstance(items, _LineList) else []
        lines = items.lines if isinstance(items, _LineList) else []
        for k, (row, column, _) in enumerate(judgments):
            line = lines[k]
            for name in (row, column):
                if name not in ids:
                    raise InputError(
                        self.shown,
                        row=line,
                        field=where,
                        got=name,
                        expected=phrase(
                            "a name judged at this node ({names})", names=", ".join(ids)
                        ),
                    )
            i, j = ids.index(row), ids.index(column)
            if i == j or not math.isnan(values[i][j]):
                raise InputError(
                    self.shown,
                    row=line,
                    field=where,
                    got=f"{row}, {column}",
                    expected=phrase("each pair once, of two different names"),
                )
            text = str(written[k][2])  # as written: 0.33 keeps its digits (yaml_lines._YamlFloat)
            value, k_read = read_judgment(
                text, math.nan, file=self.shown, line=line, field=where, decimal_comma=False
            )
            if not (math.isfinite(value) and value > 0):
                raise InputError(
                    self.shown,
                    row=line,
                    field=where,
                    got=text,
                    expected=phrase("a positive number (how many times more important; 1 = equal)"),
                )
            values[i][j], values[j][i] = value, 1.0 / value
            if k_read is not None:
                self.notes.append(
                    phrase(
                        "{printed} read as {fraction}, the reciprocal it rounds ({judgments})",
                        printed=text,
                        fraction=f"1/{k_read}",
                        judgments=f"{row}/{column}",
                    )
                )
        self.notes.extend(off_scale(values, ids))
        missing = [
            f"{ids[i]}, {ids[j]}"
            for i in range(n)
            for j in range(i + 1, n)
            if math.isnan(values[i][j])
        ]
        if missing:
            raise InputError(
                self.shown,
                row=raw.lines.get("judgments", raw.line),
                field=where,
                expected=phrase("a judgment for every pair"),
                got=phrase("missing {ids}", ids="; ".join(missing)),
            )
        return tuple(tuple(row) for row in values)
