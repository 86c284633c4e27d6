"""What reporting keeps of the services' events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from heaolu_reporting.common.pseudonyms import rekey
from heaolu_reporting.facts.service import APPLY, KEPT_FIELDS, minimise
from heaolu_shared.contracts.intake import ReportReceivedV1
from heaolu_shared.events import registry


def test_a_childs_name_in_an_event_is_not_kept() -> None:
    event = ReportReceivedV1(
        report_id=uuid.uuid4(),
        municipality="0663",
        received_at=datetime(2026, 3, 2, tzinfo=UTC),
        need_level="in_need",
        channel="school",
        child_pseudonym="a" * 32,
        child_name="Mari Maasikas",
    )

    kept = minimise(event, "key")

    assert "child_name" not in kept
    assert "Mari Maasikas" not in str(kept)
    assert kept["child_pseudonym"] == rekey("person", "a" * 32, "key") != "a" * 32
    assert ReportReceivedV1.model_validate(kept).municipality == "0663"


def test_every_required_field_of_a_consumed_event_is_kept() -> None:
    for event_type in APPLY:
        model = registry.spec(event_type).model
        required = {name for name, f in model.model_fields.items() if f.is_required()}
        assert required <= KEPT_FIELDS | {"channel"}, (event_type, required - KEPT_FIELDS)


def test_the_channel_of_a_v1_report_is_withheld() -> None:
    event = ReportReceivedV1(
        report_id=uuid.uuid4(),
        municipality="0663",
        received_at=datetime(2026, 3, 2, tzinfo=UTC),
        need_level="in_need",
        channel="police",
    )

    assert minimise(event, "key")["channel"] == "withheld"
