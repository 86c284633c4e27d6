"""The notification port through which outreach messages (e-mail, SMS) go out.

In production an adapter to the municipality's e-mail and SMS gateway sits behind it; the
development adapter accepts the message and keeps nothing, so no address or text reaches a log.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from heaolu_ngts.common.enums import Channel


class Notifier(Protocol):
    async def send(self, channel: Channel, address: str, text: str) -> str:
        """Send ``text`` to ``address``; the gateway's message id."""
        ...


class DiscardingNotifier:
    """Development and tests: accepts every message, delivers none, remembers nothing."""

    async def send(self, channel: Channel, address: str, text: str) -> str:
        return f"dev-{uuid.uuid4()}"


OUTREACH_TEXT = (
    "Tere! {municipality} noortegarantii tugisüsteem: kas soovid abi õppima või tööle "
    "asumisel? Vasta JAH (soovin abi) või EI (ei soovi abi). / Hello! Would you like help "
    "with studies or work? Reply YES (I want help) or NO (I do not want help)."
)
