"""report.html from a real `compare` run, opened in a real headless Chromium (Debian's package,
driven by Playwright): at a phone's width and a desktop's, in English and Spanish, nothing
sticks out sideways, every section is there, every chart loads at a legible size and the
console stays quiet; printed, each section starts a page and no table is wider than the paper.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from prioritizer.formats import format_pen
from prioritizer.i18n import t
from prioritizer.present.export.report import SECTIONS

LANGS = ("en", "es")
VIEWPORTS = ((390, 844), (1280, 800))
EXPECTED = [s for s in SECTIONS if s not in ("joint", "roadmap")]  # without --joint, --roadmap
A4_CONTENT_PX = 710
"""A4's width less the print margins (12 mm a side), in CSS pixels."""

# Everything that sticks out of the viewport on the right, tables' scrolling boxes excepted
# (a wide table may scroll inside its own box; the page itself must not).
OUTSIDE = """() => [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-wrap') || e.classList.contains('table-wrap'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + e.textContent.slice(0, 40))"""
IMAGES = """() => [...document.images].map(i => ({
    complete: i.complete, natural: i.naturalWidth, shown: i.getBoundingClientRect().width,
    alt: i.alt}))"""
TABLES = """() => [...document.querySelectorAll('.table-wrap')]
    .filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => w.querySelector('th, td').textContent)"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page whose console errors and uncaught exceptions are collected."""
    context = browser.new_context()
    opened = context.new_page()
    opened.errors = []
    opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_report_fits_the_screen_with_every_section_and_chart(
    page: Any, compare_run: Callable[[str], Path], lang: str, width: int, height: int
) -> None:
    folder = compare_run(lang)
    page.set_viewport_size({"width": width, "height": height})
    page.goto((folder / "report.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OUTSIDE) == []
    sections = page.evaluate("[...document.querySelectorAll('main > section')].map(s => s.id)")
    assert sections == EXPECTED
    links = page.evaluate("[...document.querySelectorAll('nav.toc a')].map(a => a.hash)")
    assert links == [f"#{s}" for s in EXPECTED]
    images = page.evaluate(IMAGES)
    assert len(images) == len(list((folder / "charts").glob("*.png")))
    for image in images:
        assert image["complete"] and image["natural"] > 0, image["alt"]
        # a chart is never squeezed below the column it sits in (nor 340 px on a phone)
        assert image["shown"] >= min(width - 50, 400), image
    assert page.errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_report_on_a_phone_needs_no_sideways_scrolling_in_any_table(
    page: Any, compare_run: Callable[[str], Path], lang: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((compare_run(lang) / "report.html").as_uri())
    assert page.evaluate(TABLES) == []
    # the wide tables are shown as cards, each cell labelled with its column
    labels = page.evaluate(
        """() => [...document.querySelectorAll('#portfolio table.stack td')]
        .slice(0, 6).map(td => getComputedStyle(td, '::before').content)"""
    )
    assert len(labels) == 6 and all(label not in ("none", '""') for label in labels)


@pytest.mark.parametrize("lang", LANGS)
def test_report_prints_a_page_per_section_with_whole_tables(
    page: Any, compare_run: Callable[[str], Path], lang: str
) -> None:
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    page.goto((compare_run(lang) / "report.html").as_uri())
    page.emulate_media(media="print")
    breaks = page.evaluate(
        "[...document.querySelectorAll('main > section')].map(s => getComputedStyle(s).breakBefore)"
    )
    assert breaks == ["auto"] + ["page"] * (len(EXPECTED) - 1)
    assert page.evaluate(TABLES) == []
    assert page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == "none"
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert len(EXPECTED) <= pages <= 40
    assert page.errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_report_says_which_debated_projects_are_funded_and_marks_the_budget(
    page: Any, compare_run: Callable[[str], Path], lang: str
) -> None:
    folder = compare_run(lang)
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    page.goto((folder / "report.html").as_uri())
    tables = page.evaluate(
        """() => [...document.querySelectorAll('#core-index table')].map(t =>
        [...t.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.textContent)))"""
    )
    marked = page.evaluate(
        "[...document.querySelectorAll('#frontier tr.marked')].map(r => r.cells[0].textContent)"
    )
    yes, no = t("export.yes", lang), t("export.no", lang)
    regions = list(data["regions"].values())
    assert len(tables) == 2 * len(regions) and len(marked) == len(regions)
    for k, region in enumerate(regions):
        names, chosen = data["names"], set(region["portfolio"]["selected"])
        debated = {names[p]: yes if p in chosen else no for p in region["robustness"]["borderline"]}
        assert {row[0]: row[2] for row in tables[2 * k + 1]} == debated
        within = [
            p["budget"] for p in region["frontier"]["points"] if p["budget"] <= region["budget"]
        ]
        assert marked[k].replace("\u00a0", " ") == format_pen(max(within), lang)
