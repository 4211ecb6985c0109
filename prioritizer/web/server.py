"""Starting a workshop: the data set loaded, the database opened and brought to the newest schema,
the workshop and its links made (or found again after a restart), and uvicorn serving the app.
The command line (`prioritizer serve`, `prioritizer workshop ...`) calls these."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from prioritizer.errors import InputError
from prioritizer.phrases import phrase
from prioritizer.web.db import DEFAULT_FILE, default_url, migrate, open_engine
from prioritizer.web.state import Shared
from prioritizer.web.store import Opening, Store
from prioritizer.web.workshop import WorkshopData

DEFAULT_KEY = "default"
"""The workshop's name in its database (one database can hold several, by --workshop)."""


@dataclass(frozen=True, slots=True)
class Workshop:
    """A workshop ready to serve: its shared state and the links made this time."""

    shared: Shared
    opening: Opening


def open_store(folder: Path, db: str | None) -> Store:
    """The store in `db` (default: workshop.sqlite in the data set's folder), migrated; a
    database that cannot be opened or written is an InputError naming --db."""
    url = db or default_url(folder)
    engine = open_engine(url)
    try:
        migrate(engine)
    except SQLAlchemyError as error:
        raise InputError(
            "--db",
            expected=phrase("a database this user can open and write"),
            got=str(getattr(error, "orig", None) or error).splitlines()[0],
        ) from None
    return Store(engine)


def open_workshop(
    inputs: Path | None,
    *,
    db: str | None = None,
    regions: Sequence[str] = (),
    key: str = DEFAULT_KEY,
    public_url: str | None = None,
) -> Workshop:
    """Loads the data set, opens the database and the workshop, with a participant and a link
    for every stakeholder of the regions that has none yet."""
    data = WorkshopData.load(inputs, regions)
    store = open_store(data.folder, db)
    opening = store.open(key, [(s.region, s.id) for s in data.stakeholders])
    shared = Shared(store, data, opening.workshop_id, public_url=public_url)
    return Workshop(shared, opening)


def existing_workshop(inputs: Path | None, *, db: str | None, key: str = DEFAULT_KEY) -> Workshop:
    """A workshop that `serve` started before (an InputError when there is none; no database
    is created to find that out)."""
    data = WorkshopData.load(inputs)
    if db is None and not (data.folder / DEFAULT_FILE).is_file():
        raise _no_workshop(data.folder)
    store = open_store(data.folder, db)
    found = store.workshop_id(key)
    if found is None:
        raise _no_workshop(data.folder)
    return Workshop(Shared(store, data, found), Opening(found, None, {}))


def _no_workshop(folder: Path) -> InputError:
    return InputError(
        "--db",
        expected=phrase(
            "a workshop started by `prioritizer serve --inputs {inputs}`", inputs=str(folder)
        ),
        got=phrase("none"),
    )


def check_port(host: str, port: int) -> None:
    """An InputError naming --port (or --host) when the server could not listen there."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(
                "--port",
                expected=phrase("a free port on {host}", host=host),
                got=error.strerror or str(error),
            ) from None


def serve(
    workshop: Workshop,
    *,
    host: str,
    port: int,
    ssl_certfile: Path | None = None,
    ssl_keyfile: Path | None = None,
) -> None:
    """Serves the workshop until interrupted (uvicorn; no access log, which would print the
    private links' tokens)."""
    import uvicorn

    from prioritizer.web.app import create_app

    uvicorn.run(
        create_app(workshop.shared),
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        ssl_certfile=None if ssl_certfile is None else str(ssl_certfile),
        ssl_keyfile=None if ssl_keyfile is None else str(ssl_keyfile),
        timeout_graceful_shutdown=5,
    )
