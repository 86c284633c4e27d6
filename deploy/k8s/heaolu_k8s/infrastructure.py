"""The infrastructure through its operators: PostgreSQL (CloudNativePG), Kafka (Strimzi) and
Keycloak (its operator, with the realm of ``deploy/local/realm-heaolu.json``)."""

from __future__ import annotations

import json
from pathlib import Path

from heaolu_k8s import catalogue as cat
from heaolu_k8s.discover import ROOT, ServiceFacts
from heaolu_k8s.render import (
    CNPG,
    DB_PORT,
    KAFKA_CLIENT,
    KAFKA_VERSION,
    KEYCLOAK_API,
    POSTGRES_IMAGE,
    STRIMZI,
    Obj,
    database_cluster,
    kafka_user,
    meta,
    service_labels,
)

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
                    },
                    {
                        "name": "ska",
                        "port": cat.SKA_FEED_PORT,
                        "type": "loadbalancer",
                        "tls": True,
                        "authentication": {"type": "tls"},
                        "networkPolicyPeers": [
                            {"ipBlock": {"cidr": cidr}} for cidr in cat.SKA_FEED_SOURCES
                        ],
                    },
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
