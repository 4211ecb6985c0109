"""The workshop database: an engine for a SQLite file (the default, beside the data set) or any
SQLAlchemy URL (PostgreSQL for a ministry that hosts it centrally), brought to the newest schema
by the Alembic migrations shipped in the package.

SQLite is set up so that a committed answer survives a killed server and a power cut (write-ahead
log, synchronous=FULL) and so that writers queue instead of failing (`BEGIN IMMEDIATE` and a busy
timeout): the app's writes are short, so 30 phones answering at once wait milliseconds.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from prioritizer.errors import InputError
from prioritizer.phrases import phrase

DEFAULT_FILE = "workshop.sqlite"
"""The database file `serve` keeps beside the data set when no --db is given."""
_BUSY_MS = 30_000


def default_url(folder: Path) -> str:
    """The SQLite database beside a data set folder."""
    return f"sqlite:///{(folder / DEFAULT_FILE).resolve()}"


def open_engine(url: str) -> Engine:
    """An engine for `url` (SQLite or PostgreSQL, the two the store's upserts are written for);
    any other URL is an InputError naming --db."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            "--db",
            expected=phrase("a database URL such as sqlite:///workshop.sqlite"),
            got=url,
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise InputError(
            "--db",
            expected=phrase("a sqlite:// or postgresql:// database URL"),
            got=url,
        )
    try:
        if backend == "postgresql":
            return create_engine(parsed, pool_pre_ping=True)
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": _BUSY_MS / 1000},
            pool_size=8,
            max_overflow=32,
        )
    except ImportError as error:  # the URL's driver is not installed
        raise InputError(
            "--db",
            expected=phrase(
                "a database driver that is installed (for PostgreSQL: pip install "
                "'prioritizer[postgres]')"
            ),
            got=phrase("{url} needs {module}", url=url, module=error.name or str(error)),
        ) from None
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(connection: Any, _record: Any) -> None:
    """WAL, full sync, foreign keys; transactions begun by `_sqlite_begin`, not by pysqlite."""
    connection.isolation_level = None
    cursor = connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        f"busy_timeout={_BUSY_MS}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Writers take the write lock when they begin (BEGIN IMMEDIATE), so two writers queue on the
    busy timeout instead of one failing when it upgrades a read lock."""
    writing = connection.get_execution_options().get("writing", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def sessions(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """Session factories for reading and for writing (the latter begins immediately)."""
    reading = sessionmaker(engine, expire_on_commit=False)
    writing = sessionmaker(engine.execution_options(writing=True), expire_on_commit=False)
    return reading, writing


def migrate(engine: Engine) -> None:
    """Brings the database to the newest schema (a no-op when it is there already)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    folder = resources.files("prioritizer.web") / "migrations"
    config.set_main_option("script_location", str(folder))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
