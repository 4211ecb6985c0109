"""What every request of one server shares: the store, the workshop's id, the data set (read again
after the planner applies the judgments to it), the memory of recent group views and live
consequences, and the address links are printed with."""

from __future__ import annotations

import threading

from starlette.requests import Request

from prioritizer.web.memo import Memo
from prioritizer.web.store import ParticipantRecord, Store
from prioritizer.web.workshop import WorkshopData


class Shared:
    """The server's shared state; only the data set is ever replaced, under a lock."""

    def __init__(
        self,
        store: Store,
        workshop: WorkshopData,
        workshop_id: int,
        *,
        public_url: str | None = None,
    ) -> None:
        self.store = store
        self.workshop_id = workshop_id
        self.memo = Memo()
        self.public_url = public_url
        self._workshop = workshop
        self._lock = threading.Lock()

    @property
    def workshop(self) -> WorkshopData:
        """The data set as last read."""
        with self._lock:
            return self._workshop

    def reload(self) -> None:
        """Reads the data set again (after the judgments were written into it)."""
        current = self.workshop
        fresh = WorkshopData.load(current.folder, current.regions)
        with self._lock:
            self._workshop = fresh

    def participants(self) -> tuple[ParticipantRecord, ...]:
        """The workshop's participants who are stakeholders of the data set as it is now."""
        workshop = self.workshop
        return tuple(
            p
            for p in self.store.participants(self.workshop_id)
            if workshop.takes_part(p.stakeholder, p.region)
        )

    def base_url(self, request: Request) -> str:
        """Where links point: the public address given to `serve`, else the one asked for."""
        return (self.public_url or str(request.base_url)).rstrip("/")


def shared(request: Request) -> Shared:
    """The shared state of the app serving `request`."""
    found: Shared = request.app.state.shared
    return found
