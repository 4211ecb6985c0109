"""What the workshop keeps in its database, as plain operations: open a workshop for the
stakeholders of a data set, issue and revoke private links, find who a token belongs to, and
record every answer, "don't know", revision and keep the moment it is given (one committed
transaction each). Callers get frozen records, never live database objects."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from prioritizer.core.elicit import Pair, Revision
from prioritizer.web.db import sessions
from prioritizer.web.models import AccessToken, Answer, Event, Participant, Workshop
from prioritizer.web.tokens import digest, new_secret, new_token, well_formed

SEEN_EVERY = timedelta(seconds=15)
"""A participant's presence is written at most this often (the page checks in more often)."""


def now() -> datetime:
    """The current time in UTC, as stored (without a zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    """A participant as stored: who, where, and when they were last seen and last answered."""

    id: int
    region: str
    stakeholder: str
    last_seen_at: datetime | None
    last_answer_at: datetime | None
    answers_version: int
    kept_version: int | None

    @property
    def kept(self) -> bool:
        """The stakeholder chose to keep the judgments as they stand now."""
        return self.kept_version == self.answers_version


@dataclass(frozen=True, slots=True)
class Access:
    """Whom a valid token opens the pages for: a participant, or the planner (None)."""

    workshop_id: int
    secret: str
    digest: str
    participant: ParticipantRecord | None


@dataclass(frozen=True, slots=True)
class Sheet:
    """A participant's answers: values by pair, the pairs answered "don't know", comments."""

    answers: Mapping[Pair, float]
    skipped: frozenset[Pair]
    comments: Mapping[Pair, str]

    def touched(self, pair: Pair) -> bool:
        """The pair has an answer or a "don't know"."""
        return pair in self.answers or pair in self.skipped


EMPTY = Sheet({}, frozenset(), {})


@dataclass(frozen=True, slots=True)
class Opening:
    """A workshop as opened by `serve`: its id, and the links made this time (tokens in clear,
    shown once): the planner's when the workshop is new, each new participant's."""

    workshop_id: int
    planner: str | None
    participants: Mapping[str, str]


def _record(row: Participant) -> ParticipantRecord:
    """A frozen copy of the row: each field of the record read from the column of its name."""
    return ParticipantRecord(**{f.name: getattr(row, f.name) for f in fields(ParticipantRecord)})


class Store:
    """The workshop database's operations; each call is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self._read, self._write = sessions(engine)
        # SQLite has one writer at a time: writers of this process queue here, in order, rather
        # than on SQLite's busy handler, whose growing sleeps make the slowest answers wait long.
        sqlite = engine.dialect.name == "sqlite"
        self._insert = sqlite_insert if sqlite else postgresql_insert
        self._serial: AbstractContextManager[object] = threading.Lock() if sqlite else nullcontext()

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction, committed on leaving (rolled back on an error)."""
        with self._serial, self._write.begin() as db:
            yield db

    # -- links -------------------------------------------------------------------------------
    def open(self, key: str, stakeholders: Iterable[tuple[str, str]]) -> Opening:
        """The workshop `key`, created with a planner link when new, with a participant and a
        link for each (region, stakeholder id) not yet in it."""
        with self._writing() as db:
            workshop = db.scalar(select(Workshop).where(Workshop.key == key))
            planner = None
            if workshop is None:
                workshop = Workshop(
                    key=key, created_at=now(), secret=new_secret(), hide_names=False
                )
                db.add(workshop)
                db.flush()
                planner = self._issue(db, workshop.id, None)
            known = set(
                db.scalars(
                    select(Participant.stakeholder).where(Participant.workshop_id == workshop.id)
                )
            )
            links = {}
            for region, stakeholder in stakeholders:
                if stakeholder in known:
                    continue
                person = Participant(
                    workshop_id=workshop.id,
                    region=region,
                    stakeholder=stakeholder,
                    answers_version=0,
                )
                db.add(person)
                db.flush()
                links[stakeholder] = self._issue(db, workshop.id, person.id)
            return Opening(workshop.id, planner, links)

    def workshop_id(self, key: str) -> int | None:
        """The id of workshop `key`, None when there is none."""
        with self._read() as db:
            return db.scalar(select(Workshop.id).where(Workshop.key == key))

    def reissue(self, workshop_id: int, stakeholder: str | None) -> str:
        """A new link for a participant (or the planner, None); the old ones stop working."""
        with self._writing() as db:
            person = (
                None if stakeholder is None else self._participant(db, workshop_id, stakeholder)
            )
            self._revoke(db, workshop_id, person)
            return self._issue(db, workshop_id, person)

    def revoke(self, workshop_id: int, stakeholder: str | None) -> None:
        """Every link of a participant (or the planner, None) stops working."""
        with self._writing() as db:
            person = (
                None if stakeholder is None else self._participant(db, workshop_id, stakeholder)
            )
            self._revoke(db, workshop_id, person)

    def linked(self, workshop_id: int) -> frozenset[int | None]:
        """The participants (None: the planner) who have a link that works."""
        with self._read() as db:
            return frozenset(
                db.scalars(
                    select(AccessToken.participant_id).where(
                        AccessToken.workshop_id == workshop_id, AccessToken.revoked_at.is_(None)
                    )
                )
            )

    def access(self, token: str) -> Access | None:
        """Whom `token` opens the pages for; None for an unknown, revoked or malformed one."""
        if not well_formed(token):
            return None
        hashed = digest(token)
        with self._read() as db:
            found = db.execute(
                select(AccessToken.workshop_id, Workshop.secret, Participant)
                .join(Workshop, Workshop.id == AccessToken.workshop_id)
                .outerjoin(Participant, Participant.id == AccessToken.participant_id)
                .where(AccessToken.digest == hashed, AccessToken.revoked_at.is_(None))
            ).first()
            if found is None:
                return None
            workshop_id, secret, person = found
            return Access(workshop_id, secret, hashed, None if person is None else _record(person))

    # -- answers -----------------------------------------------------------------------------
    def record_answer(
        self, participant_id: int, pair: Pair, value: float | None, comment: str | None
    ) -> None:
        """Saves an answer (None: "don't know") and its comment, and logs it."""
        with self._writing() as db:
            self._set(db, participant_id, pair, value, comment, overwrite_comment=True)
            kind = "skip" if value is None else "answer"
            db.add(
                Event(
                    participant_id=participant_id,
                    at=now(),
                    kind=kind,
                    row=pair.row,
                    column=pair.column,
                    value=value,
                    detail=comment,
                )
            )

    def record_decision(self, participant_id: int, revision: Revision) -> None:
        """Saves what the stakeholder did about the judgment most at odds: the revised value,
        or that the judgments are kept as they are; the record goes into the log."""
        with self._writing() as db:
            pair = Pair(revision.row, revision.column)
            if revision.kept:
                db.execute(
                    update(Participant)
                    .where(Participant.id == participant_id)
                    .values(kept_version=Participant.answers_version)
                )
            else:
                self._set(db, participant_id, pair, revision.value, None, overwrite_comment=False)
            db.add(
                Event(
                    participant_id=participant_id,
                    at=now(),
                    kind="keep" if revision.kept else "revise",
                    row=pair.row,
                    column=pair.column,
                    value=revision.value,
                    detail=json.dumps(revision.to_dict()),
                )
            )

    def touch(self, participant: ParticipantRecord) -> None:
        """Notes that the participant's page is open (at most every SEEN_EVERY)."""
        moment = now()
        seen = participant.last_seen_at
        if seen is not None and moment - seen < SEEN_EVERY:
            return
        with self._writing() as db:
            db.execute(
                update(Participant)
                .where(Participant.id == participant.id)
                .values(last_seen_at=moment)
            )

    def set_hide_names(self, workshop_id: int, hide: bool) -> None:
        """Switches names off (or on) in the planner's group views."""
        with self._writing() as db:
            db.execute(update(Workshop).where(Workshop.id == workshop_id).values(hide_names=hide))

    # -- reading -----------------------------------------------------------------------------
    def hide_names(self, workshop_id: int) -> bool:
        """Whether the group views hide names."""
        with self._read() as db:
            return bool(db.scalar(select(Workshop.hide_names).where(Workshop.id == workshop_id)))

    def participants(self, workshop_id: int) -> tuple[ParticipantRecord, ...]:
        """Every participant of the workshop, in the order they were added."""
        with self._read() as db:
            rows = db.scalars(
                select(Participant)
                .where(Participant.workshop_id == workshop_id)
                .order_by(Participant.id)
            )
            return tuple(_record(row) for row in rows)

    def sheet(self, participant_id: int) -> Sheet:
        """One participant's answers."""
        return self.sheets([participant_id]).get(participant_id, EMPTY)

    def sheets(self, participant_ids: Sequence[int]) -> dict[int, Sheet]:
        """The answers of several participants, by participant id."""
        found: dict[int, tuple[dict[Pair, float], set[Pair], dict[Pair, str]]] = {
            pid: ({}, set(), {}) for pid in participant_ids
        }
        with self._read() as db:
            rows = db.scalars(select(Answer).where(Answer.participant_id.in_(participant_ids)))
            for row in rows:
                answers, skipped, comments = found[row.participant_id]
                pair = Pair(row.row, row.column)
                if row.value is None:
                    skipped.add(pair)
                else:
                    answers[pair] = row.value
                if row.comment:
                    comments[pair] = row.comment
        return {
            pid: Sheet(answers, frozenset(skipped), comments)
            for pid, (answers, skipped, comments) in found.items()
        }

    def decisions(self, participant_id: int) -> tuple[Revision, ...]:
        """The participant's revisions and keeps, in order."""
        with self._read() as db:
            details = db.scalars(
                select(Event.detail)
                .where(Event.participant_id == participant_id, Event.kind.in_(("revise", "keep")))
                .order_by(Event.id)
            )
            return tuple(Revision.from_dict(json.loads(text)) for text in details if text)

    def revision(self, workshop_id: int) -> int:
        """A number that changes whenever any participant's answers change (the last event)."""
        with self._read() as db:
            last = db.scalar(
                select(func.max(Event.id))
                .join(Participant, Participant.id == Event.participant_id)
                .where(Participant.workshop_id == workshop_id)
            )
            return int(last or 0)

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _participant(db: Session, workshop_id: int, stakeholder: str) -> int:
        found = db.scalar(
            select(Participant.id).where(
                Participant.workshop_id == workshop_id, Participant.stakeholder == stakeholder
            )
        )
        if found is None:
            raise KeyError(stakeholder)
        return found

    @staticmethod
    def _issue(db: Session, workshop_id: int, participant_id: int | None) -> str:
        token = new_token()
        db.add(
            AccessToken(
                workshop_id=workshop_id,
                participant_id=participant_id,
                digest=digest(token),
                created_at=now(),
            )
        )
        return token

    @staticmethod
    def _revoke(db: Session, workshop_id: int, participant_id: int | None) -> None:
        owner = (
            AccessToken.participant_id.is_(None)
            if participant_id is None
            else AccessToken.participant_id == participant_id
        )
        db.execute(
            update(AccessToken)
            .where(AccessToken.workshop_id == workshop_id, owner, AccessToken.revoked_at.is_(None))
            .values(revoked_at=now())
        )

    def _set(
        self,
        db: Session,
        participant_id: int,
        pair: Pair,
        value: float | None,
        comment: str | None,
        *,
        overwrite_comment: bool,
    ) -> None:
        """Inserts or replaces the answer in one statement, and bumps the participant's version."""
        moment = now()
        changes: dict[str, object] = {"value": value, "answered_at": moment}
        if overwrite_comment:
            changes["comment"] = comment
        row = {"participant_id": participant_id, "row": pair.row, "column": pair.column}
        upsert = self._insert(Answer).values({**row, **changes, "comment": comment})
        db.execute(
            upsert.on_conflict_do_update(
                index_elements=["participant_id", "row", "column"], set_=changes
            )
        )
        db.execute(
            update(Participant)
            .where(Participant.id == participant_id)
            .values(
                answers_version=Participant.answers_version + 1,
                last_answer_at=moment,
                last_seen_at=moment,
            )
        )
