"""Private links and their QR codes: the address a phone in the room can reach (the machine's
address on the venue's network when the server listens on all of them), a stakeholder's or
the planner's link on it, and the link as a QR code for the screen (SVG) or the terminal."""

from __future__ import annotations

import io
import ipaddress
import socket

import segno

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_local(host: str) -> bool:
    """True when `host` only accepts connections from this machine."""
    return host in LOCAL_HOSTS


def _lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), None if unknown."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: chooses the route, sends nothing
        found = str(probe.getsockname()[0])
    except OSError:
        return None
    finally:
        probe.close()
    return None if ipaddress.ip_address(found).is_loopback else found


def base_url(host: str, port: int, *, public_url: str | None = None, https: bool = False) -> str:
    """The address links are made with: `public_url` when given; for a server listening on
    every address, this machine's address on the network; else the host itself."""
    if public_url:
        return public_url.rstrip("/")
    scheme = "https" if https else "http"
    shown = host
    if host in ("0.0.0.0", "::", ""):
        shown = _lan_address() or "127.0.0.1"
    if ":" in shown:
        shown = f"[{shown}]"
    return f"{scheme}://{shown}:{port}"


def stakeholder_link(base: str, token: str) -> str:
    """A stakeholder's private link."""
    return f"{base}/s/{token}"


def planner_link(base: str, token: str) -> str:
    """The planner's private link."""
    return f"{base}/p/{token}"


def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code (for the planner's screen)."""
    return str(segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff"))


def qr_text(url: str) -> str:
    """The link as a QR code drawn with block characters (for the terminal)."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()
