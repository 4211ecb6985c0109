"""The workshop database: the migrations build exactly the tables the models describe, SQLite
is set up to keep a committed answer through a crash, many writers at once lose nothing, and
links are stored as digests, revocable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from prioritizer.core.elicit import Pair
from prioritizer.errors import InputError
from prioritizer.web.db import migrate, open_engine
from prioritizer.web.models import Base
from prioritizer.web.store import Store
from prioritizer.web.tokens import csrf_token, csrf_valid, digest, new_token, well_formed
from tests.web_support import all_at_once

PAIRS = [
    Pair("specialization", "diversification"),
    Pair("specialization", "global-context"),
    Pair("specialization", "cost"),
    Pair("diversification", "global-context"),
    Pair("diversification", "cost"),
    Pair("global-context", "cost"),
]


def _store(folder: Path) -> Store:
    engine = open_engine(f"sqlite:///{folder / 'w.sqlite'}")
    migrate(engine)
    return Store(engine)


def test_the_migrations_build_the_models_tables(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    migrate(engine)
    migrate(engine)  # at the newest schema already: nothing to do
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        tables = set(inspect(connection).get_table_names())
        version = connection.exec_driver_sql("select version_num from alembic_version").scalar()
    assert tables == {"workshops", "participants", "tokens", "answers", "events", "alembic_version"}
    assert version == "0001"


def test_sqlite_keeps_commits_through_a_crash(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("pragma synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("pragma foreign_keys").scalar() == 1


def test_a_url_that_is_no_database_is_named() -> None:
    with pytest.raises(InputError) as caught:
        open_engine("not a url")
    assert "--db" in str(caught.value)


def test_a_postgresql_url_without_its_driver_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as after a plain `pip install .`
    with pytest.raises(InputError) as caught:
        open_engine("postgresql://workshop@db.example.pe/taller")
    message = caught.value.message("en")
    assert "--db" in message and "pip install 'prioritizer[postgres]'" in message
    assert "needs psycopg" in message


def test_opening_twice_adds_only_new_participants(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = store.open("w", [("puno", "a"), ("puno", "b")])
    assert first.planner is not None and set(first.participants) == {"a", "b"}
    again = store.open("w", [("puno", "a"), ("puno", "b"), ("cusco", "c")])
    assert again.workshop_id == first.workshop_id
    assert again.planner is None and set(again.participants) == {"c"}
    for token in first.participants.values():
        assert store.access(token) is not None  # the old links still open their pages


def test_links_are_digests_and_revocable(tmp_path: Path) -> None:
    store = _store(tmp_path)
    opened = store.open("w", [("puno", "a")])
    token = opened.participants["a"]
    access = store.access(token)
    assert access is not None and access.participant is not None
    assert access.digest == digest(token) and access.digest != token
    assert store.access(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    store.revoke(opened.workshop_id, "a")
    assert store.access(token) is None
    fresh = store.reissue(opened.workshop_id, "a")
    assert store.access(fresh) is not None and fresh != token
    assert opened.planner is not None
    planner = store.access(opened.planner)
    assert planner is not None and planner.participant is None


def test_tokens_are_unguessable_and_forms_bound_to_them() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100 and all(well_formed(t) for t in tokens)
    assert not well_formed("short") and not well_formed("A" * 42 + "!")
    secret = "ab" * 32
    mine, theirs = digest(new_token()), digest(new_token())
    assert csrf_valid(secret, mine, csrf_token(secret, mine))
    assert not csrf_valid(secret, mine, csrf_token(secret, theirs))
    assert not csrf_valid(secret, mine, None)


def test_answers_changes_and_dont_know_are_kept_and_logged(tmp_path: Path) -> None:
    store = _store(tmp_path)
    opened = store.open("w", [("puno", "a")])
    person = store.participants(opened.workshop_id)[0]
    store.record_answer(person.id, PAIRS[0], 3.0, "because")
    store.record_answer(person.id, PAIRS[0], 0.5, None)
    store.record_answer(person.id, PAIRS[1], None, "no idea")
    sheet = store.sheet(person.id)
    assert sheet.answers == {PAIRS[0]: 0.5}
    assert sheet.skipped == {PAIRS[1]}
    assert sheet.comments == {PAIRS[1]: "no idea"}
    assert store.participants(opened.workshop_id)[0].answers_version == 3
    assert store.revision(opened.workshop_id) == 3


def test_thirty_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    people = [("puno", f"p{i}") for i in range(30)]
    opened = store.open("w", people)
    ids = [p.id for p in store.participants(opened.workshop_id)]

    def answer(participant: int) -> None:
        for number, pair in enumerate(PAIRS, start=1):
            store.record_answer(participant, pair, float(number), None)

    all_at_once(ids, answer)
    sheets = store.sheets(ids)
    assert all(len(sheets[pid].answers) == len(PAIRS) for pid in ids)
    assert store.revision(opened.workshop_id) == 30 * len(PAIRS)
