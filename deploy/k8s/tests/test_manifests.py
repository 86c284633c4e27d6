"""The rendered overlays pass every offline check, and match the code they were made from."""

from __future__ import annotations

from typing import Any

import pytest

from heaolu_k8s import catalogue as cat
from heaolu_k8s import checks, layout
from heaolu_k8s import infrastructure as infra
from heaolu_k8s import render as r
from heaolu_k8s.discover import services
from heaolu_shared.settings import DEV_DEFAULT_MARKER

Objects = list[dict[str, Any]]
OVERLAYS = ("dev", "prod")


def _of(objects: Objects, kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def test_committed_manifests_are_what_the_code_generates() -> None:
    assert layout.differences() == [], "run `make k8s` and commit the result"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_core_objects_validate_strictly_against_the_kubernetes_schemas(
    rendered: dict[str, Objects], overlay: str
) -> None:
    assert checks.core_schema_problems(rendered[overlay]) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_custom_resources_validate_against_their_operators_crds(
    rendered: dict[str, Objects], overlay: str
) -> None:
    objects = rendered[overlay]
    custom = {o["kind"] for o in objects if not checks.is_core(o)}
    assert custom >= {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "Keycloak"}
    assert checks.crd_schema_problems(objects) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kube_score_finds_nothing(rendered: dict[str, Objects], overlay: str) -> None:
    assert checks.kube_score_problems(rendered[overlay], availability=overlay == "prod") == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_is_hardened(rendered: dict[str, Objects], overlay: str) -> None:
    assert checks.hardening_problems(rendered[overlay]) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_topic_of_the_catalogue_is_a_kafka_topic_with_its_settings(
    rendered: dict[str, Objects], overlay: str
) -> None:
    assert checks.topic_problems(rendered[overlay], single_broker=overlay == "dev") == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kafka_users_allow_exactly_what_the_code_produces_and_consumes(
    rendered: dict[str, Objects], overlay: str
) -> None:
    assert checks.acl_problems(rendered[overlay]) == []


def test_acls_follow_the_code_for_the_known_flows(prod: Objects) -> None:
    users = _of(prod, "KafkaUser")
    casework = checks._acl_set(users["kafka-casework"])
    assert ("topic", "heaolu.intake.v1", "literal", "Read") in casework
    assert ("group", "casework.reports", "literal", "Read") in casework
    assert ("topic", "heaolu.casework.v1", "literal", "Write") in casework
    assert ("topic", "heaolu.audit.v1", "literal", "Read") not in casework
    ska = checks._acl_set(users[cat.SKA_FEED_USER])
    assert {(t, n) for t, n, _, _ in ska} == {
        ("topic", cat.SKA_FEED_TOPIC),
        ("group", cat.SKA_FEED_GROUP_PREFIX),
    }
    assert not any(op in ("Write", "Create", "Alter", "All") for *_, op in ska)
    assert "kafka-gateway" not in users


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_setting_a_service_needs_is_set(rendered: dict[str, Objects], overlay: str) -> None:
    assert checks.env_problems(rendered[overlay]) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_command_is_a_declared_console_script_of_its_role(
    rendered: dict[str, Objects], overlay: str
) -> None:
    assert checks.command_problems(rendered[overlay]) == []


def test_every_role_has_a_console_script() -> None:
    for facts in services():
        assert set(facts.scripts) == set(facts.roles), facts.name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_allow_what_the_services_do_and_nothing_else(
    rendered: dict[str, Objects], overlay: str
) -> None:
    assert checks.network_problems(rendered[overlay]) == []


def test_the_network_allows_and_denies_the_named_connections(prod: Objects) -> None:
    policies = [o for o in prod if o["kind"] == "NetworkPolicy"]
    pods = checks.infrastructure_pods()
    pod = {
        o["metadata"]["name"]: checks.Pod(
            o["metadata"]["name"], o["spec"]["template"]["metadata"]["labels"]
        )
        for o in prod
        if o["kind"] in ("Deployment", "Job")
    }
    assert checks.allowed(policies, pods["ingress"], pod["gateway-api"], 8000)
    assert not checks.allowed(policies, pods["ingress"], pod["casework-api"], 8002)
    assert checks.allowed(policies, pod["gateway-api"], pod["casework-api"], 8002)
    assert not checks.allowed(policies, pod["intake-api"], pod["casework-api"], 8002)
    assert checks.allowed(policies, pod["casework-worker"], pods["casework-db"], 5432)
    assert not checks.allowed(policies, pod["casework-worker"], pods["intake-db"], 5432)
    assert not checks.allowed(policies, pod["gateway-api"], pods["kafka"], 9093)
    assert not checks.allowed(policies, pod["casework-migrate"], pods["kafka"], 9093)
    assert not checks.allowed(policies, pod["casework-worker"], pods["internet"], 443)
    ska = pods["internet"]
    assert checks.allowed(policies, ska, pods["kafka"], cat.SKA_FEED_PORT)
    assert not checks.allowed(policies, ska, pods["kafka"], cat.KAFKA_TLS_PORT)
    assert not checks.allowed(policies, ska, pod["reporting-api"], 8005)


def test_prod_holds_no_secret_value_and_no_demo_user(prod: Objects) -> None:
    assert _of(prod, "Secret") == {}
    text = repr(prod)
    assert DEV_DEFAULT_MARKER not in text
    assert "-dev-secret" not in text
    realm = next(iter(_of(prod, "KeycloakRealmImport").values()))["spec"]
    assert "users" not in realm["realm"]
    clients = {c["clientId"]: c for c in realm["realm"]["clients"]}
    assert "heaolu-dev" not in clients
    for client in clients.values():
        if "secret" in client:
            name = client["secret"].removeprefix("${").removesuffix("}")
            assert realm["placeholders"][name]["secret"]["name"] == cat.KEYCLOAK_CLIENTS_SECRET


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_object_points_at_a_developers_machine(
    rendered: dict[str, Objects], overlay: str
) -> None:
    text = repr(rendered[overlay])
    assert "127.0.0.1" not in text
    assert "localhost" not in text


def test_dev_has_the_demo_users_of_the_realm_file(dev: Objects) -> None:
    realm = next(iter(_of(dev, "KeycloakRealmImport").values()))["spec"]["realm"]
    expected = {u["username"] for u in infra.realm()["users"]}
    assert {u["username"] for u in realm["users"]} == expected
    assert "heaolu-dev" in {c["clientId"] for c in realm["clients"]}
    groups = repr(realm["groups"])
    assert "'0897'" in groups, "municipality codes stay strings through kustomize"


def test_prod_is_three_of_everything_spread_over_zones(prod: Objects) -> None:
    for hpa in _of(prod, "HorizontalPodAutoscaler").values():
        assert hpa["spec"]["minReplicas"] == 3
    assert "web-api" not in _of(prod, "HorizontalPodAutoscaler"), "sessions live in one process"
    assert _of(prod, "Deployment")["web-api"]["spec"]["replicas"] == 1
    for deployment in _of(prod, "Deployment").values():
        pod = deployment["spec"]["template"]["spec"]
        zones = [c["topologyKey"] for c in pod["topologySpreadConstraints"]]
        assert zones == ["topology.kubernetes.io/zone"]
        assert pod["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    pools = _of(prod, "KafkaNodePool")
    assert pools["brokers"]["spec"]["replicas"] == 3
    assert pools["controllers"]["spec"]["replicas"] == 3
    for cluster in _of(prod, "Cluster").values():
        assert cluster["spec"]["instances"] == 3
        assert cluster["spec"]["affinity"]["topologyKey"] == "topology.kubernetes.io/zone"
    kafka = _of(prod, "Kafka")[cat.KAFKA_CLUSTER]["spec"]["kafka"]
    assert kafka["rack"]["topologyKey"] == "topology.kubernetes.io/zone"
    assert all(listener["tls"] for listener in kafka["listeners"])
    assert all(listener["authentication"]["type"] == "tls" for listener in kafka["listeners"])
    ska = next(listener for listener in kafka["listeners"] if listener["name"] == "ska")
    assert ska["networkPolicyPeers"] == [{"ipBlock": {"cidr": c}} for c in cat.SKA_FEED_SOURCES]
    assert len(_of(prod, "ScheduledBackup")) == len(_of(prod, "Cluster"))


def test_dev_is_one_of_everything(dev: Objects) -> None:
    for deployment in _of(dev, "Deployment").values():
        assert deployment["spec"].get("replicas", 1) == 1
    listeners = _of(dev, "Kafka")[cat.KAFKA_CLUSTER]["spec"]["kafka"]["listeners"]
    assert [listener["name"] for listener in listeners] == ["tls"]
    pools = _of(dev, "KafkaNodePool")
    assert set(pools) == {"brokers"}
    assert pools["brokers"]["spec"]["roles"] == ["controller", "broker"]
    assert pools["brokers"]["spec"]["replicas"] == 1
    for cluster in _of(dev, "Cluster").values():
        assert cluster["spec"]["instances"] == 1


def test_migrations_are_applied_before_the_workloads(prod: Objects) -> None:
    phases = {(o["kind"], o["metadata"]["name"]): o["metadata"]["labels"][r.PHASE] for o in prod}
    for facts in services():
        if facts.has_database:
            assert phases[("Job", f"{facts.name}-migrate")] == "2-migrate"
            assert phases[("Cluster", f"{facts.name}-db")] == "1-infrastructure"
        for role in facts.roles:
            if role != "migrate":
                assert phases[("Deployment", f"{facts.name}-{role}")] == "3-workloads"
