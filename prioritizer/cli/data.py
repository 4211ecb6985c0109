"""`init`, `validate` and `show`: copy the embedded data, check a data set, list its contents."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import RegionOption, emit, emit_json, stdout
from prioritizer.cli.declared import argument
from prioritizer.cli.options import _check_region
from prioritizer.core.validation import summarize_dataset
from prioritizer.data.folders import new_folder
from prioritizer.data.workbook import load_inputs
from prioritizer.i18n import t
from prioritizer.present.payload import display_names
from prioritizer.present.render.catalog import render_catalog
from prioritizer.present.render.validation import render_validation
from prioritizer.present.views import Catalog, catalog_view
from prioritizer.resources import embedded_dir


@command(inputs=False, as_json=False)
def init(
    run: Run,
    directory: Annotated[Path, argument("init-directory")],
) -> None:
    """Write an editable copy of the embedded data set (criteria/ and inputs/) into DIRECTORY."""
    with new_folder(directory, prefix=".prioritizer-init-") as staging:
        for kind in ("criteria", "inputs"):
            shutil.copytree(
                embedded_dir(kind),
                staging / kind,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
    stdout().print(t("init.done", run.language, path=str(directory)), markup=False)


@command()
def validate(run: Run) -> None:
    """Check a data set: every file, field and cross-reference; print counts and warnings."""
    data = load_inputs(run.inputs)
    embedded = None if run.inputs is None else load_inputs(None)  # the report's reading
    summary = summarize_dataset(data, embedded)
    if run.as_json:
        emit_json(summary.to_dict())
    else:
        emit(render_validation(summary, lang=run.lang))


@command()
def show(
    run: Run,
    what: Annotated[Catalog, argument("what")],
    region: RegionOption = None,
) -> None:
    """List criteria, gaps, mechanisms, value chains, regions, projects or stakeholders."""
    data = load_inputs(run.inputs)
    _check_region(data, region)
    rows = catalog_view(data, what, lang=run.lang, region=region)
    if what is Catalog.STAKEHOLDERS:
        ratios = summarize_dataset(data).consistency_ratios
        for row in rows:
            row["consistency_ratio"] = ratios.get(row["id"])
    if run.as_json:
        emit_json(rows)
        return
    code = run.lang
    levels = {level.id: level.name.get(code) for level in data.relevance_scale.levels}
    names = display_names(data, code)
    region_name = data.region(region).name.get(code) if region else None
    emit(
        render_catalog(
            what, rows, lang=code, level_names=levels, region_name=region_name, names=names
        )
    )
