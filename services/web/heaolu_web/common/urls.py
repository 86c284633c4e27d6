"""Where the front end may send a reader back to after signing in or choosing a language."""

from __future__ import annotations


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another origin (``//host``, ``/\\host``, a scheme)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target
