"""Application-level encryption of restricted fields (e.g. a reporter's identity).

AES-256-GCM with a key from settings; the record's id is bound in as associated data, so a
sealed value copied onto another record does not open. The stored form is ``version ‖ nonce ‖
ciphertext``; the version byte leaves room for key rotation.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = b"\x01"


class SealError(Exception):
    """A sealed value could not be opened (wrong key, wrong record, or tampered)."""


class Sealer:
    """Seals and opens small values with one key."""

    def __init__(self, secret: str) -> None:
        # The setting may be any string; the AES key is its SHA-256.
        self._aead = AESGCM(hashlib.sha256(secret.encode()).digest())

    def seal(self, plaintext: bytes, record_id: str) -> bytes:
        nonce = os.urandom(12)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext, record_id.encode())

    def open(self, sealed: bytes, record_id: str) -> bytes:
        if sealed[:1] != VERSION or len(sealed) < 29:
            raise SealError("unknown sealed format")
        try:
            return self._aead.decrypt(sealed[1:13], sealed[13:], record_id.encode())
        except InvalidTag:
            raise SealError("sealed value does not open") from None
