"""Pseudonymous subject ids: a keyed HMAC of the personal code, stable within a deployment.

The id lets the audit trail and the SKA feed refer to the same person without carrying the code;
without the key it cannot be turned back into one.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

from heaolu_shared.messages import define, invalid

INVALID_PERSONAL_CODE = define(
    "validation.personal-code",
    et="Vigane isikukood",
    en="Not a valid Estonian personal code",
    ru="Неверный эстонский личный код",
)


def pseudonymize(personal_code: str, key: str) -> str:
    """The pseudonymous subject id of ``personal_code`` (32 hex characters)."""
    code = personal_code.removeprefix("EE")
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()[:32]


CENTURIES = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def birth_date_of(code: str) -> date:
    """The birth date a personal code carries (``ValueError`` when it names no real day)."""
    return date(CENTURIES[code[0]] + int(code[1:3]), int(code[3:5]), int(code[5:7]))


def valid_personal_code(code: str) -> bool:
    """Whether ``code`` is a well-formed Estonian personal identification code (isikukood)."""
    if len(code) != 11 or not code.isdigit() or code[0] not in CENTURIES:
        return False
    try:
        birth_date_of(code)
    except ValueError:
        return False
    digits = [int(c) for c in code]
    check = sum(d * w for d, w in zip(digits, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1), strict=False)) % 11
    if check == 10:
        check = (
            sum(d * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3), strict=False)) % 11
        )
        if check == 10:
            check = 0
    return check == digits[10]


def _checked(code: str) -> str:
    if not valid_personal_code(code):
        raise invalid(INVALID_PERSONAL_CODE)
    return code


PERSONAL_CODE_PATTERN = r"^[1-6][0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{4}$"
"""What JSON Schema can say of a personal code; the check digit and the day are checked too."""

PersonalCode = Annotated[
    str,
    Field(
        pattern=PERSONAL_CODE_PATTERN,
        min_length=11,
        max_length=11,
        description="Estonian personal identification code (isikukood), with its check digit",
        examples=["50901010005"],
    ),
    AfterValidator(_checked),
]
"""An API field holding a personal code: 11 digits, a real birth date, the right check digit."""
