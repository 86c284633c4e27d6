"""The namespace, the NetworkPolicies (deny by default, then what each part needs) and the
Ingresses."""

from __future__ import annotations

from heaolu_k8s import catalogue as cat
from heaolu_k8s.discover import ServiceFacts, services
from heaolu_k8s.render import (
    ANYWHERE_TLS,
    DB_PORT,
    KAFKA_BROKER_POD,
    KAFKA_CLIENT,
    KAFKA_POD,
    KEYCLOAK_POD,
    Obj,
    container_port,
    database_cluster,
    database_pod,
    meta,
    port_of,
    selector,
    service_labels,
)

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
        if facts.entry.public_auth:
            egress.append({"to": [_ns(cat.INGRESS_NAMESPACE)], "ports": _tcp(443)})
        for called in facts.calls:
            port = port_of(called)
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
            {
                "from": [{"ipBlock": {"cidr": cidr}} for cidr in cat.SKA_FEED_SOURCES],
                "ports": _tcp(cat.SKA_FEED_PORT),
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
