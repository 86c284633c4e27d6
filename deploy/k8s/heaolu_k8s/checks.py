"""Checks over rendered manifests, offline: each returns the problems it finds (empty = pass).

The tests run them over both overlays and over deliberately broken copies; ``python -m
heaolu_k8s check`` only says whether the committed files are current.

This module stays whole (about 600 lines): every check reads the same rendered objects through
the same few helpers, and the tests use it as one list of checks.
"""

from __future__ import annotations

import copy
import functools
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from heaolu_k8s import catalogue as cat
from heaolu_k8s import render as r
from heaolu_k8s.discover import ROOT, ServiceFacts, kafka_tls_settings, services

Obj = dict[str, Any]
K8S = ROOT / "deploy" / "k8s"
CRDS = K8S / "crds"
TOOLS = Path(os.environ.get("HEAOLU_TOOLS_BIN", ROOT / ".cache" / "go-bin"))
KUBERNETES_VERSION = "1.33.0"
"""The Kubernetes version whose OpenAPI schemas validate the core objects."""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CORE_GROUPS = {"v1", "apps", "batch", "policy", "autoscaling", "networking.k8s.io"}


class ToolMissing(RuntimeError):
    """kustomize or kube-score is not installed (``deploy/k8s/tools.sh``)."""


def tool(name: str) -> str:
    path = TOOLS / name
    if not path.exists():
        raise ToolMissing(f"{path} is missing: run `bash deploy/k8s/tools.sh` (make install)")
    return str(path)


def build(overlay: str | Path) -> list[Obj]:
    """``kustomize build`` of an overlay, as objects."""
    folder = overlay if isinstance(overlay, Path) else K8S / "overlays" / overlay
    result = subprocess.run(
        [tool("kustomize"), "build", str(folder)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"kustomize build {folder} failed: {result.stderr.strip()}")
    return [d for d in yaml.load_all(result.stdout, Loader=_LOADER) if d]


def group(obj: Obj) -> str:
    api: str = obj["apiVersion"]
    return api.split("/")[0] if "/" in api else "v1"


def is_core(obj: Obj) -> bool:
    return group(obj) in CORE_GROUPS


def name_of(obj: Obj) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


# --- schemas ----------------------------------------------------------------------------------


def core_schema_problems(objects: Iterable[Obj]) -> list[str]:
    """Strict validation of core objects against the Kubernetes OpenAPI schemas (unknown
    fields rejected), with the schemas the ``kubernetes-validate`` package ships."""
    import kubernetes_validate

    problems = []
    for obj in objects:
        if not is_core(obj):
            continue
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except Exception as exc:
            problems.append(f"{name_of(obj)}: {str(exc).splitlines()[0]}")
    return problems


def _strict(schema: Any) -> Any:
    """An OpenAPI v3 CRD schema as JSON Schema that refuses unknown fields, as the API server
    does with strict field validation."""
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: v if k == "properties" else _strict(v) for k, v in schema.items()}
    if schema.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    if (
        out.get("type") == "object"
        and "properties" in out
        and "additionalProperties" not in out
        and not schema.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {k: _strict(v) for k, v in schema["properties"].items()}
    return out


@functools.cache
def crd_schemas() -> dict[tuple[str, str], Any]:
    """(apiVersion, kind) → validator, from the CRDs vendored under ``deploy/k8s/crds``."""
    from jsonschema import Draft7Validator

    found: dict[tuple[str, str], Any] = {}
    for path in sorted(CRDS.rglob("*.y*ml")):
        for crd in yaml.load_all(path.read_text(), Loader=_LOADER):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for version in spec["versions"]:
                if not version.get("served", True):
                    continue
                schema = _strict(version["schema"]["openAPIV3Schema"])
                schema["properties"].update(
                    apiVersion={"type": "string"},
                    kind={"type": "string"},
                    metadata={"type": "object"},
                )
                key = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
                found[key] = Draft7Validator(schema)
    return found


def crd_schema_problems(objects: Iterable[Obj]) -> list[str]:
    """Validation of custom resources against their operators' CRD schemas."""
    schemas = crd_schemas()
    problems = []
    for obj in objects:
        if is_core(obj):
            continue
        validator = schemas.get((obj["apiVersion"], obj["kind"]))
        if validator is None:
            problems.append(f"{name_of(obj)}: no CRD schema for {obj['apiVersion']}")
            continue
        for error in sorted(validator.iter_errors(obj), key=lambda e: list(e.path)):
            path = "/".join(str(p) for p in error.path)
            problems.append(f"{name_of(obj)}: {path}: {error.message[:200]}")
    return problems


# --- hardening --------------------------------------------------------------------------------

AVAILABILITY_TESTS = (
    "deployment-replicas",
    "deployment-has-host-podantiaffinity",
    "horizontalpodautoscaler-replicas",
    "pod-topology-spread-constraints",
)
"""kube-score's availability tests: for prod; one replica is the point of the dev overlay."""


def kube_score_problems(objects: Iterable[Obj], *, availability: bool) -> list[str]:
    """kube-score over the core objects: everything it reports that is not OK or skipped."""
    core = [o for o in objects if is_core(o)]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
        f.write(yaml.safe_dump_all(core))
        f.flush()
        command = [
            tool("kube-score"),
            "score",
            "--output-format",
            "ci",
            "--enable-optional-test",
            "container-seccomp-profile",
        ]
        if not availability:
            for test in AVAILABILITY_TESTS:
                command += ["--ignore-test", test]
        result = subprocess.run([*command, f.name], capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    problems = [
        line for line in lines if not line.startswith("[OK]") and not line.startswith("[SKIPPED]")
    ]
    if result.returncode not in (0, 1) or (result.returncode == 1 and not problems):
        problems.append(f"kube-score failed: {result.stderr.strip()}")
    return problems


def pod_specs(objects: Iterable[Obj]) -> Iterator[tuple[Obj, Obj]]:
    """(owner, pod spec) of every workload."""
    for obj in objects:
        if obj["kind"] in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
            yield obj, obj["spec"]["template"]["spec"]
        elif obj["kind"] == "CronJob":
            yield obj, obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def hardening_problems(objects: list[Obj]) -> list[str]:
    """The project's own rules for every container (issue 17, point 4)."""
    problems = []
    for owner, pod in pod_specs(objects):
        where = name_of(owner)
        pod_context = pod.get("securityContext", {})
        if pod.get("automountServiceAccountToken") is not False:
            problems.append(f"{where}: mounts a service-account token")
        if pod.get("hostNetwork") or pod.get("hostPID") or pod.get("hostIPC"):
            problems.append(f"{where}: shares a host namespace")
        if "terminationGracePeriodSeconds" not in pod:
            problems.append(f"{where}: no terminationGracePeriodSeconds")
        for container in pod.get("initContainers", []) + pod["containers"]:
            c = f"{where}/{container['name']}"
            context = {**pod_context, **container.get("securityContext", {})}
            if context.get("runAsNonRoot") is not True or context.get("runAsUser", 0) == 0:
                problems.append(f"{c}: may run as root")
            if context.get("privileged"):
                problems.append(f"{c}: privileged")
            if context.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{c}: privilege escalation allowed")
            if context.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{c}: writable root filesystem")
            if context.get("capabilities", {}).get("drop") != ["ALL"]:
                problems.append(f"{c}: capabilities not all dropped")
            if context.get("capabilities", {}).get("add"):
                problems.append(f"{c}: adds capabilities")
            if context.get("seccompProfile", {}).get("type") != "RuntimeDefault":
                problems.append(f"{c}: seccomp profile is not RuntimeDefault")
            res = container.get("resources", {})
            for kind in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in res.get(kind, {}):
                        problems.append(f"{c}: no {resource} {kind[:-1]}")
            if (
                owner["kind"] == "Deployment"
                and owner["metadata"]["labels"].get("app.kubernetes.io/component") == "api"
            ):
                probes = {
                    "livenessProbe": "/healthz",
                    "readinessProbe": "/readyz",
                    "startupProbe": "/healthz",
                }
                for probe, path in probes.items():
                    if container.get(probe, {}).get("httpGet", {}).get("path") != path:
                        problems.append(f"{c}: {probe} is not on {path}")
    for obj in objects:
        if obj["kind"] == "Namespace":
            enforce = obj["metadata"].get("labels", {}).get("pod-security.kubernetes.io/enforce")
            if enforce != "restricted":
                problems.append(f"{name_of(obj)}: Pod Security Standard is not restricted")
    if not any(o["kind"] == "Namespace" for o in objects):
        problems.append("no Namespace with the restricted Pod Security Standard")
    return problems


# --- contracts between the code and the manifests --------------------------------------------


def _by_kind(objects: Iterable[Obj], kind: str) -> dict[str, Obj]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def topic_problems(objects: list[Obj], *, single_broker: bool) -> list[str]:
    """Every topic of ``heaolu_shared.topics`` is a KafkaTopic with its settings, and no other."""
    from heaolu_shared.topics import TOPICS

    rendered = _by_kind(objects, "KafkaTopic")
    problems = [
        f"KafkaTopic/{n}: not in the topic catalogue"
        for n in rendered
        if n not in {t.name for t in TOPICS}
    ]
    for t in TOPICS:
        topic = rendered.get(t.name)
        if topic is None:
            problems.append(f"topic {t.name}: no KafkaTopic")
            continue
        replicas = 1 if single_broker else t.replication_factor
        insync = 1 if single_broker else t.min_insync_replicas
        spec = topic["spec"]
        config = spec.get("config", {})
        expected = {
            "partitions": (spec.get("partitions"), t.partitions),
            "replicas": (spec.get("replicas"), replicas),
            "retention.ms": (config.get("retention.ms"), t.retention_ms),
            "cleanup.policy": (config.get("cleanup.policy"), t.cleanup_policy),
            "min.insync.replicas": (config.get("min.insync.replicas"), insync),
        }
        for key, (actual, want) in expected.items():
            if actual != want:
                problems.append(
                    f"KafkaTopic/{t.name}: {key} is {actual!r}, the catalogue says {want!r}"
                )
        if topic["metadata"]["labels"].get("strimzi.io/cluster") != cat.KAFKA_CLUSTER:
            problems.append(f"KafkaTopic/{t.name}: not bound to the Kafka cluster")
    return problems


def _acl_set(user: Obj) -> set[tuple[str, str, str, str]]:
    found = set()
    for rule in user["spec"].get("authorization", {}).get("acls", []):
        resource = rule["resource"]
        for operation in rule.get("operations", []):
            found.add(
                (
                    resource["type"],
                    resource.get("name", ""),
                    resource.get("patternType", "literal"),
                    operation,
                )
            )
    return found


def expected_acls(facts: ServiceFacts) -> set[tuple[str, str, str, str]]:
    """What the service's code produces to and consumes from, as ACLs."""
    acls = set()
    for topic in facts.produces:
        acls |= {("topic", topic, "literal", "Write"), ("topic", topic, "literal", "Describe")}
    for consumer in facts.consumers:
        acls.add(("group", consumer.group, "literal", "Read"))
        for topic in consumer.topics:
            acls |= {("topic", topic, "literal", "Read"), ("topic", topic, "literal", "Describe")}
    return acls


def acl_problems(objects: list[Obj]) -> list[str]:
    """Each service's KafkaUser allows exactly what its code does; SKA reads its feed only."""
    users = _by_kind(objects, "KafkaUser")
    problems = []
    expected: dict[str, set[tuple[str, str, str, str]]] = {
        r.kafka_user(f.name): expected_acls(f) for f in services() if f.uses_kafka
    }
    expected[cat.SKA_FEED_USER] = {
        ("topic", cat.SKA_FEED_TOPIC, "literal", "Read"),
        ("topic", cat.SKA_FEED_TOPIC, "literal", "Describe"),
        ("group", cat.SKA_FEED_GROUP_PREFIX, "prefix", "Read"),
    }
    for name in sorted(set(users) - set(expected)):
        problems.append(f"KafkaUser/{name}: no service or consumer of that name")
    for name, want in sorted(expected.items()):
        user = users.get(name)
        if user is None:
            problems.append(f"KafkaUser/{name}: missing")
            continue
        have = _acl_set(user)
        for acl in sorted(want - have):
            problems.append(f"KafkaUser/{name}: missing ACL {acl}")
        for acl in sorted(have - want):
            problems.append(f"KafkaUser/{name}: ACL {acl} beyond what the code does")
        spec = user["spec"]
        if spec.get("authentication", {}).get("type") != "tls":
            problems.append(f"KafkaUser/{name}: not authenticated by a TLS client certificate")
        if any(rule.get("type", "allow") != "allow" for rule in spec["authorization"]["acls"]):
            problems.append(f"KafkaUser/{name}: deny rules are not expected")
    return problems


def _container_env(objects: list[Obj], container: Obj) -> dict[str, str]:
    """The environment a container gets: its ConfigMaps, then its own variables."""
    maps = _by_kind(objects, "ConfigMap")
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef", {}).get("name")
        if ref is not None and ref in maps:
            env.update(maps[ref].get("data", {}))
    for variable in container.get("env", []):
        if "value" in variable:
            env[variable["name"]] = variable["value"]
        else:
            ref = variable["valueFrom"].get("secretKeyRef", {})
            env[variable["name"]] = f"<secret {ref.get('name')}/{ref.get('key')}>"
    return env


def _workloads(objects: list[Obj]) -> Iterator[tuple[ServiceFacts, str, Obj, Obj]]:
    """(service, role, owner, container) for every container of a Heaolu service."""
    by_name = {f.name: f for f in services()}
    for owner, pod in pod_specs(objects):
        labels = owner["metadata"].get("labels", {})
        facts = by_name.get(labels.get("app.kubernetes.io/name", ""))
        if facts is None:
            continue
        role = labels.get("app.kubernetes.io/component", "")
        for container in pod["containers"]:
            yield facts, role, owner, container


def env_problems(objects: list[Obj]) -> list[str]:
    """Every setting that cannot keep its default in a cluster is set, and the Kafka clients
    get their TLS files."""
    problems = []
    seen = set()
    for facts, role, owner, container in _workloads(objects):
        seen.add((facts.name, role))
        env = _container_env(objects, container)
        required = {s.env for s in facts.settings_to_set()}
        if facts.uses_kafka and role != "migrate":
            required |= set(kafka_tls_settings())
        for name in sorted(required - set(env)):
            problems.append(f"{name_of(owner)}: {name} is not set")
        for setting in facts.settings:
            value = env.get(setting.env, "")
            if setting.secret and setting.env in env and not value.startswith("<secret "):
                problems.append(f"{name_of(owner)}: {setting.env} is not taken from a Secret")
            if any(m in value for m in ("127.0.0.1", "localhost")):
                problems.append(f"{name_of(owner)}: {setting.env} points at a local address")
    for facts in services():
        for role in facts.roles:
            if (facts.name, role) not in seen:
                problems.append(f"{facts.name}: role {role} has no workload")
    return problems


def command_problems(objects: list[Obj]) -> list[str]:
    """Every container runs a console script that the service declares for that role, and that
    script resolves to the role's entry point."""
    import importlib

    problems = []
    for facts, role, owner, container in _workloads(objects):
        command = container.get("command", [])
        script = facts.scripts.get(role)
        if role not in facts.roles:
            problems.append(f"{name_of(owner)}: {facts.name} has no role {role}")
            continue
        if not command or command[0] != script:
            problems.append(f"{name_of(owner)}: command {command[:1]} is not the {role} script")
            continue
        commands = importlib.import_module(f"{facts.package}.main").commands
        if not callable(getattr(commands, f"run_{role}", None)):
            problems.append(f"{name_of(owner)}: {script} has no entry point")
    return problems


# --- network policies -------------------------------------------------------------------------


@dataclass(frozen=True)
class Pod:
    """A pod as network policies see it."""

    name: str
    labels: dict[str, str] = field(hash=False)
    namespace: str = cat.NAMESPACE
    external: bool = False


def _matches(selector: Obj, labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items()) and all(
        _expression(e, labels) for e in selector.get("matchExpressions", [])
    )


def _expression(expression: Obj, labels: dict[str, str]) -> bool:
    key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
    if operator == "In":
        return labels.get(key) in values
    if operator == "NotIn":
        return labels.get(key) not in values
    if operator == "Exists":
        return key in labels
    return key not in labels


def _peer(peer: Obj, pod: Pod, policy_namespace: str) -> bool:
    if "ipBlock" in peer:
        return pod.external
    if pod.external:
        return False
    if "namespaceSelector" in peer:
        namespace_labels = {"kubernetes.io/metadata.name": pod.namespace}
        if not _matches(peer["namespaceSelector"], namespace_labels):
            return False
    elif pod.namespace != policy_namespace:
        return False
    return "podSelector" not in peer or _matches(peer["podSelector"], pod.labels)


def _port(rule: Obj, port: int, protocol: str) -> bool:
    ports = rule.get("ports")
    if not ports:
        return True
    return any(p.get("port") == port and p.get("protocol", "TCP") == protocol for p in ports)


def allowed(
    policies: list[Obj], source: Pod, target: Pod, port: int, protocol: str = "TCP"
) -> bool:
    """Whether policies let ``source`` open ``port`` on ``target`` (both directions checked)."""

    def direction(pod: Pod, other: Pod, kind: str, key: str, peers: str) -> bool:
        selecting = [
            p
            for p in policies
            if p["metadata"].get("namespace", cat.NAMESPACE) == pod.namespace
            and not pod.external
            and kind in p["spec"].get("policyTypes", ["Ingress"])
            and _matches(p["spec"]["podSelector"], pod.labels)
        ]
        if not selecting:
            return True
        for p in selecting:
            for rule in p["spec"].get(key, []):
                if _port(rule, port, protocol) and (
                    peers not in rule
                    or any(
                        _peer(peer, other, p["metadata"].get("namespace", cat.NAMESPACE))
                        for peer in rule[peers]
                    )
                ):
                    return True
        return False

    return direction(source, target, "Egress", "egress", "to") and direction(
        target, source, "Ingress", "ingress", "from"
    )


def infrastructure_pods() -> dict[str, Pod]:
    """The pods that operators and other teams run, with the labels they carry."""
    pods = {
        "ingress": Pod("ingress", {"app": "ingress-nginx"}, cat.INGRESS_NAMESPACE),
        "telemetry": Pod("telemetry", {"app": "otel-collector"}, cat.TELEMETRY_NAMESPACE),
        "dns": Pod("dns", {"k8s-app": "kube-dns"}, "kube-system"),
        "kafka": Pod("kafka", {**r.KAFKA_BROKER_POD, "strimzi.io/kind": "Kafka"}),
        "keycloak": Pod("keycloak", {**r.KEYCLOAK_POD, **r.KEYCLOAK_MANAGED}),
        "internet": Pod("internet", {}, "", external=True),
    }
    for f in services():
        if f.has_database:
            pods[f"{f.name}-db"] = Pod(f"{f.name}-db", r.database_pod(f.name))
    return pods


def expected_connections() -> set[tuple[str, str, int]]:
    """What the code connects to, role by role: (source, target, port)."""
    expected: set[tuple[str, str, int]] = set()
    for f in services():
        for role in f.roles:
            source = f"{f.name}-{role}"
            if f.has_database:
                expected.add((source, f"{f.name}-db", r.DB_PORT))
            if role == "migrate":
                continue
            if f.uses_kafka:
                expected.add((source, "kafka", cat.KAFKA_TLS_PORT))
            expected.add((source, "telemetry", cat.TELEMETRY_PORT))
            if role == "api":
                expected.add((source, "keycloak", cat.KEYCLOAK_HTTP_PORT))
                for called in f.calls:
                    port = next(u.port for u in services() if u.name == called)
                    expected.add((source, f"{called}-api", port))
                if f.entry.public_host is not None:
                    expected.add(("ingress", source, f.port))
                if f.entry.public_auth:
                    expected.add((source, "ingress", 443))
    expected.add(("ingress", "keycloak", cat.KEYCLOAK_HTTP_PORT))
    return expected


def network_problems(objects: list[Obj]) -> list[str]:
    """The policies allow every connection a service makes and, among the services, their
    databases, Kafka, Keycloak and the telemetry collector, no other; everything reaches DNS."""
    policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
    pods = infrastructure_pods()
    for owner in objects:
        if owner["kind"] in ("Deployment", "Job"):
            labels = owner["spec"]["template"]["metadata"].get("labels", {})
            pods[owner["metadata"]["name"]] = Pod(owner["metadata"]["name"], labels)
    ports: dict[str, int] = {
        "kafka": cat.KAFKA_TLS_PORT,
        "keycloak": cat.KEYCLOAK_HTTP_PORT,
        "telemetry": cat.TELEMETRY_PORT,
        "ingress": 443,
        **{f"{f.name}-db": r.DB_PORT for f in services() if f.has_database},
        **{f"{f.name}-api": f.port for f in services()},
    }
    expected = expected_connections()
    problems = []
    sources = [n for n in pods if n not in ("dns", "internet", "telemetry", "kafka", "keycloak")]
    sources = [n for n in sources if not n.endswith("-db")]
    for source in sources:
        for target, port in ports.items():
            if target not in pods or source == target:
                continue
            if pods[source].namespace != cat.NAMESPACE and pods[target].namespace != cat.NAMESPACE:
                continue
            is_allowed = allowed(policies, pods[source], pods[target], port)
            wanted = (source, target, port) in expected
            if wanted and not is_allowed:
                problems.append(f"{source} → {target}:{port} is needed but not allowed")
            if is_allowed and not wanted:
                problems.append(f"{source} → {target}:{port} is allowed but not needed")
        if source != "ingress" and not allowed(policies, pods[source], pods["dns"], 53, "UDP"):
            problems.append(f"{source} cannot resolve names (DNS)")
        if source != "ingress" and allowed(policies, pods[source], pods["internet"], 443):
            problems.append(f"{source} may reach the internet")
    missing = {(s, t, p) for s, t, p in expected if s not in pods or t not in pods}
    problems += [f"{s} → {t}:{p}: no such workload" for s, t, p in sorted(missing)]
    return problems


def mutated(objects: list[Obj], kind: str, name: str, change: Any) -> list[Obj]:
    """A deep copy of ``objects`` with ``change`` applied to the named object (for tests)."""
    copied = copy.deepcopy(objects)
    for obj in copied:
        if obj["kind"] == kind and obj["metadata"]["name"] == name:
            change(obj)
            return copied
    raise KeyError(f"{kind}/{name}")
