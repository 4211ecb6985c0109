"""`prioritizer workshop export` and `workshop links`: the workshop's judgments written into the
data set from the command line (as the planner's "Apply to the data set" does), and new private
links for stakeholders or the planner (the old ones stop working), e.g. after the terminal that
showed them was closed, or links revoked with none in their place (a phone lost, a participant
who left). Both work while `serve` runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import emit_json, emit_text
from prioritizer.cli.declared import option
from prioritizer.cli.serve import (
    DbOption,
    HostOption,
    InputsRequired,
    PortOption,
    PublicUrlOption,
    QrOption,
    WorkshopOption,
)
from prioritizer.errors import InputError
from prioritizer.i18n import t
from prioritizer.phrases import phrase

workshop_app = typer.Typer(
    help="The workshop's judgments into the data set, and new private links.",
    no_args_is_help=True,
)


@workshop_app.command("export")
@command(inputs=False)
def export(
    run: Run,
    inputs: InputsRequired = None,
    db: DbOption = None,
    workshop: WorkshopOption = "default",
) -> None:
    """Write the workshop's judgments into the data set's stakeholders.yaml (kept as .bak)."""
    from prioritizer.web.apply import apply_workshop
    from prioritizer.web.server import existing_workshop

    language, as_json = run.language, run.as_json
    found = existing_workshop(inputs, db=db, key=workshop)
    shared = found.shared
    done = apply_workshop(
        shared.workshop, shared.store, shared.workshop_id, day=date.today().isoformat()
    )
    if as_json:
        emit_json(
            {
                "status": "saved" if done.files else "nothing",
                "written": list(done.written),
                "completed": {s: [p.to_dict() for p in pairs] for s, pairs in done.completed},
                "not_linked": list(done.not_linked),
                "files": [str(f) for f in done.files],
                "backups": [str(b) for b in done.backups],
            }
        )
        return
    lines = []
    if done.files:
        lines.append(t("workshop.saved", language, names=", ".join(done.written)))
        for file, backup in zip(done.files, done.backups, strict=True):
            lines.append(t("workshop.file", language, file=str(file), backup=str(backup)))
    else:
        lines.append(t("workshop.nothing", language))
    for stakeholder, pairs in done.completed:
        listing = ", ".join(f"{p.row} vs {p.column}" for p in pairs)
        lines.append(t("workshop.completed", language, id=stakeholder, pairs=listing))
    if done.not_linked:
        lines.append(t("workshop.not_linked", language, names=", ".join(done.not_linked)))
    emit_text("\n".join(lines))


@workshop_app.command("links")
@command(inputs=False)
def links(
    run: Run,
    inputs: InputsRequired = None,
    stakeholder: Annotated[list[str] | None, option("links-stakeholder")] = None,
    planner: Annotated[bool, option("planner")] = False,
    every: Annotated[bool, option("all")] = False,
    revoke: Annotated[list[str] | None, option("revoke")] = None,
    db: DbOption = None,
    workshop: WorkshopOption = "default",
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    public_url: PublicUrlOption = None,
    qr: QrOption = False,
) -> None:
    """Make new private links (the old ones stop working at once) and print them, or revoke
    links."""
    from prioritizer.web.links import base_url, planner_link, qr_text, stakeholder_link
    from prioritizer.web.server import existing_workshop

    language, as_json = run.language, run.as_json
    found = existing_workshop(inputs, db=db, key=workshop)
    shared = found.shared
    known = [s.id for s in shared.workshop.stakeholders]
    chosen = known if every else list(stakeholder or [])
    revoked = list(dict.fromkeys(revoke or []))
    for flag, wanted in [("--stakeholder", s) for s in chosen] + [("--revoke", s) for s in revoked]:
        if wanted not in known:
            raise InputError(
                flag,
                field="stakeholder",
                got=wanted,
                expected=phrase("a stakeholder of the data set ({known})", known=", ".join(known)),
            )
    for wanted in revoked:
        if wanted in chosen:
            raise InputError(
                "--revoke",
                got=wanted,
                expected=phrase("a stakeholder not also given a new link"),
            )
    if not chosen and not revoked and not (planner or every):
        raise InputError(
            "--stakeholder",
            expected=phrase("--stakeholder ID, --planner, --all or --revoke ID"),
            got=phrase("none"),
        )
    for wanted in revoked:
        shared.store.revoke(shared.workshop_id, wanted)
    base = base_url(host, port, public_url=public_url)
    made: dict[str, str] = {}
    if planner or every:
        made["planner"] = planner_link(base, shared.store.reissue(shared.workshop_id, None))
    for wanted in chosen:
        token = shared.store.reissue(shared.workshop_id, wanted)
        made[wanted] = stakeholder_link(base, token)
    if as_json:
        emit_json({"status": "ok", "links": made, "revoked": revoked})
        return
    out = [t("workshop.revoked", language, who=who) for who in revoked]
    for who, url in made.items():
        out.append(t("workshop.link", language, who=who, url=url))
        if qr:
            out.append(qr_text(url).rstrip("\n"))
    emit_text("\n".join(out))
