"""Audit's messages to people (see :mod:`heaolu_shared.messages`), all in one place."""

from __future__ import annotations

from heaolu_shared.messages import define

FOR_SIGNED_IN_CITIZEN = define(
    "audit.log-for-signed-in-citizen",
    et="Juurdepääsulogi on mõeldud sisseloginud kodanikule",
    en="This log is for a signed-in citizen",
)
