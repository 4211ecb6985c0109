"""What the workshop app's tests share: a data set copy (one stakeholder named with a `<script>`),
the anti-forgery token of a page, Juliaca's inconsistent answers as the page asks them, and a
real server in a process of its own."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from prioritizer.resources import embedded_dir

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = 'SENATI <script>alert("x")</script> & "Puno"'
"""A stakeholder name that must stay text on every page."""
# Juliaca's judgments (CR 0.155), pair by pair in question order, as (side, strength).
JULIACA = [("column", 2), ("column", 5), ("column", 3), ("column", 2), ("row", 5), ("row", 7)]
# Consistent answers (CR < 0.10): specialization 4, diversification 2, global context 2, cost 1.
CONSISTENT = [("row", 2), ("row", 2), ("row", 4), ("equal", None), ("row", 2), ("row", 2)]


def data_set(folder: Path) -> Path:
    """A fresh editable copy of the embedded data set in `folder`, with SENATI Puno's name made
    hostile (HTML that must be shown as text)."""
    root = folder / "data"
    for kind in ("criteria", "inputs"):
        shutil.copytree(embedded_dir(kind), root / kind)
    puno = root / "inputs" / "regions" / "puno" / "stakeholders.yaml"
    text = puno.read_text(encoding="utf-8")
    old = "en: National Industrial Training Service (SENATI Puno)"
    assert old in text
    puno.write_text(text.replace(old, f"en: {json.dumps(HOSTILE)}"), encoding="utf-8")
    return root


def csrf_of(html: str) -> str:
    """The anti-forgery token in a page's forms."""
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found is not None, "no anti-forgery token on the page"
    return found.group(1)


def answer_form(csrf: str, pair: int, side: str | None, strength: int | None) -> dict[str, str]:
    """The answer form as the page sends it."""
    form = {"csrf": csrf, "pair": str(pair), "action": "save"}
    if side is not None:
        form["side"] = side
    if strength is not None:
        form["strength"] = str(strength)
    return form


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """`prioritizer serve` in a process of its own, and the links it printed (--json)."""

    process: subprocess.Popen[str]
    url: str
    planner: str | None
    stakeholders: dict[str, str]
    stderr: list[str] = field(default_factory=list)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stops the server (SIGKILL: as a crash would) and waits for it."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        assert self.process.stderr is not None
        self.stderr.append(self.process.stderr.read())
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.process.stderr.close()


def start_server(inputs: Path, port: int, *extra: str, host: str = "127.0.0.1") -> Server:
    """Starts `prioritizer serve --json` on `port` and waits until it answers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": ""}
    command = [sys.executable, "-m", "prioritizer", "serve", "--inputs", str(inputs)]
    command += ["--host", host, "--port", str(port), "--json", *extra]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("}"):
            break
    if not lines:
        assert process.stderr is not None
        raise AssertionError(f"serve printed nothing: {process.stderr.read()}")
    document = json.loads("".join(lines))
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError("the server did not start")
        time.sleep(0.1)
    return Server(process, document["url"], document["planner"], document["stakeholders"])


@contextmanager
def serve_in_thread(app: Any) -> Iterator[str]:
    """Serves `app` with uvicorn on a free port in a thread of this process (real HTTP, shared
    objects to inspect); yields the base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def all_at_once(ids: Sequence[int], write: Callable[[int], None]) -> None:
    """Runs `write(participant)` for every participant in a thread of its own, all released
    together; any write that raises fails the caller's test (a lost answer is never silent)."""
    failures: list[BaseException] = []
    start = threading.Barrier(len(ids))

    def run(participant: int) -> None:
        try:
            start.wait()
            write(participant)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(pid,)) for pid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
