"""The services' objects (workloads, their configuration and identity) and the names and labels
that the infrastructure and network modules refer to."""

from __future__ import annotations

import json
from typing import Any

from heaolu_k8s import catalogue as cat
from heaolu_k8s.discover import (
    LOCAL_URL,
    ServiceFacts,
    Setting,
    kafka_tls_settings,
    local_urls,
    service_at,
    services,
)

Obj = dict[str, Any]

STRIMZI = "kafka.strimzi.io/v1"
CNPG = "postgresql.cnpg.io/v1"
KEYCLOAK_API = "k8s.keycloak.org/v2alpha1"
POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:17.6"
KAFKA_VERSION = "4.3.1"
UID = 65532
"""The distroless ``nonroot`` user of the image (``Containerfile``)."""
PHASE = "heaolu.ee/apply-phase"
"""Apply order (README): infrastructure, then migrations, then workloads."""
KAFKA_CLIENT = "heaolu.ee/kafka-client"
KAFKA_CERTS = "/etc/heaolu/kafka"
DB_PORT = 5432
KEYCLOAK_POD = {"app": "keycloak", "app.kubernetes.io/instance": cat.KEYCLOAK}
KEYCLOAK_MANAGED = {"app.kubernetes.io/managed-by": "keycloak-operator"}
KAFKA_POD = {"strimzi.io/cluster": cat.KAFKA_CLUSTER}
KAFKA_BROKER_POD = {"strimzi.io/cluster": cat.KAFKA_CLUSTER, "strimzi.io/broker-role": "true"}
ANYWHERE_TLS = [{"port": 443, "protocol": "TCP"}, {"port": 6443, "protocol": "TCP"}]
"""The Kubernetes API server and object storage have no pod labels; operators may narrow this to
their CIDRs."""


def meta(name: str, labels: dict[str, str], phase: str, **extra: Any) -> Obj:
    return {"name": name, "labels": {**labels, PHASE: phase}, **extra}


def service_labels(name: str, component: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": cat.PART_OF,
    }


def selector(name: str, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/component": component}


def database_cluster(service: str) -> str:
    return f"{service}-db"


def database_pod(service: str) -> dict[str, str]:
    return {"cnpg.io/cluster": database_cluster(service)}


def kafka_user(service: str) -> str:
    return f"kafka-{service}"


def container_port(facts: ServiceFacts) -> int:
    return facts.port


def resources(size: cat.Size) -> Obj:
    return {
        "requests": {"cpu": size.cpu, "memory": size.memory, "ephemeral-storage": size.ephemeral},
        "limits": {
            "cpu": size.cpu_limit,
            "memory": size.memory_limit,
            "ephemeral-storage": size.ephemeral,
        },
    }


# --- the workloads -----------------------------------------------------------------------------


def _env(facts: ServiceFacts, role: str) -> list[Obj]:
    env: list[Obj] = []
    if facts.has_database:
        secret = f"{database_cluster(facts.name)}-app"
        env += [
            {
                "name": "DB_USER",
                "valueFrom": {"secretKeyRef": {"name": secret, "key": "username"}},
            },
            {
                "name": "DB_PASSWORD",
                "valueFrom": {"secretKeyRef": {"name": secret, "key": "password"}},
            },
            {
                "name": "HEAOLU_DATABASE_URL",
                "value": (
                    "postgresql+asyncpg://$(DB_USER):$(DB_PASSWORD)@"
                    f"{database_cluster(facts.name)}-rw:{DB_PORT}/{facts.name}"
                ),
            },
        ]
    for setting in facts.settings:
        if setting.secret:
            env.append(
                {
                    "name": setting.env,
                    "valueFrom": {
                        "secretKeyRef": {
                            "name": cat.KEYS_SECRET,
                            "key": setting.name.replace("_", "-"),
                        }
                    },
                }
            )
    return env


def _volumes(facts: ServiceFacts, role: str) -> tuple[list[Obj], list[Obj]]:
    volumes: list[Obj] = [{"name": "tmp", "emptyDir": {"sizeLimit": "32Mi"}}]
    mounts: list[Obj] = [{"name": "tmp", "mountPath": "/tmp"}]
    if facts.uses_kafka and role != "migrate":
        volumes.append(
            {
                "name": "kafka-certs",
                "projected": {
                    "sources": [
                        {
                            "secret": {
                                "name": f"{cat.KAFKA_CLUSTER}-cluster-ca-cert",
                                "items": [{"key": "ca.crt", "path": "ca.crt"}],
                            }
                        },
                        {
                            "secret": {
                                "name": kafka_user(facts.name),
                                "items": [
                                    {"key": "user.crt", "path": "user.crt"},
                                    {"key": "user.key", "path": "user.key"},
                                ],
                            }
                        },
                    ]
                },
            }
        )
        mounts.append({"name": "kafka-certs", "mountPath": KAFKA_CERTS, "readOnly": True})
    return volumes, mounts


def _container(facts: ServiceFacts, role: str) -> Obj:
    volumes, mounts = _volumes(facts, role)
    del volumes
    size = facts.entry.api_size if role == "api" else facts.entry.worker_size
    container: Obj = {
        "name": role,
        "image": cat.IMAGE,
        "imagePullPolicy": "Always",
        "command": [facts.scripts[role]],
    }
    if role == "api":
        container["args"] = ["--host", "0.0.0.0", "--port", str(container_port(facts))]
        container["ports"] = [{"name": "http", "containerPort": container_port(facts)}]
    container["envFrom"] = [
        {"configMapRef": {"name": "heaolu-common"}},
        {"configMapRef": {"name": f"{facts.name}-config"}},
    ]
    env = _env(facts, role)
    if env:
        container["env"] = env
    container["resources"] = resources(size)
    container["securityContext"] = {
        "runAsNonRoot": True,
        "runAsUser": UID,
        "runAsGroup": UID,
        "readOnlyRootFilesystem": True,
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    if role == "api":
        http = {"port": "http"}
        container["startupProbe"] = {
            "httpGet": {"path": "/healthz", **http},
            "periodSeconds": 2,
            "failureThreshold": 30,
        }
        container["livenessProbe"] = {
            "httpGet": {"path": "/healthz", **http},
            "periodSeconds": 10,
            "timeoutSeconds": 2,
            "failureThreshold": 3,
        }
        container["readinessProbe"] = {
            "httpGet": {"path": "/readyz", **http},
            "periodSeconds": 5,
            "timeoutSeconds": 3,
            "failureThreshold": 2,
        }
    container["volumeMounts"] = mounts
    return container


def _pod(facts: ServiceFacts, role: str) -> Obj:
    volumes, _ = _volumes(facts, role)
    labels = service_labels(facts.name, role)
    if facts.uses_kafka and role != "migrate":
        labels[KAFKA_CLIENT] = "true"
    spec: Obj = {
        "serviceAccountName": facts.name,
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": UID,
            "runAsGroup": UID,
            "fsGroup": UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "terminationGracePeriodSeconds": 30 if role == "api" else 45,
        "containers": [_container(facts, role)],
        "volumes": volumes,
    }
    if role == "migrate":
        spec["restartPolicy"] = "Never"
    return {"metadata": {"labels": labels}, "spec": spec}


def deployment(facts: ServiceFacts, role: str) -> Obj:
    name = f"{facts.name}-{role}"
    autoscaled = role == "api" and not facts.entry.single_process
    replicas = {} if autoscaled else {"replicas": 1}
    extra = (
        {"annotations": {"kube-score/ignore": "deployment-replicas"}}
        if facts.entry.single_process
        else {}
    )
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta(name, service_labels(facts.name, role), "3-workloads", **extra),
        "spec": {
            **replicas,
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": selector(facts.name, role)},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1},
            },
            "template": _pod(facts, role),
        },
    }


def migration_job(facts: ServiceFacts) -> Obj:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": meta(
            f"{facts.name}-migrate", service_labels(facts.name, "migrate"), "2-migrate"
        ),
        "spec": {
            "backoffLimit": 6,
            "activeDeadlineSeconds": 1800,
            "template": _pod(facts, "migrate"),
        },
    }


def api_service(facts: ServiceFacts) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": meta(facts.name, service_labels(facts.name, "api"), "3-workloads"),
        "spec": {
            "selector": selector(facts.name, "api"),
            "ports": [
                {
                    "name": "http",
                    "port": container_port(facts),
                    "targetPort": "http",
                    "protocol": "TCP",
                }
            ],
        },
    }


def service_account(facts: ServiceFacts) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": meta(facts.name, service_labels(facts.name, "identity"), "1-infrastructure"),
        "automountServiceAccountToken": False,
    }


def disruption_budget(facts: ServiceFacts, role: str) -> Obj:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": meta(f"{facts.name}-{role}", service_labels(facts.name, role), "3-workloads"),
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": selector(facts.name, role)}},
    }


def autoscaler(facts: ServiceFacts) -> Obj:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": meta(f"{facts.name}-api", service_labels(facts.name, "api"), "3-workloads"),
        "spec": {
            "scaleTargetRef": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": f"{facts.name}-api",
            },
            "minReplicas": 1,
            "maxReplicas": 3,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
        },
    }


def cluster_value(facts: ServiceFacts, setting: Setting, hosts: dict[str, str]) -> str | None:
    """What a setting whose default is a local address becomes in the cluster: another
    service's address by its port, browser origins the front ends' public origin; ``None``
    when it cannot be derived (the catalogue must then set it)."""
    ports = {f.port: f.name for f in services()}

    def in_cluster(url: str) -> str | None:
        name = service_at(url, ports)
        match = LOCAL_URL.match(url)
        if name is None or name == facts.name or match is None:
            return None
        return f"http://{name}:{match.group(1)}{match.group(2) or ''}"

    default = setting.default
    if isinstance(default, str) and local_urls(default):
        return in_cluster(default)
    if isinstance(default, dict) and local_urls(default):
        mapped = {k: in_cluster(v) for k, v in default.items()}
        if any(v is None for v in mapped.values()):
            return None
        return json.dumps(mapped, sort_keys=True)
    if isinstance(default, list) and local_urls(default):
        return json.dumps([f"https://{hosts['app']}"])
    return None


def config_map(facts: ServiceFacts, hosts: dict[str, str]) -> Obj:
    common = common_config(hosts)["data"]
    data: dict[str, str] = {}
    for setting in facts.settings:
        if setting.local and setting.env not in common:
            value = cluster_value(facts, setting, hosts)
            if value is not None:
                data[setting.env] = value
    data.update({k: v.format(**hosts) for k, v in facts.entry.settings.items()})
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": meta(
            f"{facts.name}-config", service_labels(facts.name, "config"), "1-infrastructure"
        ),
        "data": dict(sorted(data.items())),
    }


def port_of(service: str) -> int | None:
    for facts in services():
        if facts.name == service:
            return facts.port
    return None


def common_config(hosts: dict[str, str]) -> Obj:
    """Settings every service shares; the overlays replace the environment and the hosts."""
    tls = dict(zip(kafka_tls_settings(), ("ca.crt", "user.crt", "user.key"), strict=True))
    data = {
        "HEAOLU_ENVIRONMENT": "prod",
        "HEAOLU_KAFKA_BOOTSTRAP": (
            f"{cat.KAFKA_CLUSTER}-kafka-bootstrap.{cat.NAMESPACE}.svc:{cat.KAFKA_TLS_PORT}"
        ),
        "HEAOLU_OIDC_ISSUER": f"https://{hosts['auth']}/realms/{cat.REALM}",
        "HEAOLU_OIDC_JWKS_URL": (
            f"http://{cat.KEYCLOAK}-service.{cat.NAMESPACE}.svc:{cat.KEYCLOAK_HTTP_PORT}"
            f"/realms/{cat.REALM}/protocol/openid-connect/certs"
        ),
        "HEAOLU_OTLP_ENDPOINT": cat.TELEMETRY_ENDPOINT,
        "HEAOLU_TRACE_SAMPLE_RATIO": str(cat.TRACE_SAMPLE_RATIO),
        **{env: f"{KAFKA_CERTS}/{file}" for env, file in tls.items()},
    }
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": meta(
            "heaolu-common", {"app.kubernetes.io/part-of": cat.PART_OF}, "1-infrastructure"
        ),
        "data": dict(sorted(data.items())),
    }
