"""Terminal view of a ValidationReport: counts and warnings."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.text import Text

from prioritizer.i18n import t
from prioritizer.phrases import show
from prioritizer.present.render.common import format_number, new_table
from prioritizer.results.validation import DatasetWarning, ValidationReport


def render_validation(report: ValidationReport, *, lang: str = "en") -> RenderableType:
    """Counts of what was read and one line per warning."""
    counts = new_table(t("validate.counts", lang))
    counts.add_column(t("validate.what", lang))
    counts.add_column(t("validate.count", lang), justify="right")
    for key, value in report.counts.items():
        counts.add_row(t(f"validate.count.{key}", lang), str(value))
    lines: list[RenderableType] = [
        Text(t("validate.ok", lang, location=report.location), style="bold green"),
        counts,
        Text(t("validate.warnings", lang, n=len(report.warnings)), style="bold"),
    ]
    if not report.warnings:
        lines.append(Text(t("validate.no_warnings", lang)))
    for warning in report.warnings:
        lines.append(Text("• " + _warning_text(warning, report.illustrative, lang)))
    return Group(*lines)


def _warning_text(warning: DatasetWarning, illustrative: Mapping[str, int], lang: str) -> str:
    values = dict(warning.values)
    if warning.kind == "illustrative":  # the kinds of records in words, not class names
        kinds = ", ".join(f"{t(f'validate.kind.{k}', lang)} {n}" for k, n in illustrative.items())
        return t("validate.illustrative", lang, n=values["n"], kinds=kinds)
    file = show(warning.file, lang)
    where = file if warning.row is None else f"{file}:{warning.row}"
    for key in ("cr", "given", "suggested"):
        if isinstance(values.get(key), float):
            values[key] = format_number(values[key], 3 if key == "cr" else 2, lang)
    return f"{where}: " + t(f"validate.{warning.kind}", lang, **values)
