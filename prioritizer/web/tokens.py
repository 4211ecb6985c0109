"""Private links and forged-form protection: tokens are 256 random bits (URL-safe), only their
SHA-256 digests are stored, and each form carries an anti-forgery token that is an HMAC of the
access token's digest under the workshop's secret (a synchronizer token that needs no server
state, so an open page still works after a restart)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
"""What `secrets.token_urlsafe(32)` gives; anything else is refused before a database lookup."""


def new_token() -> str:
    """A fresh unguessable token for a private link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_secret() -> str:
    """A workshop's secret key for anti-forgery tokens."""
    return secrets.token_hex(TOKEN_BYTES)


def digest(token: str) -> str:
    """The SHA-256 digest stored in place of a token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: str) -> bool:
    """True when `token` could be one of ours (length and alphabet)."""
    return TOKEN_PATTERN.fullmatch(token) is not None


def csrf_token(secret: str, token_digest: str) -> str:
    """The anti-forgery token of the pages opened with one access token."""
    key = secret.encode("ascii")
    return hmac.new(key, f"csrf:{token_digest}".encode("ascii"), hashlib.sha256).hexdigest()


def csrf_valid(secret: str, token_digest: str, given: str | None) -> bool:
    """True when `given` is the anti-forgery token of these pages (constant-time comparison)."""
    return given is not None and hmac.compare_digest(csrf_token(secret, token_digest), given)
