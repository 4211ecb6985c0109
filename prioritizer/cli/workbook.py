"""Commands `template` and `import`: the data set travels as an Excel workbook and comes back
as a new data-set folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from rich.console import Console

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    emit_json,
)
from prioritizer.cli.declared import argument, option
from prioritizer.data.workbook import (
    import_workbook_folder,
    import_workbook_keeping,
    load_inputs,
    write_workbook,
)
from prioritizer.errors import InputError
from prioritizer.i18n import t
from prioritizer.phrases import phrase


# -- workbook ----------------------------------------------------------------------------------
@command()
def template(
    run: Run,
    file: Annotated[Path, argument("template-file")],
    force: Annotated[bool, option("force")] = False,
) -> None:
    """Write the whole data set as an Excel workbook (one sheet per table, with a README)."""

    if file.suffix.lower() != ".xlsx":
        raise InputError(str(file), expected=phrase("a file name ending in .xlsx"), got=file.name)
    lock = file.with_name(f"~${file.name}")
    if lock.exists():
        raise InputError(
            str(file),
            expected=phrase("a workbook that is not open in Excel"),
            got=phrase("Excel's lock file {lock} next to it", lock=lock.name),
            hint=phrase("close the workbook in Excel first"),
        )
    if file.exists() and not force:
        raise InputError(
            str(file),
            expected=phrase("a new file name"),
            got=phrase("an existing file"),
            hint=phrase("add --force to replace it"),
        )
    if not file.parent.is_dir():
        raise InputError(
            str(file.parent),
            expected=phrase("an existing folder"),
            got=phrase("no such folder"),
        )
    data = load_inputs(run.inputs)
    sheets = write_workbook(data, file, lang=run.lang)
    if run.as_json:
        emit_json(
            {
                "status": "ok",
                "workbook": str(file),
                "sheets": list(sheets),
                # Kept for tools that read it: every roadmap is in the workbook now.
                "roadmaps_left_out": [],
            }
        )
        return
    console = Console(highlight=False, soft_wrap=True)
    console.print(
        t("workbook.template_done", run.language, path=str(file), sheets=len(sheets)),
        markup=False,
    )


@command(inputs=False)
def import_workbook(
    run: Run,
    file: Annotated[Path, argument("import-workbook-file")],
    directory: Annotated[Path, argument("import-workbook-directory")],
    original: Annotated[Path | None, option("original")] = None,
) -> None:
    """Write the data set of an Excel workbook as a folder (criteria/ and inputs/, as `init`)."""

    kept = None
    if original is None:
        data = import_workbook_folder(file, directory)
    else:
        data, kept = import_workbook_keeping(file, directory, original)
    if run.as_json:
        counts = {
            "projects": len(data.projects),
            "stakeholders": len(data.stakeholders),
            "regions": len(data.regions),
        }
        both = {} if kept is None else {"kept": list(kept.kept), "written": list(kept.written)}
        emit_json(
            {"status": "ok", "workbook": str(file), "folder": str(directory), **counts, **both}
        )
        return
    console = Console(highlight=False, soft_wrap=True)
    console.print(
        t("workbook.import_done", run.language, workbook=str(file), path=str(directory)),
        markup=False,
    )
    if kept is not None:
        console.print(
            t(
                "workbook.import_kept",
                run.language,
                kept=len(kept.kept),
                written=", ".join(kept.written) or "—",
            ),
            markup=False,
        )
