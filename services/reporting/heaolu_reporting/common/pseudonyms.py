"""Reporting's own keyed pseudonyms: stable within reporting and the SKA feed, joinable with
nothing else (the services' pseudonyms and record ids go through a second, separate key)."""

from __future__ import annotations

import hashlib
import hmac


def rekey(kind: str, value: str, key: str) -> str:
    """Reporting's pseudonym (32 hex characters) of ``value``, a ``kind`` of identifier."""
    return hmac.new(key.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
