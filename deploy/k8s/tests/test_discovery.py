"""What the generator reads from the code is what the code says."""

from __future__ import annotations

from heaolu_casework import events as casework_events
from heaolu_k8s import render
from heaolu_k8s.discover import ServiceFacts, Setting, local_urls, services
from heaolu_shared.contracts.intake import TOPIC as INTAKE_TOPIC
from heaolu_shared.topics import dead_letter_topic


def _facts(name: str) -> ServiceFacts:
    return next(f for f in services() if f.name == name)


def test_the_consumer_groups_are_those_the_workers_start() -> None:
    casework = _facts("casework")
    groups = {c.group: c.topics for c in casework.consumers}
    assert groups[casework_events.REPORTS_CONSUMER] == (INTAKE_TOPIC,)
    assert all(c.dead_letter_topic == dead_letter_topic("casework") for c in casework.consumers)
    assert dead_letter_topic("casework") in casework.produces
    assert _facts("gateway").consumers == ()


def test_a_service_that_records_access_produces_to_the_audit_topic() -> None:
    assert "heaolu.audit.v1" in _facts("intake").produces
    assert "heaolu.audit.v1" not in _facts("gateway").produces


def test_calls_follow_the_local_addresses_in_the_settings() -> None:
    from heaolu_gateway.settings import Settings as GatewaySettings

    routes = GatewaySettings.model_fields["upstreams"].get_default(call_default_factory=True)
    assert _facts("gateway").calls == tuple(sorted(routes))
    assert _facts("web").calls == ("gateway",)
    assert _facts("casework").calls == ()


def test_local_addresses_are_found_in_strings_lists_and_mappings() -> None:
    assert local_urls("http://127.0.0.1:8002") == ["http://127.0.0.1:8002"]
    assert local_urls({"a": "http://localhost:8001/x", "b": "https://example.org"}) == [
        "http://localhost:8001/x"
    ]
    assert local_urls(["http://127.0.0.1:5173"]) == ["http://127.0.0.1:5173"]
    assert local_urls("127.0.0.1:19092") == []


def test_a_services_own_local_address_cannot_be_derived_and_must_come_from_the_catalogue() -> None:
    gateway = _facts("gateway")
    own = Setting("public_url", "HEAOLU_PUBLIC_URL", "http://127.0.0.1:8000", False, True)
    other = Setting("intake_url", "HEAOLU_INTAKE_URL", "http://127.0.0.1:8001/api", False, True)
    hosts = {"app": "app.example", "api": "api.example", "auth": "auth.example"}
    assert render.cluster_value(gateway, own, hosts) is None
    assert render.cluster_value(gateway, other, hosts) == "http://intake:8001/api"
