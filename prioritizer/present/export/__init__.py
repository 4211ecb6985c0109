"""Run folders: CSV, Excel, HTML and Markdown reports with charts, results.json and a manifest.

Reads only the `compare` payload (the JSON `compare --json` prints), so a saved results.json
can be exported again. Everything is computed first, written into a hidden temporary sibling
folder, and renamed into place as the last step: a run folder is complete or absent.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Callable, Collection
from enum import StrEnum
from pathlib import Path
from typing import assert_never

from prioritizer.i18n import Language
from prioritizer.present.export.charts import render_charts
from prioritizer.present.export.csv import write_csv
from prioritizer.present.export.manifest import Manifest, build_manifest, sha256_of, write_manifest
from prioritizer.present.export.report import write_html, write_markdown
from prioritizer.present.export.tables import ExportContent, Payload, build_tables
from prioritizer.present.export.xlsx import write_xlsx

__all__ = [
    "ExportFormat",
    "Manifest",
    "Writer",
    "build_manifest",
    "sha256_of",
    "write_json",
    "write_run_folder",
    "writer_for",
]


class ExportFormat(StrEnum):
    """The files a run folder can hold; manifest.json is always written."""

    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"
    MD = "md"
    JSON = "json"


Writer = Callable[[ExportContent, Path], None]
"""Writes one format's files into a folder that exists and is empty of them."""

_NEEDS_CHARTS = frozenset({ExportFormat.HTML, ExportFormat.MD})


def writer_for(export_format: ExportFormat) -> Writer:
    """The writer of `export_format` (mypy checks that every member has one)."""
    match export_format:
        case ExportFormat.CSV:
            return write_csv
        case ExportFormat.XLSX:
            return write_xlsx
        case ExportFormat.HTML:
            return write_html
        case ExportFormat.MD:
            return write_markdown
        case ExportFormat.JSON:
            return write_json
        case _:
            assert_never(export_format)


def write_json(content: ExportContent, folder: Path) -> None:
    """results.json: the payload as given (key order kept), UTF-8, indented."""
    text = json.dumps(content.payload, ensure_ascii=False, indent=2)
    (folder / "results.json").write_text(text + "\n", encoding="utf-8", newline="\n")


def write_run_folder(
    payload: Payload,
    *,
    out_dir: Path,
    manifest: Manifest,
    lang: Language | str,
    formats: Collection[ExportFormat] = tuple(ExportFormat),
    progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Writes the run folder `out_dir` for `payload` and returns it.

    `progress` (stage "saving", steps done, steps) is told before the charts and tables and
    after them and each file: with thousands of frontier points the workbook takes seconds.

    Refuses an existing `out_dir` (FileExistsError, checked before the work and again just
    before the rename) and never touches it. Files are written into
    `out_dir.parent/.tmp-<name>-<random>`, renamed to `out_dir` last; on any exception,
    KeyboardInterrupt included, the temporary folder is removed and the exception re-raised.
    """
    out_dir = Path(out_dir)
    _refuse_existing(out_dir)
    code = lang.value if isinstance(lang, Language) else str(lang)
    wanted = set(formats)
    chosen = [f for f in ExportFormat if f in wanted]
    tell = progress or (lambda stage, done, total: None)
    tell("saving", 0, len(chosen) + 1)
    charts = render_charts(payload, code) if _NEEDS_CHARTS & set(chosen) else {}
    content = ExportContent(payload=payload, lang=code, tables=build_tables(payload), charts=charts)
    tell("saving", 1, len(chosen) + 1)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temporary = out_dir.parent / f".tmp-{out_dir.name}-{secrets.token_hex(6)}"
    temporary.mkdir()
    try:
        for done, export_format in enumerate(chosen, start=2):
            writer_for(export_format)(content, temporary)
            tell("saving", done, len(chosen) + 1)
        write_manifest(manifest, temporary)
        _refuse_existing(out_dir)
        temporary.rename(out_dir)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return out_dir


def _refuse_existing(out_dir: Path) -> None:
    if out_dir.exists() or out_dir.is_symlink():
        raise FileExistsError(f"{out_dir}: a run folder is never overwritten; choose another")
