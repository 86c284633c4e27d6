"""What the code cannot say about a deployment: which services exist, their sizes, the names
of the infrastructure and of the secrets an operator provides.

A new service is its folder under ``services/`` plus one :class:`Service` entry here; its
roles, port, database, topics, consumer groups and settings are read from its code
(:mod:`heaolu_k8s.discover`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

NAMESPACE = "heaolu"
IMAGE = "heaolu"
"""The one image (``Containerfile``) that runs every role; overlays pin its tag or digest."""

PART_OF = "heaolu"
KAFKA_CLUSTER = "heaolu"
KAFKA_TLS_PORT = 9093
KEYCLOAK = "heaolu-keycloak"
KEYCLOAK_HTTP_PORT = 8080
REALM = "heaolu"
SKA_FEED_TOPIC = "heaolu.ska-feed.v1"
"""The minimised feed the Social Insurance Board reads (``heaolu_shared.topics``)."""
SKA_FEED_USER = "ska-feed"
SKA_FEED_GROUP_PREFIX = "ska-feed"
SKA_FEED_PORT = 9094
"""The external listener (TLS, client certificate) through which SKA reads its feed."""
SKA_FEED_SOURCES = ("192.0.2.0/24",)
"""Addresses SKA connects from; the documentation range until the operator sets SKA's real
ones (nothing else may reach the external listener)."""
"""SKA's consumer groups must start with this; it may name them as it likes after it."""

KEYS_SECRET = "heaolu-keys"
"""Operator-provided Secret holding the services' keys (one entry per secret setting)."""
KEYCLOAK_CLIENTS_SECRET = "heaolu-keycloak-clients"
"""Operator-provided Secret with the confidential clients' secrets (one entry per client)."""
TARA_SECRET = "heaolu-tara"
"""Operator-provided Secret with the client id and secret Heaolu has at TARA."""
BACKUP_SECRET = "heaolu-backup-s3"
"""Operator-provided Secret with the object store credentials for database backups."""
TLS_SECRET = "heaolu-tls"
"""Certificate of the public hosts (e.g. from cert-manager)."""

INGRESS_NAMESPACE = "ingress-nginx"
"""Namespace of the ingress controller: the only source allowed to reach the gateway."""
TELEMETRY_NAMESPACE = "observability"
TELEMETRY_ENDPOINT = "http://otel-collector.observability.svc:4318/v1/traces"
"""OTLP/HTTP traces endpoint (the exporter takes the full path when given one)."""
TELEMETRY_PORT = 4318
TRACE_SAMPLE_RATIO = 0.1
"""The share of traces recorded in a deployment (decided where a trace begins, ADR 0031): a
recorded span costs every process it passes through CPU of its own, on every request and
message (in the gateway, about 40 µs to record and 20 µs more to export)."""
OPERATOR_NAMESPACES = {"cnpg": "cnpg-system", "strimzi": "strimzi", "keycloak": "keycloak"}


@dataclass(frozen=True)
class Size:
    """Requests and limits of one container."""

    cpu: str
    memory: str
    cpu_limit: str
    memory_limit: str
    ephemeral: str = "64Mi"


@dataclass(frozen=True)
class Service:
    """One service in the deployment."""

    name: str
    public_host: str | None = None
    """Key of :data:`HOSTS` under which the ingress controller publishes this service's API;
    every other API is reached only by the services whose settings name it."""
    api_size: Size = Size("100m", "192Mi", "1", "384Mi")
    worker_size: Size = Size("50m", "160Mi", "500m", "320Mi")
    prod_api_size: Size = Size("250m", "384Mi", "2", "768Mi")
    prod_worker_size: Size = Size("100m", "256Mi", "1", "512Mi")
    single_process: bool = False
    """Keeps state in its process (the web front end's sessions, ADR 0017): exactly one
    replica and no autoscaler until it has a shared store."""
    public_auth: bool = False
    """Its server talks to Keycloak at the public sign-in address (a front end fetching the
    issuer's metadata and exchanging codes there), so it may reach the ingress controller."""
    database_size: str = "10Gi"
    prod_database_size: str = "50Gi"
    extra_produces: tuple[str, ...] = ()
    """Topics the service writes that no registered event type names yet."""
    settings: dict[str, str] = field(default_factory=dict)
    """Settings the deployment sets that cannot be derived; ``{app}``, ``{api}``, ``{auth}``
    stand for the overlay's host names (e.g. a front end's public URL)."""


SERVICES: tuple[Service, ...] = (
    Service("gateway", public_host="api"),
    Service("intake"),
    Service("casework", prod_database_size="200Gi"),
    Service("court"),
    Service("ngts"),
    Service("reporting", extra_produces=(SKA_FEED_TOPIC,)),
    Service("audit", prod_database_size="500Gi"),
    Service(
        "web",
        public_host="app",
        public_auth=True,
        single_process=True,
        settings={"HEAOLU_PUBLIC_URL": "https://{app}"},
    ),
)

PROD_API_REPLICAS = 3
PROD_API_MAX_REPLICAS = 12
PROD_WORKER_REPLICAS = 2
PROD_BROKERS = 3
PROD_CONTROLLERS = 3
PROD_DB_INSTANCES = 3
PROD_KEYCLOAK_INSTANCES = 3

HOSTS = {
    "dev": {
        "app": "heaolu.dev.internal",
        "api": "api.heaolu.dev.internal",
        "auth": "auth.heaolu.dev.internal",
    },
    "prod": {
        "app": "heaolu.example.org",
        "api": "api.heaolu.example.org",
        "auth": "auth.heaolu.example.org",
    },
}
"""Public host names per overlay: ``app`` the front ends, ``api`` the gateway, ``auth`` Keycloak.
Change them here and regenerate."""
