"""Terminal view of an AHP hierarchy's synthesis: the alternatives' global priorities, then the
criteria tree with each node's local and global weight and CR, and the rating scales."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from prioritizer.i18n import Language, t
from prioritizer.phrases import show
from prioritizer.present.render.common import format_number, format_share, new_table
from prioritizer.results.hierarchy import HierarchyResult, NodeResult


def render_hierarchy(
    result: HierarchyResult, *, lang: Language | str = Language.EN, notes: Sequence[str] = ()
) -> RenderableType:
    """Priorities table (best first), the tree of criteria, the consistency verdict, notes."""
    mode = t(f"ahp.mode.{result.mode.value}", lang)
    table = new_table(t("ahp.title", lang, goal=result.goal.name, mode=mode))
    table.add_column("#", justify="right")
    table.add_column(t("ahp.alternative", lang))
    table.add_column(t("ahp.priority", lang), justify="right")
    table.add_column(t("ahp.score", lang), justify="right")
    order = sorted(range(len(result.alternatives)), key=lambda k: -float(result.priorities[k]))
    for rank, k in enumerate(order, start=1):
        table.add_row(
            str(rank),
            result.alternatives[k],
            format_share(float(result.priorities[k]), lang),
            format_number(float(result.scores[k]), 3, lang),
        )
    root = Text(result.goal.name, style="bold")
    if result.goal.ahp is not None:
        root.append("  " + _cr(result.goal, lang))
    tree = Tree(root)
    for child in result.goal.children:
        _branch(tree, child, lang)
    parts: list[RenderableType] = [table, tree]
    for scale in result.scales:
        values = ", ".join(
            f"{name} {format_number(float(value), 3, lang)}"
            for name, value in zip(scale.intensities, scale.values, strict=True)
        )
        parts.append(Text(t("ahp.scale", lang, scale=scale.id, values=values)))
    threshold = format_number(result.threshold, 2, lang)
    if result.inconsistent:
        names = ", ".join(node.name for node in result.inconsistent)
        parts.append(
            Text(t("ahp.inconsistent", lang, names=names, threshold=threshold), style="yellow")
        )
    else:
        parts.append(Text(t("ahp.consistent", lang, threshold=threshold)))
    parts.extend(Text(f"• {show(note, lang)}", style="dim") for note in notes)
    return Group(*parts)


def _branch(tree: Tree, node: NodeResult, lang: Language | str) -> None:
    label = Text(node.name, style="bold" if node.children else "")
    label.append(
        "  "
        + t(
            "ahp.node",
            lang,
            local=format_share(node.local_weight, lang),
            overall=format_share(node.global_weight, lang),
        )
    )
    if node.ahp is not None:
        label.append("  " + _cr(node, lang))
    branch = tree.add(label)
    for child in node.children:
        _branch(branch, child, lang)
    if node.alternatives is not None:
        values = ", ".join(
            f"{alternative} {format_number(float(value), 3, lang)}"
            + (f" ({node.ratings[k]})" if node.ratings is not None else "")
            for k, (alternative, value) in enumerate(
                zip(node.alternative_ids, node.alternatives, strict=True)
            )
        )
        branch.add(Text(values, style="dim"))


def _cr(node: NodeResult, lang: Language | str) -> str:
    return t("ahp.cr", lang, cr=format_number(node.consistency_ratio or 0.0, 3, lang))
