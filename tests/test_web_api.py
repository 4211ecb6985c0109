"""The workshop app through HTTP (httpx, in process): a stakeholder's session from the first pair
to the contradiction and its hint, "don't know" and comments, the planner's views, and every way
a request can be refused — always a 4xx with a plain message, never a traceback."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import get_args

import httpx
import pytest

from prioritizer.core.elicit import Pair
from prioritizer.web.app import create_app
from prioritizer.web.forms import PanelParams
from prioritizer.web.group import SUBGROUP_LEVELS
from prioritizer.web.server import Workshop, open_workshop
from prioritizer.web.store import now
from tests.web_support import (
    CONSISTENT,
    HOSTILE,
    JULIACA,
    answer_form,
    csrf_of,
    data_set,
    serve_in_thread,
)


@dataclass
class Room:
    """One workshop served in process, its data set and the links made when it opened."""

    client: httpx.Client
    workshop: Workshop
    inputs: Path

    def link(self, stakeholder: str) -> str:
        """The path of a stakeholder's private page."""
        return f"/s/{self.workshop.opening.participants[stakeholder]}"

    @property
    def planner(self) -> str:
        """The path of the planner's page."""
        token = self.workshop.opening.planner
        assert token is not None
        return f"/p/{token}"

    def answer_all(self, stakeholder: str, answers: list[tuple[str, int | None]]) -> str:
        """Answers every pair in order; the page after the last answer."""
        page = self.link(stakeholder)
        csrf = csrf_of(self.client.get(page).text)
        for number, (side, strength) in enumerate(answers, start=1):
            done = self.client.post(
                f"{page}/answer", data=answer_form(csrf, number, side, strength)
            )
            assert done.status_code == 303, done.text
        return self.client.get(page).text


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    inputs = data_set(tmp_path_factory.mktemp("workshop"))
    workshop = open_workshop(inputs)
    with (
        serve_in_thread(create_app(workshop.shared)) as base,
        httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client,
    ):
        yield Room(client, workshop, inputs)


def _plain(response: object) -> str:
    """A refusal's text, checked to be a 4xx without any traceback."""
    status = getattr(response, "status_code", 0)
    text = str(getattr(response, "text", ""))
    assert 400 <= status < 500, (status, text[:300])
    assert "Traceback" not in text and 'File "' not in text
    return text


# -- the stakeholder's session ------------------------------------------------------------------
def test_the_first_visit_asks_the_first_pair(room: Room) -> None:
    page = room.client.get(room.link("cusco-unsaac"))
    assert page.status_code == 200
    assert "Question 1 of 6." in page.text
    assert "Specialization" in page.text and "Diversification" in page.text
    assert "0 of 6 answered" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_each_answer_is_saved_and_the_next_pair_follows(room: Room) -> None:
    page = room.link("cusco-unsaac")
    csrf = csrf_of(room.client.get(page).text)
    done = room.client.post(f"{page}/answer", data=answer_form(csrf, 1, "row", 3))
    assert done.status_code == 303
    assert done.headers["location"] == f"{page}?pair=2"
    shown = room.client.get(done.headers["location"]).text
    assert "1 of 6 answered" in shown and "Question 2 of 6." in shown
    assert "Specialization &gt; Diversification: Moderate importance (3)" in shown
    sheet = room.workshop.shared.store.sheet(_participant(room, "cusco-unsaac"))
    assert sheet.answers == {Pair("specialization", "diversification"): 3.0}


def test_a_revisited_pair_shows_the_answer_given_and_can_change_it(room: Room) -> None:
    page = room.link("cusco-unsaac")
    shown = room.client.get(f"{page}?pair=1").text
    assert re.search(r'value="row" required checked', shown)
    assert re.search(r'value="3" checked', shown)
    csrf = csrf_of(shown)
    room.client.post(f"{page}/answer", data=answer_form(csrf, 1, "column", 2))
    sheet = room.workshop.shared.store.sheet(_participant(room, "cusco-unsaac"))
    assert sheet.answers[Pair("specialization", "diversification")] == pytest.approx(0.5)


def test_a_contradiction_shows_the_judgment_most_at_odds_and_the_value_that_fits(
    room: Room,
) -> None:
    shown = room.answer_all("puno-chamber-juliaca", JULIACA)
    assert "Some answers contradict each other" in shown
    assert "Consistency ratio 0.155, above 0.10." in shown
    # the core names specialization vs cost (given 1/3, consistent 0.75, nearest 1)
    assert "Cost &gt; Specialization: Moderate importance (3)" in shown
    assert "Cost matters about 1.3 times as much as Specialization" in shown
    assert 'The nearest value on the scale: <strong class="suggested">Equal importance' in shown
    assert 'name="row" value="specialization"' in shown
    assert 'name="column" value="cost"' in shown


def test_revising_takes_the_suggested_value_and_is_recorded(room: Room) -> None:
    page = room.link("puno-chamber-juliaca")
    csrf = csrf_of(room.client.get(page).text)
    form = {"csrf": csrf, "action": "revise", "row": "specialization", "column": "cost"}
    done = room.client.post(f"{page}/decision", data={**form, "side": "equal"})
    assert done.status_code == 303
    participant = _participant(room, "puno-chamber-juliaca")
    sheet = room.workshop.shared.store.sheet(participant)
    assert sheet.answers[Pair("specialization", "cost")] == 1.0
    (record,) = room.workshop.shared.store.decisions(participant)
    assert not record.kept and record.given == pytest.approx(1 / 3) and record.value == 1.0
    assert record.ratio_after < record.ratio_before
    # the same decision sent again names a judgment that is no longer the worst
    again = room.client.post(f"{page}/decision", data={**form, "side": "equal"})
    assert again.status_code == 409
    assert "changed since this page was drawn" in _plain(again)


def test_keeping_is_recorded_and_the_hint_gives_way_to_a_note(room: Room) -> None:
    shown = room.answer_all("cusco-chamber-of-commerce", JULIACA)
    csrf = csrf_of(shown)
    page = room.link("cusco-chamber-of-commerce")
    form = {"csrf": csrf, "action": "keep", "row": "specialization", "column": "cost"}
    assert room.client.post(f"{page}/decision", data=form).status_code == 303
    after = room.client.get(page).text
    assert "Some answers contradict each other" not in after
    assert "You kept your answers as they are (consistency ratio 0.155)" in after
    (record,) = room.workshop.shared.store.decisions(
        _participant(room, "cusco-chamber-of-commerce")
    )
    assert record.kept and record.value == pytest.approx(1 / 3)


def test_dont_know_is_saved_and_the_weights_still_come(room: Room) -> None:
    page = room.link("cusco-inia")
    csrf = csrf_of(room.client.get(page).text)
    skip = {"csrf": csrf, "pair": "1", "action": "skip"}
    assert room.client.post(f"{page}/answer", data=skip).status_code == 303
    for number, (side, strength) in enumerate(CONSISTENT[1:], start=2):
        room.client.post(f"{page}/answer", data=answer_form(csrf, number, side, strength))
    shown = room.client.get(page).text
    assert "5 of 6 answered · 1 don&#39;t know" in shown
    assert "Every question answered" in shown
    assert "not linked yet" not in shown  # the other five answers link every criterion
    assert "44.4%" in shown  # specialization 4/9 from the five consistent answers given


def test_a_comment_is_kept_with_its_judgment_and_shown_as_text(room: Room) -> None:
    page = room.link("cusco-coffee-cooperatives")
    csrf = csrf_of(room.client.get(page).text)
    form = answer_form(csrf, 1, "column", 2)
    form["comment"] = "Diversify <b>now</b>\nline two"
    room.client.post(f"{page}/answer", data=form)
    shown = room.client.get(f"{page}?pair=1").text
    assert "Diversify &lt;b&gt;now&lt;/b&gt;\nline two</textarea>" in shown
    planner = room.client.get(room.planner).text
    assert "Diversify &lt;b&gt;now&lt;/b&gt;" in planner and "<b>now</b>" not in planner


def test_a_name_with_html_is_shown_as_text(room: Room) -> None:
    page = room.client.get(room.link("puno-senati")).text
    escaped = "SENATI &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Puno&#34;"
    assert escaped in page
    assert "<script>alert" not in page
    assert escaped in room.client.get(room.planner).text
    assert HOSTILE not in room.client.get(room.planner).text


def test_a_contradiction_is_flagged_before_every_pair_is_answered(tmp_path: Path) -> None:
    inputs = data_set(tmp_path)
    workshop = open_workshop(inputs)
    early = f"/s/{workshop.opening.participants['puno-una']}"
    gaps = f"/s/{workshop.opening.participants['puno-senati']}"
    with (
        serve_in_thread(create_app(workshop.shared)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        csrf = csrf_of(client.get(early).text)
        # specialization 9 × diversification, diversification 9 × global context, yet global
        # context 9 × specialization: a cycle that contradicts itself, cost not asked yet
        for number, side in ((1, "row"), (2, "column"), (4, "row")):
            client.post(f"{early}/answer", data=answer_form(csrf, number, side, 9))
        shown = client.get(early).text
        assert "3 of 6 answered" in shown
        assert "Some answers contradict each other" in shown
        hint = shown[shown.index('id="hint"') : shown.index("</section>")]
        assert "Consistency ratio 6.130, above 0.10." in hint  # the three answers' CR (core)
        assert "Specialization &gt; Diversification: Extreme importance (9)" in hint
        assert 'name="row" value="specialization"' in hint
        assert 'name="column" value="diversification"' in hint
        # "don't know" to every pair with cost: cost is linked to nothing
        csrf = csrf_of(client.get(gaps).text)
        for number in range(1, 7):
            if number in (3, 5, 6):
                form = {"csrf": csrf, "pair": str(number), "action": "skip"}
            else:
                form = answer_form(csrf, number, "row", 2)
            client.post(f"{gaps}/answer", data=form)
        done = client.get(gaps).text
        assert "Answering 1 more would link every criterion:" in done
        assert re.search(r'href="/s/[^"]+\?pair=3" data-pair>Specialization · Cost</a>', done)
        planner = client.get(f"/p/{workshop.opening.planner}").text
        assert "Not counted yet" in planner and "Alpaca breeders" in planner


def test_each_criterion_says_what_weighing_it_more_means(room: Room) -> None:
    """A phone shows, under each side of the question, the criterion's description from the
    data set: for cost, that weighing it more favours cheaper projects (English and Spanish)."""
    page = room.link("cusco-unsaac")
    first = room.client.get(f"{page}?pair=1").text
    assert "Modernise and add value to the region&#39;s current niches" in first
    assert "Discover new niches in the same activity" in first
    with_cost = room.client.get(f"{page}?pair=3").text
    assert "Cost" in with_cost and "favours cheaper projects" in with_cost
    spanish = room.client.get(f"{page}?pair=3&lang=es").text
    assert "favorece proyectos más baratos" in spanish


def test_the_page_speaks_spanish_when_asked(room: Room) -> None:
    spanish = room.client.get(room.link("puno-una"), headers={"accept-language": "es-PE,es;q=0.9"})
    assert "¿qué importa más?" in spanish.text and 'lang="es"' in spanish.text
    switched = room.client.get(f"{room.link('puno-una')}?lang=en")
    assert "which matters more?" in switched.text
    assert switched.cookies.get("lang") == "en"


def _row(page: str, name: str) -> str:
    """The row of the planner's stakeholder table that names `name`."""
    found = re.search(rf'<tr>\s*<td><span class="who">{re.escape(name)}.*?</tr>', page, re.S)
    assert found is not None, f"no row for {name}"
    return found.group(0)


def test_the_state_check_in_marks_the_page_open(room: Room) -> None:
    reply = room.client.get(f"{room.link('puno-una')}/state")
    assert reply.status_code == 200 and reply.json() == {"version": 0}
    # INIA's page was last seen five minutes ago; Cusco's government never opened its link
    database = room.inputs / "workshop.sqlite"
    earlier = (now() - timedelta(minutes=5)).isoformat(sep=" ")
    with sqlite3.connect(database) as db:
        db.execute(
            "update participants set last_seen_at = ? where stakeholder = 'cusco-inia'",
            (earlier,),
        )
    planner = room.client.get(room.planner).text
    assert '<span class="dot on"></span> online' in _row(
        planner, "National University of the Altiplano"
    )
    assert "page closed (seen 5 min ago)" in _row(planner, "National Institute of Agricultural")
    never = _row(planner, "Regional Government of Cusco")
    assert "link not opened yet" in never and "no answer yet" in never
    # progress, the time of the last answer and the CR, row by row
    juliaca = _row(planner, "Chamber of Commerce and Production of Juliaca")
    assert "6/6" in juliaca and "last answer just now" in juliaca
    assert '<td class="num">0.027</td>' in juliaca  # revised
    chamber = _row(planner, "Cusco Chamber of Commerce")
    assert '<td class="num warn">0.155 <small>kept</small>' in chamber  # kept above 0.10
    inia = _row(planner, "National Institute of Agricultural")
    assert "5/6" in inia and "+1 don&#39;t know" in inia


# -- the planner --------------------------------------------------------------------------------
def test_the_planner_sees_progress_weights_and_the_portfolio(room: Room) -> None:
    page = room.client.get(room.planner)
    assert page.status_code == 200
    text = page.text
    assert "Cusco Chamber of Commerce" in text
    assert "6/6" in text and "0/6" in text
    assert "CR of the group matrix" in text
    assert "Portfolio within S/ 1,200,000" in text and "Portfolio within S/ 1,000,000" in text
    assert "From the workshop&#39;s answers" in text
    # Cusco's chamber and INIA count: their consensus (Goepel's S*) with its verbal band
    assert re.search(r"Consensus S\* \d+\.\d%: (very low|low|moderate|high|very high)", text)
    assert "Consensus without them" in text


def test_another_budget_is_recomputed(room: Room) -> None:
    smaller = room.client.get(room.planner, params={"budget_puno": "300000"}).text
    assert "Portfolio within S/ 300,000" in smaller
    spent = re.search(r"Portfolio within S/ 300,000: S/ ([\d,]+) spent", smaller)
    assert spent is not None and int(spent.group(1).replace(",", "")) <= 300_000
    refused = room.client.get(room.planner, params={"budget_puno": "lots"})
    assert "The budget for puno must be a whole number" in _plain(refused)
    negative = room.client.get(room.planner, params={"budget_cusco": "-5"})
    assert negative.status_code == 422


def test_hiding_names_hides_them_in_the_group_views(room: Room) -> None:
    csrf = csrf_of(room.client.get(room.planner).text)
    form = {"csrf": csrf, "hide": "true"}
    assert room.client.post(f"{room.planner}/names", data=form).status_code == 303
    hidden = room.client.get(room.planner).text
    assert "Chamber of Commerce and Production of Juliaca" not in hidden
    assert "Participant 9" in hidden
    room.client.post(f"{room.planner}/names", data={"csrf": csrf, "hide": "false"})
    assert "Chamber of Commerce and Production of Juliaca" in room.client.get(room.planner).text


def test_a_new_link_replaces_the_old_one(room: Room) -> None:
    old = room.link("cusco-regional-government")
    links = room.client.get(f"{room.planner}/links").text
    csrf = csrf_of(links)
    form = {"csrf": csrf, "stakeholder": "cusco-regional-government", "action": "new"}
    asked = room.client.post(f"{room.planner}/links", data=form)  # their link works: asked first
    assert asked.status_code == 200 and "<svg" not in asked.text
    assert "(Economic Development) already has a working link" in asked.text
    assert 'name="confirm" value="true"' in asked.text and 'value="new"' in asked.text
    assert room.client.get(old).status_code == 200  # nothing changed yet
    made = room.client.post(f"{room.planner}/links", data={**form, "confirm": "true"})
    assert made.status_code == 200 and "<svg" in made.text
    new = re.search(r'href="http://127.0.0.1:\d+(/s/[A-Za-z0-9_-]{43})"', made.text)
    assert new is not None
    assert room.client.get(old).status_code == 404
    assert room.client.get(new.group(1)).status_code == 200
    revoke = {**form, "action": "revoke"}
    asked = room.client.post(f"{room.planner}/links", data=revoke)
    assert asked.status_code == 200 and "Revoke Regional Government of Cusco (Eco" in asked.text
    assert room.client.get(new.group(1)).status_code == 200  # still works until confirmed
    confirmed = {**revoke, "confirm": "true"}
    assert room.client.post(f"{room.planner}/links", data=confirmed).status_code == 303
    assert room.client.get(new.group(1)).status_code == 404
    listed = room.client.get(f"{room.planner}/links").text
    entry = listed[listed.index("Regional Government of Cusco") :]
    assert entry.index("no working link (revoked)") < entry.index("</li>")
    assert 'value="revoke"' not in entry[: entry.index("</li>")]  # nothing left to revoke
    again = room.client.post(f"{room.planner}/links", data=form)  # no working link: at once
    assert again.status_code == 200 and "<svg" in again.text
    spanish = room.client.post(f"{room.planner}/links?lang=es", data=revoke)
    assert "¿Revocar el enlace de" in spanish.text and "Cancelar" in spanish.text
    room.client.get(f"{room.planner}/links?lang=en")  # the shared client speaks English again


# -- refusals -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/s/" + "A" * 43,
        "/s/short",
        "/s/" + "é" * 43,
        "/p/" + "A" * 43,
        "/s/" + "A" * 43 + "/state",
        "/nowhere",
    ],
)
def test_an_unknown_link_is_a_plain_404(room: Room, path: str) -> None:
    reply = room.client.get(path)
    assert reply.status_code == 404
    assert "This link is not valid, or no longer" in _plain(reply) or "/nowhere" in path


def test_each_token_opens_its_own_pages_only(room: Room) -> None:
    stakeholder = room.workshop.opening.participants["puno-una"]
    planner = room.workshop.opening.planner
    assert room.client.get(f"/p/{stakeholder}").status_code == 404
    assert room.client.get(f"/s/{planner}").status_code == 404
    # another stakeholder's anti-forgery token does not let a page change this one's answers
    theirs = csrf_of(room.client.get(room.link("puno-una")).text)
    forged = room.client.post(
        f"{room.link('puno-regional-government')}/answer", data=answer_form(theirs, 1, "row", 2)
    )
    assert forged.status_code == 403
    sheet = room.workshop.shared.store.sheet(_participant(room, "puno-regional-government"))
    assert sheet.answers == {}


def test_forms_from_elsewhere_are_refused(room: Room) -> None:
    page = room.link("puno-regional-government")
    csrf = csrf_of(room.client.get(page).text)
    form = answer_form(csrf, 1, "row", 2)
    for headers in ({"sec-fetch-site": "cross-site"}, {"origin": "http://evil.example"}):
        refused = room.client.post(f"{page}/answer", data=form, headers=headers)
        assert "This form did not come from this page" in _plain(refused)
        assert refused.status_code == 403
    assert room.client.post(f"{page}/answer", data={**form, "csrf": "0" * 64}).status_code == 403
    missing = {k: v for k, v in form.items() if k != "csrf"}
    assert "csrf is missing" in _plain(room.client.post(f"{page}/answer", data=missing))
    assert (
        room.workshop.shared.store.sheet(_participant(room, "puno-regional-government")).answers
        == {}
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pair": "0"}, "pair is out of range"),
        ({"pair": "7"}, "There is no such question (there are 6)."),
        ({"pair": "x"}, "pair is not a whole number"),
        ({"side": "both"}, "side is not one of the choices"),
        ({"strength": "10"}, "Choose how much more it matters."),
        ({"strength": None}, "Choose how much more it matters."),
        ({"side": None}, "Choose which matters more"),
        ({"action": "drop"}, "action is not one of the choices"),
        ({"comment": "x" * 1001}, "comment is too long"),
        ({"comment": "bell\x07"}, "comment is not valid"),
        ({"extra": "1"}, "extra is not valid"),
    ],
)
def test_bad_fields_are_a_422_that_says_which(
    room: Room, change: dict[str, str | None], message: str
) -> None:
    page = room.link("puno-alpaca-breeders")
    csrf = csrf_of(room.client.get(page).text)
    form: dict[str, str | None] = {**answer_form(csrf, 1, "row", 3), **change}
    sent = {k: v for k, v in form.items() if v is not None}
    reply = room.client.post(f"{page}/answer", data=sent)
    assert reply.status_code == 422
    assert message in _plain(reply)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b'{"pair": 1}', "application/json"),
        (b"--x\r\nnot multipart", "multipart/form-data; boundary=x"),
        (b"", "text/plain"),
        (b"%%%%=%%%", "application/x-www-form-urlencoded"),
    ],
)
def test_garbled_bodies_are_refused_plainly(room: Room, body: bytes, content_type: str) -> None:
    page = room.link("puno-alpaca-breeders")
    reply = room.client.post(f"{page}/answer", content=body, headers={"content-type": content_type})
    _plain(reply)


def test_an_oversized_body_is_a_413(room: Room) -> None:
    page = room.link("puno-alpaca-breeders")
    form = {"content-type": "application/x-www-form-urlencoded"}
    reply = room.client.post(f"{page}/answer", content=b"a=" + b"x" * 20_000, headers=form)
    assert reply.status_code == 413
    assert "too large" in _plain(reply)

    def chunks() -> Iterator[bytes]:  # no declared length: counted as it arrives
        for _ in range(40):
            yield b"x" * 1000

    streamed = room.client.post(f"{page}/answer", content=chunks(), headers=form)
    assert streamed.status_code == 413


def test_wrong_methods_are_refused(room: Room) -> None:
    assert room.client.put(room.link("puno-una")).status_code == 405
    assert room.client.get(f"{room.link('puno-una')}/answer").status_code == 405


def test_tokens_are_stored_only_as_digests(room: Room) -> None:
    database = room.inputs / "workshop.sqlite"
    with sqlite3.connect(database) as db:
        stored = " ".join(str(row) for row in db.execute("select * from tokens"))
    for token in room.workshop.opening.participants.values():
        assert token not in stored
    assert room.workshop.opening.planner not in stored


def _participant(room: Room, stakeholder: str) -> int:
    shared = room.workshop.shared
    return next(
        p.id for p in shared.store.participants(shared.workshop_id) if p.stakeholder == stakeholder
    )


def test_a_stakeholder_removed_from_the_data_set_no_longer_takes_part(tmp_path: Path) -> None:
    inputs = data_set(tmp_path)
    first = open_workshop(inputs)
    gone = first.opening.participants["puno-senati"]
    puno = inputs / "inputs" / "regions" / "puno" / "stakeholders.yaml"
    text = puno.read_text(encoding="utf-8")
    puno.write_text(text[: text.index("  - id: puno-senati")], encoding="utf-8")
    again = open_workshop(inputs)  # the server restarted on the edited data set
    assert again.opening.participants == {}
    with (
        serve_in_thread(create_app(again.shared)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        assert client.get(f"/s/{gone}").status_code == 404
        planner = client.get(f"/p/{first.opening.planner}")
        assert planner.status_code == 200 and "SENATI" not in planner.text
        assert "SENATI" not in client.get(f"/p/{first.opening.planner}/links").text


# Two camps in Puno: the government and UNA put specialization first, the alpaca breeders and
# Juliaca's chamber diversification (each pair of answers nearly the same).
SPECIALIZE = [("row", 3), ("row", 3), ("row", 5), ("equal", None), ("row", 2), ("row", 2)]
SPECIALIZE_TOO = [("row", 2), ("row", 3), ("row", 4), ("equal", None), ("row", 2), ("row", 2)]
DIVERSIFY = [("column", 3), ("equal", None), ("row", 2), ("row", 3), ("row", 5), ("row", 2)]
DIVERSIFY_TOO = [("column", 4), ("equal", None), ("row", 2), ("row", 3), ("row", 4), ("row", 2)]
CAMPS = {
    "puno-regional-government": SPECIALIZE,
    "puno-una": SPECIALIZE_TOO,
    "puno-alpaca-breeders": DIVERSIFY,
    "puno-chamber-juliaca": DIVERSIFY_TOO,
}
PUNO_NAMES = {
    "puno-regional-government": "Regional Government of Puno (Economic Development)",
    "puno-una": "National University of the Altiplano (UNA Puno)",
    "puno-alpaca-breeders": "Alpaca breeders and producer associations of Puno",
    "puno-chamber-juliaca": "Chamber of Commerce and Production of Juliaca",
}


def _weights_rows(page: str, region: str) -> dict[str, list[str]]:
    """The cells of a region's group weights table, by the name heading each row."""
    start = page.index(f"<h3>{region} <small>")
    table = page[start : page.index("</table>", start)]
    rows = re.findall(r'<tr(?: class="\w+")?><th class="sticky">(.*?)</th>(.*?)</tr>', table)
    return {name: re.findall(r"<td[^>]*>(.*?)</td>", cells) for name, cells in rows}


def _percent(cell: str) -> float:
    return float(cell.rstrip("%"))


def test_the_planner_sees_influence_sub_groups_and_either_aggregation(tmp_path: Path) -> None:
    workshop = open_workshop(data_set(tmp_path))
    planner = f"/p/{workshop.opening.planner}"
    with (
        serve_in_thread(create_app(workshop.shared)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        for stakeholder, answers in CAMPS.items():
            link = f"/s/{workshop.opening.participants[stakeholder]}"
            csrf = csrf_of(client.get(link).text)
            for number, (side, strength) in enumerate(answers, start=1):
                form = answer_form(csrf, number, side, strength)
                assert client.post(f"{link}/answer", data=form).status_code == 303

        # by default, sub-groups must agree more closely than the whole region does
        page = client.get(planner).text
        puno = page[page.index("<h3>Puno <small>") :]
        whole = re.search(r"Consensus S\* ([\d.]+)%: high", puno)
        assert whole is not None and 75 < float(whole.group(1)) < 85
        assert "closely than the whole group (consensus at least 85.0%)" in puno
        subgroups = re.findall(r"<li><strong>([AB])</strong>: (.*?) — consensus", puno)
        assert subgroups == [
            ("A", f"{PUNO_NAMES['puno-regional-government']}, {PUNO_NAMES['puno-una']}"),
            (
                "B",
                f"{PUNO_NAMES['puno-alpaca-breeders']}, {PUNO_NAMES['puno-chamber-juliaca']}",
            ),
        ]
        rows = _weights_rows(page, "Puno")
        letters = {s: rows[name][-1] for s, name in PUNO_NAMES.items()}
        assert letters == {
            "puno-regional-government": "A",
            "puno-una": "A",
            "puno-alpaca-breeders": "B",
            "puno-chamber-juliaca": "B",
        }
        # influence 1.5 against 1.0 for each of the three others: a third of the group
        influence = {s: rows[name][0] for s, name in PUNO_NAMES.items()}
        assert influence["puno-regional-government"] == "33.3%"
        assert {influence[s] for s in CAMPS if s != "puno-regional-government"} == {"22.2%"}
        assert "very high (85–100%)" in page  # the verbal scale, band by band

        # at 75% the four agree enough to be one group: said in words, not as one "sub-group"
        low = client.get(planner, params={"subgroups": "75"}).text
        low_puno = low[low.index("<h3>Puno <small>") :]
        assert "Everyone counted agrees at 75.0% or more" in low_puno
        assert '<option value="75" selected>' in low
        assert set(_weights_rows(low, "Puno")[PUNO_NAMES["puno-una"]][-1:]) == {"—"}
        refused = client.get(planner, params={"subgroups": "60"})
        assert "subgroups is not one of the choices" in _plain(refused)
        # the page's choices are the levels the group is computed at (blank: automatic)
        choices = get_args(PanelParams.model_fields["subgroups"].annotation)
        assert choices == ("", *(str(level) for level in SUBGROUP_LEVELS))
        automatic = client.get(planner, params={"subgroups": "", "agg": "aij"}).text
        assert "closely than the whole group (consensus at least 85.0%)" in automatic

        # AIP: the group's weights are the influence-weighted mean of each one's priorities
        aip = client.get(planner, params={"agg": "aip"}).text
        assert '<option value="aip" selected>' in aip
        aip_rows = _weights_rows(aip, "Puno")
        shares = {name: _percent(aip_rows[name][0]) / 100 for name in PUNO_NAMES.values()}
        for column in range(1, 5):
            mean = sum(share * _percent(aip_rows[name][column]) for name, share in shares.items())
            assert _percent(aip_rows["Group"][column]) == pytest.approx(mean, abs=0.2)
        assert aip_rows["Group"] != rows["Group"]  # AIJ aggregates the judgments instead

        # names hidden: the sub-groups speak of participants too, numbered as in the table
        csrf = csrf_of(page)
        form = {"csrf": csrf, "hide": "true"}
        hidden = client.post(f"{planner}/names?agg=aip&subgroups=90", data=form)
        assert hidden.status_code == 303
        assert hidden.headers["location"] == f"{planner}?agg=aip&subgroups=90"
        anonymous = client.get(hidden.headers["location"]).text
        assert all(name not in anonymous for name in PUNO_NAMES.values())
        assert "<strong>A</strong>: Participant 6, Participant 7 — consensus" in anonymous
