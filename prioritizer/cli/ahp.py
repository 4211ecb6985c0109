"""`ahp HIERARCHY.yaml`: a whole AHP hierarchy from one file, synthesised into the alternatives'
global priorities, with each node's CR."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import emit, emit_json
from prioritizer.cli.declared import argument, option
from prioritizer.cli.options import RandomIndexOption, _check_random_index_tables
from prioritizer.core.weigh.hierarchy import synthesize
from prioritizer.data.load import load_random_index
from prioritizer.data.load.hierarchy import load_hierarchy
from prioritizer.phrases import show
from prioritizer.present.render.hierarchy import render_hierarchy
from prioritizer.results.hierarchy import Synthesis


@command(inputs=False)
def ahp(
    run: Run,
    hierarchy_file: Annotated[Path, argument("hierarchy-file")],
    mode: Annotated[Synthesis, option("mode")] = Synthesis.DISTRIBUTIVE,
    random_index: RandomIndexOption = None,
) -> None:
    """A whole AHP hierarchy from a YAML file: global priorities and each node's CR.

    Criteria and sub-criteria at any depth, alternatives compared pairwise or rated on a scale
    (absolute measurement); the synthesis in distributive or ideal mode. `prioritizer methods`
    lists the published examples that check it."""
    spec = load_hierarchy(hierarchy_file)
    tables = load_random_index()
    _check_random_index_tables(tables, random_index)
    result = synthesize(spec, random_index=tables.get(random_index).values, mode=mode)
    if run.as_json:
        payload = result.to_dict()
        if spec.notes:
            payload["notes"] = [show(note, run.lang) for note in spec.notes]
        emit_json(payload)
    else:
        emit(render_hierarchy(result, lang=run.lang, notes=spec.notes))
