"""The workshop as people use it, in a real headless Chromium against a real server: a
stakeholder's whole session at phone size (a contradiction, its hint and the revision; "don't
know" and a comment; a lost connection; a reload), and the planner's page at phone and desktop
size trying a budget and applying the result. Any page that overflows sideways, throws or logs
a console error fails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web_support import JULIACA, Server, data_set, free_port, start_server

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    inputs = data_set(tmp_path_factory.mktemp("browser"))
    running = start_server(inputs, free_port())
    yield running, inputs
    running.stop()


class Watched:
    """A page whose console errors and uncaught exceptions are collected."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def check(self) -> None:
        """The page fits the screen's width and has logged no error."""
        fits = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, "the page overflows sideways"
        assert self.errors == []

    def answer(self, side: str, strength: int | None, *, number: int) -> None:
        """Answers the pair on screen as a person would, and waits for the next one."""
        page = self.page
        page.click(f"label.side:has(input[value={side}])")
        if strength is not None:
            page.click(f"label.strength:has(input[value='{strength}'])")
        page.click("button[value=save]")
        page.wait_for_selector(f"text={number} of 6 answered")


def test_a_stakeholder_session_at_phone_size(browser: Any, server: tuple[Server, Path]) -> None:
    running, _ = server
    phone = Watched(browser, **PHONE)
    page = phone.page
    page.goto(running.stakeholders["puno-chamber-juliaca"])
    assert page.inner_text("legend").startswith("Question 1 of 6.")
    assert not page.is_visible(".strengths")  # how much is asked once a side is chosen
    phone.check()
    for number, (side, strength) in enumerate(JULIACA, start=1):
        phone.answer(side, strength, number=number)
        phone.check()
        if number == 5:  # a cycle contradicts itself before the last pair is asked
            early = page.inner_text("#hint")
            assert "Consistency ratio 0.211, above 0.10." in early
            assert "Diversification > Cost: Strong importance (5)" in early
            assert page.inner_text("legend").startswith("Question 6 of 6.")
    hint = page.locator("#hint")
    assert hint.is_visible()
    assert "Consistency ratio 0.155, above 0.10." in hint.inner_text()
    assert "Cost > Specialization: Moderate importance (3)" in hint.inner_text()
    assert "Equal importance" in page.inner_text("#hint .suggested")
    page.click("#hint button[value=revise]")
    page.wait_for_selector("#hint", state="detached")
    assert "Consistency ratio 0.027" in page.inner_text(".cr")
    assert "Specialization > Cost" not in page.inner_text(".pairs")
    phone.check()
    page.reload()  # everything was saved as it was given
    assert "6 of 6 answered" in page.inner_text(".progress-line")
    assert "Every question answered" in page.inner_text(".done")
    phone.check()
    phone.context.close()


def test_dont_know_a_comment_and_a_lost_connection(
    browser: Any, server: tuple[Server, Path]
) -> None:
    running, _ = server
    phone = Watched(browser, **PHONE)
    page = phone.page
    page.goto(running.stakeholders["puno-una"])
    page.click("button[value=skip]")
    page.wait_for_selector("text=1 don't know")
    page.click("label.side:has(input[value=row])")
    page.click("label.strength:has(input[value='3'])")
    page.click("details.why summary")
    page.fill("textarea[name=comment]", "Universities <i>need</i> focus")
    page.click("button[value=save]")
    page.wait_for_selector("text=1 of 6 answered")
    phone.check()
    assert page.url.endswith("?pair=3")

    phone.context.set_offline(True)
    page.click("label.side:has(input[value=column])")
    page.click("label.strength:has(input[value='2'])")
    page.click("button[value=save]")
    page.wait_for_selector(".status.offline")
    assert "No connection" in page.inner_text("#status")
    assert page.evaluate("Object.keys(localStorage).length") == 1
    assert all("ERR_INTERNET_DISCONNECTED" in error for error in phone.errors)
    phone.errors.clear()
    phone.context.set_offline(False)
    page.wait_for_selector("text=2 of 6 answered", timeout=20_000)
    assert page.evaluate("Object.keys(localStorage).length") == 0
    phone.check()

    page.goto(running.stakeholders["puno-una"] + "?pair=2")
    assert page.input_value("textarea[name=comment]") == "Universities <i>need</i> focus"
    assert "Specialization > Global context: Moderate importance (3)" in page.inner_text(".pairs")
    phone.check()
    phone.context.close()


def test_the_planner_page_tries_a_budget_and_applies(
    browser: Any, server: tuple[Server, Path]
) -> None:
    running, inputs = server
    assert running.planner is not None
    phone = Watched(browser, **PHONE)
    phone.page.goto(running.planner)
    phone.check()
    phone.context.close()

    desk = Watched(browser, **DESKTOP)
    page = desk.page
    page.goto(running.planner)
    assert "From the workshop's answers" in page.inner_text("#consequence-puno")
    page.fill("input[name=budget_puno]", "500000")
    page.wait_for_selector("text=Portfolio within S/ 500,000")
    spent = re.search(r"S/ ([\d,]+) spent", page.inner_text("#consequence-puno"))
    assert spent is not None and int(spent.group(1).replace(",", "")) <= 500_000
    assert "budget_puno=500000" in page.url
    assert "Universities <i>need</i> focus" in page.inner_text(".comments")
    desk.check()

    page.click("#names")
    page.wait_for_selector("text=Participant 7")
    assert "National University of the Altiplano" not in page.inner_text("#panel")
    desk.check()

    stakeholders = inputs / "inputs" / "regions" / "puno" / "stakeholders.yaml"
    before = stakeholders.read_text(encoding="utf-8")
    page.click("details.apply summary")
    page.click("#apply")
    page.wait_for_selector("text=Judgments written")
    assert "Chamber of Commerce and Production of Juliaca" in page.inner_text("main")
    desk.check()
    after = stakeholders.read_text(encoding="utf-8")
    assert after != before and "with the workshop app (prioritizer serve)" in after
    assert Path(f"{stakeholders}.bak").read_text(encoding="utf-8") == before
    desk.context.close()
