"""The workshop on PostgreSQL, as a ministry hosting it centrally would run it: a throwaway
server of this machine's PostgreSQL (skipped where none is installed, but not in CI) gets the
same migrations, keeps every answer of 30 writers at once, and serves a stakeholder's session."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from prioritizer.core.elicit import Pair
from prioritizer.web.app import create_app
from prioritizer.web.db import migrate, open_engine
from prioritizer.web.models import Base
from prioritizer.web.server import open_workshop
from prioritizer.web.store import Store
from tests.web_support import (
    JULIACA,
    all_at_once,
    answer_form,
    csrf_of,
    data_set,
    free_port,
    serve_in_thread,
)


def _unavailable(reason: str) -> None:
    """Skips, or fails where PostgreSQL is required (CI installs it: a skip there would hide)."""
    if os.environ.get("PRIORITIZER_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL is required here: {reason}")
    pytest.skip(reason)


def _binaries() -> Path | None:
    """The folder of PostgreSQL's initdb and pg_ctl, if installed."""
    found = shutil.which("initdb") or next(
        iter(glob.glob("/usr/lib/postgresql/*/bin/initdb")), None
    )
    return None if found is None else Path(found).resolve().parent


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A database URL on a PostgreSQL server started for these tests (and stopped after)."""
    binaries = _binaries()
    if binaries is None:
        _unavailable("PostgreSQL is not installed here")
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if (
            shutil.which("runuser") is None
            or subprocess.run(["id", "postgres"], capture_output=True).returncode
        ):
            _unavailable("running as root without a postgres user to run PostgreSQL as")
        as_user = ["runuser", "-u", "postgres", "--"]
    # a folder the postgres user can reach (pytest's own temporary folders are private to us)
    folder = Path(tempfile.mkdtemp(prefix="prioritizer-postgres-"))
    os.chmod(folder, 0o777)
    data, port = folder / "data", free_port()
    run = {"check": True, "capture_output": True}
    subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "workshop"],
        **run,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on"
    pg_ctl = [*as_user, str(binaries / "pg_ctl"), "-D", str(data)]
    subprocess.run([*pg_ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"], **run)
    try:
        yield f"postgresql+psycopg://workshop@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_migrations_build_the_models_tables(postgres: str) -> None:
    engine = open_engine(postgres)
    migrate(engine)
    migrate(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_thirty_writers_at_once_lose_nothing(postgres: str) -> None:
    engine = open_engine(postgres)
    migrate(engine)
    store = Store(engine)
    opened = store.open("writers", [("puno", f"w{i}") for i in range(30)])
    ids = [p.id for p in store.participants(opened.workshop_id)]
    pairs = [Pair("a", "b"), Pair("a", "c"), Pair("b", "c")]

    def answer(participant: int) -> None:
        for number, pair in enumerate(pairs, start=1):
            store.record_answer(participant, pair, float(number), None)
            store.record_answer(participant, pair, float(number + 1), "again")

    all_at_once(ids, answer)
    sheets = store.sheets(ids)
    expected = {pair: float(number + 1) for number, pair in enumerate(pairs, start=1)}
    assert all(sheets[pid].answers == expected for pid in ids)
    assert all(sheets[pid].comments == dict.fromkeys(pairs, "again") for pid in ids)


def test_a_session_on_postgresql(postgres: str, tmp_path: Path) -> None:
    inputs = data_set(tmp_path)
    workshop = open_workshop(inputs, db=postgres, key="session")
    link = f"/s/{workshop.opening.participants['puno-chamber-juliaca']}"
    with (
        serve_in_thread(create_app(workshop.shared)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        csrf = csrf_of(client.get(link).text)
        for number, (side, strength) in enumerate(JULIACA, start=1):
            client.post(f"{link}/answer", data=answer_form(csrf, number, side, strength))
        assert "Some answers contradict each other" in client.get(link).text
    assert not (inputs / "workshop.sqlite").exists()
