"""Spanish all the way (#14 point 5): the words the tool writes in a Spanish run folder, its
terminal text and `show`, while the report's quoted sentences stay as the report has them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from prioritizer.present.export.report.overview import options_text
from prioritizer.present.render.common import cite

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A Spanish `compare` run folder and what the terminal showed."""
    out = tmp_path_factory.mktemp("runs") / "es"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": "", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "prioritizer", "compare", "--lang", "es", "--out", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out, done.stdout


def test_report_sections_are_cited_in_spanish(spanish: tuple[Path, str]) -> None:
    out, shown = spanish
    report = (out / "report.md").read_text(encoding="utf-8")
    for text in (shown, report):
        assert "informe §5.3" in text and "report §" not in text
    assert "Las frases entre «…» se citan del informe y se mantienen en su idioma" in report
    assert (
        cite("report §5.3", "es") == "informe §5.3" and cite("illustrative", "es") == "illustrative"
    )


def test_one_percent_style_and_the_options_in_words(spanish: tuple[Path, str]) -> None:
    out, shown = spanish
    texts = [shown, (out / "report.md").read_text(encoding="utf-8")]
    assert not [t for t in texts if re.search(r"\d%", t)]
    formats = {
        c.number_format
        for sheet in load_workbook(out / "results.xlsx")
        for row in sheet
        for c in row
        if "%" in str(c.number_format)
    }
    assert formats == {"0.0 %"}
    options = next(line for line in texts[1].splitlines() if line.startswith("Opciones: "))
    assert "clasificación con TOPSIS; valor: la suma de las puntuaciones" in options
    assert "robustez sobre 2.000 escenarios de pesos (semilla 0)" in options
    assert "=" not in options


def test_options_without_words_of_their_own_keep_key_and_value() -> None:
    said = options_text({"method": "ahp", "joint": True, "new_option": 3}, "en")
    assert said == "ranked with AHP synthesis; the regions planned together; new_option=3"
