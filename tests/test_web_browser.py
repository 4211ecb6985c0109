"""The workshop as people use it, in a real headless Chromium against a real server: a
stakeholder's whole session at phone size (a contradiction, its hint and the revision; "don't
know" and a comment; a lost connection; a reload; the server killed and started again; the same
link on a second phone), the smallest phones (320 px), and the planner's page at phone and
desktop size trying a budget, sub-groups and hidden names, and applying the result. Any page
that overflows sideways, throws, logs a console error or asks anything of another server
fails."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web_support import (
    CONSISTENT,
    JULIACA,
    Server,
    answer_form,
    csrf_of,
    data_set,
    free_port,
    start_server,
)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SMALL_PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    inputs = data_set(tmp_path_factory.mktemp("browser"))
    running = start_server(inputs, free_port())
    yield running, inputs
    running.stop()


class Watched:
    """A page whose console errors, uncaught exceptions and requests are collected."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requested: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.context.on("request", lambda r: self.requested.append(r.url))

    def check(self) -> None:
        """The page fits the screen's width, has logged no error and has asked nothing of any
        server but ours (every script, style, font and image ships in the package)."""
        fits = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, "the page overflows sideways"
        assert self.errors == []
        ours = "http://127.0.0.1:"
        elsewhere = [u for u in self.requested if not u.startswith((ours, "data:"))]
        assert elsewhere == [], f"asked another server: {elsewhere}"
        origins = {u.split("/")[2] for u in self.requested if u.startswith(ours)}
        assert len(origins) <= 1, origins

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
    # the alpaca breeders answer too (from another phone): Puno's group has two to compare
    alpaca = running.stakeholders["puno-alpaca-breeders"]
    with httpx.Client(timeout=30) as client:
        csrf = csrf_of(client.get(alpaca).text)
        for number, (side, strength) in enumerate(CONSISTENT, start=1):
            form = answer_form(csrf, number, side, strength)
            assert client.post(f"{alpaca}/answer", data=form).status_code == 303
    phone = Watched(browser, **PHONE)
    phone.page.goto(running.planner)
    phone.check()
    # who is where, how far and how consistent: all of it on a phone's width, without scrolling
    fits = "(e => e.scrollWidth <= e.clientWidth)(document.querySelector('.people .scroll'))"
    assert phone.page.evaluate(fits), "the stakeholders' table needs scrolling sideways"
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

    page.select_option("select[name=subgroups]", "95")
    page.locator(".groups", has_text="95.0%").wait_for()
    assert "subgroups=95" in page.url and "budget_puno=500000" in page.url

    page.click("#names")
    page.wait_for_selector("text=Participant 7")
    assert "National University of the Altiplano" not in page.inner_text("#panel")
    # the switch reloads the page as it was: the budget tried and the level chosen kept
    assert "budget_puno=500000" in page.url and "subgroups=95" in page.url
    assert page.input_value("input[name=budget_puno]") == "500000"
    assert "Portfolio within S/ 500,000" in page.inner_text("#consequence-puno")
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


def test_the_smallest_phones(browser: Any, server: tuple[Server, Path]) -> None:
    running, _ = server
    small = Watched(browser, **SMALL_PHONE)
    page = small.page
    page.goto(running.stakeholders["cusco-coffee-cooperatives"])
    small.check()
    page.click("label.side:has(input[value=column])")
    assert page.is_visible(".strengths")
    small.check()
    for number, (side, strength) in enumerate(JULIACA[:5], start=1):
        if number > 1:
            page.click(f"label.side:has(input[value={side}])")
        if strength is not None:
            page.click(f"label.strength:has(input[value='{strength}'])")
        page.click("button[value=save]")
        page.wait_for_selector(f"text={number} of 6 answered")
        small.check()
    assert page.is_visible("#hint")  # the hint at 320 px: every button reachable
    for button in page.query_selector_all("#hint button, .actions button"):
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert box["height"] >= 44  # a finger's width
    page.goto(running.planner)
    small.check()
    page.goto(f"{running.planner}/links")
    small.check()
    small.context.close()


def test_a_second_phone_resumes_and_a_restart_loses_nothing(browser: Any, tmp_path: Path) -> None:
    inputs = data_set(tmp_path)
    port = free_port()
    running = start_server(inputs, port)
    link = running.stakeholders["cusco-inia"]
    first = Watched(browser, **PHONE)
    page = first.page
    page.goto(link)
    first.answer("row", 3, number=1)
    first.answer("column", 2, number=2)
    first.context.close()

    second = Watched(browser, **PHONE)  # another device: nothing in its storage
    other = second.page
    other.goto(link)
    assert "2 of 6 answered" in other.inner_text(".progress-line")
    assert other.inner_text("legend").startswith("Question 3 of 6.")
    second.check()

    running.stop(signal.SIGKILL)  # the laptop's server dies mid-session
    other.click("label.side:has(input[value=row])")
    other.click("label.strength:has(input[value='5'])")
    other.click("button[value=save]")
    other.wait_for_selector(".status.offline")
    assert other.evaluate("Object.keys(localStorage).length") == 1  # kept on the phone
    again = start_server(inputs, port)
    try:
        other.wait_for_selector("text=3 of 6 answered", timeout=30_000)
        # the sends tried while the server was down are the only errors logged
        assert all("ERR_CONNECTION_REFUSED" in error for error in second.errors)
        second.errors.clear()
        assert other.evaluate("Object.keys(localStorage).length") == 0
        other.reload()
        assert "3 of 6 answered" in other.inner_text(".progress-line")
        assert "Specialization > Cost: Strong importance (5)" in other.inner_text(".pairs")
        second.check()
    finally:
        second.context.close()
        again.stop()
