"""Kubernetes objects of the base, built from the catalogue and the facts read from the code.

This module stays whole (about 600 lines) because every object refers to names and labels
defined in the others; split, the cross-references would be spread over several files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from heaolu_k8s import catalogue as cat
from heaolu_k8s.discover import (
    LOCAL_URL,
    ROOT,
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
    replicas = {} if role == "api" else {"replicas": 1}  # the autoscaler sets the API's
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta(name, service_labels(facts.name, role), "3-workloads"),
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


def _port_of(service: str) -> int | None:
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


# --- PostgreSQL through CloudNativePG --------------------------------------------------------


def database(name: str, database_name: str, owner: str, size: str) -> list[Obj]:
    cluster = {
        "apiVersion": CNPG,
        "kind": "Cluster",
        "metadata": meta(name, {"app.kubernetes.io/part-of": cat.PART_OF}, "1-infrastructure"),
        "spec": {
            "instances": 3,
            "imageName": POSTGRES_IMAGE,
            "primaryUpdateStrategy": "unsupervised",
            "bootstrap": {"initdb": {"database": database_name, "owner": owner}},
            "enableSuperuserAccess": False,
            "storage": {"size": size},
            "resources": {
                "requests": {"cpu": "100m", "memory": "256Mi"},
                "limits": {"cpu": "1", "memory": "512Mi"},
            },
            "affinity": {
                "enablePodAntiAffinity": True,
                "topologyKey": "kubernetes.io/hostname",
            },
            "backup": {
                "retentionPolicy": "30d",
                "barmanObjectStore": {
                    "destinationPath": f"s3://heaolu-backups/{name}",
                    "s3Credentials": {
                        "accessKeyId": {"name": cat.BACKUP_SECRET, "key": "ACCESS_KEY_ID"},
                        "secretAccessKey": {
                            "name": cat.BACKUP_SECRET,
                            "key": "ACCESS_SECRET_KEY",
                        },
                    },
                    "wal": {"compression": "gzip"},
                    "data": {"compression": "gzip"},
                },
            },
        },
    }
    backup = {
        "apiVersion": CNPG,
        "kind": "ScheduledBackup",
        "metadata": meta(
            f"{name}-daily", {"app.kubernetes.io/part-of": cat.PART_OF}, "1-infrastructure"
        ),
        "spec": {
            "schedule": "0 30 1 * * *",
            "backupOwnerReference": "self",
            "method": "barmanObjectStore",
            "cluster": {"name": name},
        },
    }
    return [cluster, backup]


# --- Kafka through Strimzi ---------------------------------------------------------------------


def kafka_cluster() -> list[Obj]:
    labels = {"app.kubernetes.io/part-of": cat.PART_OF}
    kafka = {
        "apiVersion": STRIMZI,
        "kind": "Kafka",
        "metadata": meta(cat.KAFKA_CLUSTER, labels, "1-infrastructure"),
        "spec": {
            "kafka": {
                "version": KAFKA_VERSION,
                "listeners": [
                    {
                        "name": "tls",
                        "port": cat.KAFKA_TLS_PORT,
                        "type": "internal",
                        "tls": True,
                        "authentication": {"type": "tls"},
                        "networkPolicyPeers": [
                            {"podSelector": {"matchLabels": {KAFKA_CLIENT: "true"}}}
                        ],
                    }
                ],
                "authorization": {"type": "simple"},
                "config": {
                    "auto.create.topics.enable": False,
                    "default.replication.factor": 3,
                    "min.insync.replicas": 2,
                    "offsets.topic.replication.factor": 3,
                    "transaction.state.log.replication.factor": 3,
                    "transaction.state.log.min.isr": 2,
                },
            },
            "entityOperator": {"topicOperator": {}, "userOperator": {}},
        },
    }
    pools = [
        {
            "apiVersion": STRIMZI,
            "kind": "KafkaNodePool",
            "metadata": meta(
                role + "s", {**labels, "strimzi.io/cluster": cat.KAFKA_CLUSTER}, "1-infrastructure"
            ),
            "spec": {
                "replicas": 3,
                "roles": [role],
                "storage": {
                    "type": "jbod",
                    "volumes": [
                        {
                            "id": 0,
                            "type": "persistent-claim",
                            "size": "100Gi" if role == "broker" else "10Gi",
                            "deleteClaim": False,
                            "kraftMetadata": "shared",
                        }
                    ],
                },
                "resources": {
                    "requests": {"cpu": "250m", "memory": "1Gi"},
                    "limits": {"cpu": "2", "memory": "2Gi"},
                },
            },
        }
        for role in ("controller", "broker")
    ]
    return [kafka, *pools]


def kafka_topics() -> list[Obj]:
    from heaolu_shared.topics import TOPICS

    return [
        {
            "apiVersion": STRIMZI,
            "kind": "KafkaTopic",
            "metadata": meta(
                t.name,
                {"app.kubernetes.io/part-of": cat.PART_OF, "strimzi.io/cluster": cat.KAFKA_CLUSTER},
                "1-infrastructure",
            ),
            "spec": {
                "partitions": t.partitions,
                "replicas": t.replication_factor,
                "config": {
                    "retention.ms": t.retention_ms,
                    "cleanup.policy": t.cleanup_policy,
                    "min.insync.replicas": t.min_insync_replicas,
                },
            },
        }
        for t in TOPICS
    ]


def acl(kind: str, name: str, operations: list[str], pattern: str = "literal") -> Obj:
    return {
        "resource": {"type": kind, "name": name, "patternType": pattern},
        "operations": operations,
        "host": "*",
    }


def kafka_user_object(name: str, acls: list[Obj], labels: dict[str, str]) -> Obj:
    return {
        "apiVersion": STRIMZI,
        "kind": "KafkaUser",
        "metadata": meta(
            name, {**labels, "strimzi.io/cluster": cat.KAFKA_CLUSTER}, "1-infrastructure"
        ),
        "spec": {
            "authentication": {"type": "tls"},
            "authorization": {"type": "simple", "acls": acls},
        },
    }


def service_kafka_user(facts: ServiceFacts) -> Obj:
    acls = [acl("topic", t, ["Write", "Describe"]) for t in facts.produces]
    acls += [acl("topic", t, ["Read", "Describe"]) for t in facts.consumes]
    acls += [acl("group", c.group, ["Read"]) for c in facts.consumers]
    return kafka_user_object(kafka_user(facts.name), acls, service_labels(facts.name, "identity"))


def ska_feed_user() -> Obj:
    return kafka_user_object(
        cat.SKA_FEED_USER,
        [
            acl("topic", cat.SKA_FEED_TOPIC, ["Read", "Describe"]),
            acl("group", cat.SKA_FEED_GROUP_PREFIX, ["Read"], pattern="prefix"),
        ],
        {"app.kubernetes.io/part-of": cat.PART_OF},
    )


# --- Keycloak through its operator ------------------------------------------------------------

REALM_FILE = ROOT / "deploy" / "local" / "realm-heaolu.json"
DEV_ONLY_CLIENTS = {"heaolu-dev"}
"""Clients that exist only in development: direct-access grants for scripts and tests."""


def realm() -> Obj:
    loaded: Obj = json.loads(Path(REALM_FILE).read_text())
    return loaded


def client_secret_placeholder(client_id: str) -> str:
    return "CLIENT_SECRET_" + client_id.removeprefix("heaolu-").upper().replace("-", "_")


def _public_uris(client: Obj, hosts: dict[str, str]) -> Obj:
    """A client's local redirect and origin addresses replaced by the front ends' public ones."""
    client = dict(client)
    origin = f"https://{hosts['app']}"

    def local(uri: str) -> bool:
        return "127.0.0.1" in uri or "localhost" in uri

    if any(local(u) for u in client.get("redirectUris", [])):
        client["redirectUris"] = [f"{origin}/*"]
    if any(local(u) for u in client.get("webOrigins", [])):
        client["webOrigins"] = [origin]
    attributes = dict(client.get("attributes", {}))
    if local(attributes.get("post.logout.redirect.uris", "")):
        attributes["post.logout.redirect.uris"] = f"{origin}/*"
    if attributes:
        client["attributes"] = attributes
    return client


def cluster_clients(hosts: dict[str, str], *, dev: bool) -> list[Obj]:
    """The realm's clients for a cluster: public addresses; the development client only in dev."""
    return [
        _public_uris(c, hosts)
        for c in realm()["clients"]
        if dev or c["clientId"] not in DEV_ONLY_CLIENTS
    ]


def with_placeholders(clients: list[Obj]) -> list[Obj]:
    """Clients whose secrets are placeholders the operator fills from a Secret at import."""
    return [
        {**c, "secret": "${" + client_secret_placeholder(c["clientId"]) + "}"}
        if "secret" in c
        else c
        for c in clients
    ]


def production_realm() -> tuple[Obj, dict[str, Obj]]:
    """The realm without demo users and development clients, with every secret a placeholder
    that the operator fills from a Secret at import."""
    source = {**realm(), "clients": cluster_clients(cat.HOSTS["prod"], dev=False)}
    result = {k: v for k, v in source.items() if k != "users"}
    placeholders: dict[str, Obj] = {
        client_secret_placeholder(c["clientId"]): {
            "secret": {"name": cat.KEYCLOAK_CLIENTS_SECRET, "key": c["clientId"]}
        }
        for c in source["clients"]
        if "secret" in c
    }
    result["clients"] = with_placeholders(source["clients"])
    providers = []
    for provider in source.get("identityProviders", []):
        provider = dict(provider)
        config = dict(provider.get("config", {}))
        for field, key in (("clientId", "client-id"), ("clientSecret", "client-secret")):
            if field in config:
                name = f"{provider['alias'].upper()}_{key.upper().replace('-', '_')}"
                config[field] = "${" + name + "}"
                placeholders[name] = {"secret": {"name": cat.TARA_SECRET, "key": key}}
        provider["config"] = config
        providers.append(provider)
    result["identityProviders"] = providers
    return result, placeholders


def realm_import() -> Obj:
    realm_spec, placeholders = production_realm()
    return {
        "apiVersion": KEYCLOAK_API,
        "kind": "KeycloakRealmImport",
        "metadata": meta(
            f"{cat.KEYCLOAK}-realm", {"app.kubernetes.io/part-of": cat.PART_OF}, "1-infrastructure"
        ),
        "spec": {
            "keycloakCRName": cat.KEYCLOAK,
            "placeholders": dict(sorted(placeholders.items())),
            "realm": realm_spec,
        },
    }


def keycloak(hosts: dict[str, str]) -> Obj:
    db = database_cluster("keycloak")
    return {
        "apiVersion": KEYCLOAK_API,
        "kind": "Keycloak",
        "metadata": meta(
            cat.KEYCLOAK, {"app.kubernetes.io/part-of": cat.PART_OF}, "1-infrastructure"
        ),
        "spec": {
            "instances": 2,
            "db": {
                "vendor": "postgres",
                "host": f"{db}-rw",
                "port": DB_PORT,
                "database": "keycloak",
                "usernameSecret": {"name": f"{db}-app", "key": "username"},
                "passwordSecret": {"name": f"{db}-app", "key": "password"},
            },
            "http": {"httpEnabled": True, "httpPort": cat.KEYCLOAK_HTTP_PORT},
            "hostname": {"hostname": f"https://{hosts['auth']}", "backchannelDynamic": True},
            "proxy": {"headers": "xforwarded"},
            "ingress": {"enabled": False},
            "resources": {
                "requests": {"cpu": "250m", "memory": "768Mi"},
                "limits": {"cpu": "2", "memory": "1536Mi"},
            },
        },
    }


# --- network ----------------------------------------------------------------------------------


def _ns(name: str) -> Obj:
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}


def _pods(labels: dict[str, str]) -> Obj:
    return {"podSelector": {"matchLabels": labels}}


def _tcp(*ports: int) -> list[Obj]:
    return [{"port": p, "protocol": "TCP"} for p in ports]


OPERATOR_PODS = {"kube-score/ignore": "networkpolicy-targets-pod"}
"""Pods that an operator creates are not in the rendered manifests for kube-score to find."""


def policy(
    name: str,
    pods: dict[str, str],
    ingress: list[Obj],
    egress: list[Obj],
    labels: dict[str, str],
    operator_pods: bool = False,
) -> Obj:
    extra = {"annotations": OPERATOR_PODS} if operator_pods else {}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": meta(name, labels, "1-infrastructure", **extra),
        "spec": {
            "podSelector": {"matchLabels": pods},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": ingress,
            "egress": egress,
        },
    }


def baseline_policies() -> list[Obj]:
    labels = {"app.kubernetes.io/part-of": cat.PART_OF}
    deny = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": meta("default-deny", labels, "1-infrastructure"),
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    }
    dns = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": meta("allow-dns", labels, "1-infrastructure"),
        "spec": {
            "podSelector": {},
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [{**_ns("kube-system"), **_pods({"k8s-app": "kube-dns"})}],
                    "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
                }
            ],
        },
    }
    return [deny, dns]


def role_policy(facts: ServiceFacts, role: str) -> Obj:
    ingress: list[Obj] = []
    egress: list[Obj] = []
    if role == "api":
        source = [_pods(selector(c.name, "api")) for c in services() if facts.name in c.calls]
        if facts.entry.public_host is not None:
            source.insert(0, _ns(cat.INGRESS_NAMESPACE))
        ingress.append({"from": source, "ports": _tcp(container_port(facts))})
    if facts.has_database:
        egress.append({"to": [_pods(database_pod(facts.name))], "ports": _tcp(DB_PORT)})
    if role != "migrate":
        if facts.uses_kafka:
            egress.append({"to": [_pods(KAFKA_BROKER_POD)], "ports": _tcp(cat.KAFKA_TLS_PORT)})
        egress.append({"to": [_ns(cat.TELEMETRY_NAMESPACE)], "ports": _tcp(cat.TELEMETRY_PORT)})
    if role == "api":
        egress.append({"to": [_pods(KEYCLOAK_POD)], "ports": _tcp(cat.KEYCLOAK_HTTP_PORT)})
        for called in facts.calls:
            port = _port_of(called)
            if port is not None:
                egress.append({"to": [_pods(selector(called, "api"))], "ports": _tcp(port)})
    return policy(
        f"{facts.name}-{role}",
        selector(facts.name, role),
        ingress,
        egress,
        service_labels(facts.name, role),
    )


def database_policy(service: str, clients: list[dict[str, str]]) -> Obj:
    cluster = database_pod(service)
    return policy(
        database_cluster(service),
        cluster,
        [
            {"from": [_pods(c) for c in clients], "ports": _tcp(DB_PORT)},
            {"from": [_pods(cluster)], "ports": _tcp(DB_PORT, 8000)},
            {"from": [_ns(cat.OPERATOR_NAMESPACES["cnpg"])], "ports": _tcp(DB_PORT, 8000)},
        ],
        [
            {"to": [_pods(cluster)], "ports": _tcp(DB_PORT, 8000)},
            {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": ANYWHERE_TLS},
        ],
        {"app.kubernetes.io/part-of": cat.PART_OF},
        operator_pods=True,
    )


def kafka_policy() -> Obj:
    return policy(
        f"{cat.KAFKA_CLUSTER}-kafka",
        KAFKA_POD,
        [
            {"from": [_pods(KAFKA_POD)]},
            {"from": [_ns(cat.OPERATOR_NAMESPACES["strimzi"])]},
            {
                "from": [_pods({KAFKA_CLIENT: "true"})],
                "ports": _tcp(cat.KAFKA_TLS_PORT),
            },
        ],
        [
            {"to": [_pods(KAFKA_POD)]},
            {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": ANYWHERE_TLS},
        ],
        {"app.kubernetes.io/part-of": cat.PART_OF},
        operator_pods=True,
    )


def keycloak_policy() -> Obj:
    api_pods = [_pods(selector(f.name, "api")) for f in services()]
    return policy(
        cat.KEYCLOAK,
        KEYCLOAK_POD,
        [
            {
                "from": [_ns(cat.INGRESS_NAMESPACE), *api_pods],
                "ports": _tcp(cat.KEYCLOAK_HTTP_PORT),
            },
            {"from": [_ns(cat.OPERATOR_NAMESPACES["keycloak"])], "ports": _tcp(9000)},
            {"from": [_pods(KEYCLOAK_POD)], "ports": _tcp(7800, 57800)},
        ],
        [
            {"to": [_pods(database_pod("keycloak"))], "ports": _tcp(DB_PORT)},
            {"to": [_pods(KEYCLOAK_POD)], "ports": _tcp(7800, 57800)},
            {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": _tcp(443)},
        ],
        {"app.kubernetes.io/part-of": cat.PART_OF},
        operator_pods=True,
    )


def ingresses(hosts: dict[str, str]) -> list[Obj]:
    """Every public service on its host, Keycloak on the sign-in host, all with TLS."""

    def one(name: str, host: str, service: str, port: int, **annotations: str) -> Obj:
        return {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": meta(
                name,
                {"app.kubernetes.io/part-of": cat.PART_OF},
                "3-workloads",
                annotations={"nginx.ingress.kubernetes.io/ssl-redirect": "true", **annotations},
            ),
            "spec": {
                "ingressClassName": "nginx",
                "tls": [{"hosts": [host], "secretName": cat.TLS_SECRET}],
                "rules": [
                    {
                        "host": host,
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {
                                        "service": {"name": service, "port": {"number": port}}
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        }

    return [
        *(
            one(f"heaolu-{f.name}", hosts[f.entry.public_host], f.name, f.port)
            for f in services()
            if f.entry.public_host is not None
        ),
        one(
            "heaolu-auth",
            hosts["auth"],
            f"{cat.KEYCLOAK}-service",
            cat.KEYCLOAK_HTTP_PORT,
            **{"kube-score/ignore": "ingress-targets-service"},
        ),
    ]


def namespace() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": meta(
            cat.NAMESPACE,
            {
                "app.kubernetes.io/part-of": cat.PART_OF,
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
            },
            "1-infrastructure",
        ),
    }
