"""`prioritizer serve`: the workshop app, in one line. Loads the data set, opens the workshop's
database (SQLite beside the data set, or --db), prints the planner's link and each new private
link (as QR codes with --qr), warns when the server can be reached from other machines, and
serves until Ctrl-C. Every answer is committed as it is given, so stopping loses nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import emit_json, emit_text, say_error
from prioritizer.cli.declared import option
from prioritizer.errors import InputError
from prioritizer.i18n import Language, t
from prioritizer.phrases import phrase

if TYPE_CHECKING:  # the web layer (FastAPI, SQLAlchemy) is imported only when the command runs
    from prioritizer.web.server import Workshop

HostOption = Annotated[str, option("host")]
PortOption = Annotated[int, option("port")]
DbOption = Annotated[str | None, option("db")]
PublicUrlOption = Annotated[str | None, option("public-url")]
WorkshopOption = Annotated[str, option("workshop")]
QrOption = Annotated[bool, option("qr")]
InputsRequired = Annotated[Path | None, option("inputs-required")]


@command(inputs=False)
def serve(
    run: Run,
    inputs: InputsRequired = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    db: DbOption = None,
    region: Annotated[list[str] | None, option("serve-region")] = None,
    public_url: PublicUrlOption = None,
    qr: QrOption = False,
    ssl_certfile: Annotated[Path | None, option("ssl-certfile")] = None,
    ssl_keyfile: Annotated[Path | None, option("ssl-keyfile")] = None,
    workshop: WorkshopOption = "default",
) -> None:
    """Start the workshop web app: each stakeholder weighs the criteria from their own phone."""
    from prioritizer.web.links import base_url, is_local
    from prioritizer.web.server import check_port, open_workshop
    from prioritizer.web.server import serve as start

    language = run.language
    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise InputError(
            "--ssl-keyfile" if ssl_keyfile is None else "--ssl-certfile",
            expected=phrase("both --ssl-certfile and --ssl-keyfile, or neither"),
        )
    if not 1 <= port <= 65535:
        raise InputError("--port", expected=phrase("a port from 1 to 65535"), got=port)
    check_port(host, port)
    base = base_url(host, port, public_url=public_url, https=ssl_certfile is not None)
    opened = open_workshop(inputs, db=db, regions=region or (), key=workshop, public_url=public_url)
    if run.as_json:
        emit_json({"status": "serving", "url": base, **links_of(opened, base)})
    else:
        emit_text(listing(opened, base, language, qr, str(inputs)))
    if not is_local(host):
        https = ssl_certfile is not None or (public_url or "").startswith("https://")
        say_error(t("serve.shared_network", language, host=host))
        if not https:
            say_error(t("serve.unencrypted", language))
    if not run.as_json:
        emit_text(t("serve.serving", language, url=base))
    start(opened, host=host, port=port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)


def links_of(workshop: Workshop, base: str) -> dict[str, object]:
    """The links made this time, as the JSON document gives them."""
    from prioritizer.web.links import planner_link, stakeholder_link

    opening = workshop.opening
    return {
        "planner": None if opening.planner is None else planner_link(base, opening.planner),
        "stakeholders": {
            stakeholder: stakeholder_link(base, token)
            for stakeholder, token in opening.participants.items()
        },
    }


def listing(workshop: Workshop, base: str, language: Language, qr: bool, inputs: str) -> str:
    """The links as `serve` prints them: the planner's, then each stakeholder's by region (a
    link made before is not known any more: only its digest is kept)."""
    from prioritizer.web.links import qr_text

    data = workshop.shared.workshop
    lang = language.value
    made = links_of(workshop, base)
    stakeholders = made["stakeholders"]
    assert isinstance(stakeholders, dict)
    out: list[str] = []

    def line(text: str = "", url: str | None = None) -> None:
        out.append(text)
        if qr and url is not None:
            out.append(qr_text(url).rstrip("\n"))

    planner = made["planner"]
    if isinstance(planner, str):
        line(t("serve.planner", language, url=planner), planner)
    else:
        line(t("serve.planner_before", language, inputs=inputs))
    for region in data.regions:
        line()
        line(data.region_name(region, lang))
        for person in data.data.stakeholders_of(region):
            name = person.name.get(lang)
            url = stakeholders.get(person.id)
            if url is None:
                line(t("serve.link_before", language, name=name, id=person.id, inputs=inputs))
            else:
                line(t("serve.link", language, name=name, url=url), url)
    return "\n".join(out)
