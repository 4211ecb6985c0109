"""`prioritizer serve` as a real process: every answer the server acknowledged is still there after
it is killed mid-session and started again on the same database, the old links still work, and
the command says what it does (links, QR codes, the warning off localhost, a busy port)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import httpx

from prioritizer.core.elicit import Pair
from prioritizer.web.server import existing_workshop
from tests.conftest import Run
from tests.web_support import ROOT, answer_form, csrf_of, data_set, free_port, start_server

PAIRS = [
    Pair("specialization", "diversification"),
    Pair("specialization", "global-context"),
    Pair("specialization", "cost"),
    Pair("diversification", "global-context"),
    Pair("diversification", "cost"),
    Pair("global-context", "cost"),
]


def test_a_killed_server_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    inputs = data_set(tmp_path)
    server = start_server(inputs, free_port())
    links = server.stakeholders
    acknowledged: dict[tuple[str, int], float] = {}
    enough = threading.Event()
    with httpx.Client(timeout=10) as client:
        forms = {who: csrf_of(client.get(url).text) for who, url in links.items()}

        def answer() -> None:
            for number in range(1, len(PAIRS) + 1):
                for who, url in links.items():
                    strength = 2 + (number + len(who)) % 8
                    form = answer_form(forms[who], number, "row", strength)
                    try:
                        reply = client.post(f"{url}/answer", data=form, follow_redirects=False)
                    except httpx.TransportError:
                        return  # the server is gone: this answer was never acknowledged
                    if reply.status_code == 303:
                        acknowledged[(who, number)] = float(strength)
                    if len(acknowledged) >= 25:
                        enough.set()

        poster = threading.Thread(target=answer)
        poster.start()
        assert enough.wait(timeout=60), "the answers did not come in"
        server.stop(signal.SIGKILL)  # mid-session, as a crash or a pulled plug would
        poster.join(timeout=30)
    assert server.process.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 25
    assert "Warning" not in server.stderr[-1]  # on localhost: nothing to warn about

    again = start_server(inputs, free_port())
    try:
        assert again.planner is None and again.stakeholders == {}  # no new links: same workshop
        shared = existing_workshop(inputs, db=None).shared
        ids = {p.stakeholder: p.id for p in shared.store.participants(shared.workshop_id)}
        sheets = shared.store.sheets(list(ids.values()))
        for (who, number), value in acknowledged.items():
            assert sheets[ids[who]].answers[PAIRS[number - 1]] == value, (who, number)
        # the links printed before the crash open the same pages on the new server
        who = next(iter(links))
        port = again.url.rsplit(":", 1)[1]
        old = links[who].replace(server.url, f"http://127.0.0.1:{port}")
        page = httpx.get(old, timeout=10)
        answered = len(sheets[ids[who]].answers)
        assert page.status_code == 200 and f"{answered} of 6 answered" in page.text
    finally:
        again.stop()


def test_off_localhost_it_warns_and_prints_reachable_links_and_qr_codes(tmp_path: Path) -> None:
    inputs = data_set(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": ""}
    command = [sys.executable, "-m", "prioritizer", "serve", "--inputs", str(inputs)]
    process = subprocess.Popen(
        [*command, "--host", "0.0.0.0", "--port", str(free_port()), "--qr"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Serving the workshop at"):
            break
    process.terminate()
    _, warning = process.communicate(timeout=15)
    text = "".join(lines)
    assert "Warning: listening on 0.0.0.0" in warning
    assert "unencrypted (http)" in warning
    assert text.startswith("Planner (keep this link to yourself): http://")
    assert "0.0.0.0" not in text  # the links use an address a phone can reach
    assert text.count("/s/") == 10 and "▄" in text and "█" in text
    assert "National University of the Altiplano (UNA Puno): http://" in text


def test_refusals_before_serving(cli: Callable[..., Run], data_copy: Path) -> None:
    embedded = cli("serve")
    assert embedded.code == 2 and "the embedded data set, which is never changed" in embedded.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        taken = cli("serve", "--inputs", str(data_copy), "--port", str(port))
    assert taken.code == 2 and "--port" in taken.stderr and "a free port" in taken.stderr
    assert not (data_copy / "workshop.sqlite").exists()  # nothing made before the port is known
    wrong = cli("serve", "--inputs", str(data_copy), "--region", "lima")
    assert wrong.code == 2 and "one of the regions of the data set" in wrong.stderr
    ssl = cli("serve", "--inputs", str(data_copy), "--ssl-certfile", "c.pem")
    assert ssl.code == 2 and "both --ssl-certfile and --ssl-keyfile" in ssl.stderr
    spanish = cli("serve", env={"PRIORITIZER_LANG": "es"})
    assert "el conjunto de datos incluido" in spanish.stderr


def test_workshop_links_renews_and_revokes_while_serving(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    inputs = data_set(tmp_path)
    server = start_server(inputs, free_port())
    try:
        assert server.planner is not None
        port = server.url.rsplit(":", 1)[1]
        una, senati = server.stakeholders["puno-una"], server.stakeholders["puno-senati"]
        args = ("workshop", "links", "--inputs", str(inputs), "--port", port, "--json")

        renewed = cli(*args, "--stakeholder", "puno-una", "--planner")
        assert renewed.code == 0, renewed.stderr
        made = json.loads(renewed.stdout)
        assert made["revoked"] == [] and set(made["links"]) == {"planner", "puno-una"}
        assert httpx.get(una, timeout=10).status_code == 404  # the old link stops at once
        assert httpx.get(made["links"]["puno-una"], timeout=10).status_code == 200
        assert httpx.get(server.planner, timeout=10).status_code == 404
        planner = made["links"]["planner"]
        assert httpx.get(planner, timeout=10).status_code == 200

        revoked = cli(*args[:-1], "--revoke", "puno-senati", "--revoke", "puno-una")
        assert revoked.code == 0, revoked.stderr
        assert "puno-senati: link revoked (it no longer opens the page" in revoked.stdout
        assert "/s/" not in revoked.stdout  # no new link in their place
        for gone in (senati, made["links"]["puno-una"]):
            assert httpx.get(gone, timeout=10).status_code == 404
        links_page = httpx.get(f"{planner}/links", timeout=10).text
        assert links_page.count("no working link (revoked)") == 2
        assert links_page.count("link active") == 8

        unknown = cli(*args, "--revoke", "puno-nobody")
        assert unknown.code == 2 and "--revoke" in unknown.stderr
        assert "a stakeholder of the data set" in unknown.stderr
        both = cli(*args, "--revoke", "puno-una", "--stakeholder", "puno-una")
        assert both.code == 2 and "a stakeholder not also given a new link" in both.stderr
        nothing = cli(*args)
        assert nothing.code == 2 and "--revoke ID" in nothing.stderr
        spanish = cli(*args[:-1], "--revoke", "puno-una", env={"PRIORITIZER_LANG": "es"})
        assert spanish.code == 0 and "puno-una: enlace revocado" in spanish.stdout
    finally:
        server.stop()
