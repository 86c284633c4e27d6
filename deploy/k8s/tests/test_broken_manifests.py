"""Deliberately broken manifests fail the checks that guard against them."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

from heaolu_k8s import checks

Objects = list[dict[str, Any]]


def _container(obj: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = obj["spec"]["template"]["spec"]["containers"][0]
    return container


def test_an_unknown_field_in_an_overlay_fails_the_kubernetes_schema(tmp_path: Path) -> None:
    base = os.path.relpath(checks.K8S / "overlays" / "dev", tmp_path)
    (tmp_path / "kustomization.yaml").write_text(
        textwrap.dedent(
            f"""\
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [{base}]
            patches:
              - target: {{kind: Deployment, name: casework-api}}
                patch: |
                  - op: add
                    path: /spec/template/spec/containers/0/memoryLimit
                    value: 1Gi
            """
        )
    )
    problems = checks.core_schema_problems(checks.build(tmp_path))
    assert any("Deployment/casework-api" in p and "memoryLimit" in p for p in problems)


def test_an_unknown_field_in_a_custom_resource_fails_its_crd_schema(prod: Objects) -> None:
    broken = checks.mutated(
        prod, "KafkaTopic", "heaolu.intake.v1", lambda o: o["spec"].update(partitionCount=6)
    )
    problems = checks.crd_schema_problems(broken)
    assert any("KafkaTopic/heaolu.intake.v1" in p and "partitionCount" in p for p in problems)


def test_a_wrong_type_in_a_custom_resource_fails_its_crd_schema(prod: Objects) -> None:
    broken = checks.mutated(
        prod, "Cluster", "casework-db", lambda o: o["spec"].update(instances="three")
    )
    assert any("Cluster/casework-db" in p for p in checks.crd_schema_problems(broken))


def test_a_privileged_container_fails_kube_score_and_the_hardening_check(prod: Objects) -> None:
    def privileged(obj: dict[str, Any]) -> None:
        _container(obj)["securityContext"].update(privileged=True, allowPrivilegeEscalation=True)

    broken = checks.mutated(prod, "Deployment", "intake-worker", privileged)
    assert "Deployment/intake-worker/worker: privileged" in checks.hardening_problems(broken)
    score = checks.kube_score_problems(broken, availability=True)
    assert any("intake-worker" in p and "privileged" in p.lower() for p in score)


def test_a_writable_root_filesystem_and_a_mounted_token_fail_the_hardening_check(
    prod: Objects,
) -> None:
    def loosen(obj: dict[str, Any]) -> None:
        _container(obj)["securityContext"]["readOnlyRootFilesystem"] = False
        obj["spec"]["template"]["spec"]["automountServiceAccountToken"] = True

    problems = checks.hardening_problems(checks.mutated(prod, "Job", "audit-migrate", loosen))
    assert "Job/audit-migrate/migrate: writable root filesystem" in problems
    assert "Job/audit-migrate: mounts a service-account token" in problems


def test_a_topic_with_the_wrong_partition_count_fails_the_topic_contract(prod: Objects) -> None:
    broken = checks.mutated(
        prod, "KafkaTopic", "heaolu.casework.v1", lambda o: o["spec"].update(partitions=2)
    )
    assert checks.topic_problems(broken, single_broker=False) == [
        "KafkaTopic/heaolu.casework.v1: partitions is 2, the catalogue says 6"
    ]


def test_a_missing_topic_fails_the_topic_contract(prod: Objects) -> None:
    broken = [o for o in prod if o["metadata"]["name"] != "heaolu.audit.dlt"]
    assert "topic heaolu.audit.dlt: no KafkaTopic" in checks.topic_problems(
        broken, single_broker=False
    )


def test_a_missing_acl_fails_the_acl_contract(prod: Objects) -> None:
    def drop_group(obj: dict[str, Any]) -> None:
        acls = obj["spec"]["authorization"]["acls"]
        obj["spec"]["authorization"]["acls"] = [
            a for a in acls if a["resource"].get("name") != "casework.reports"
        ]

    problems = checks.acl_problems(checks.mutated(prod, "KafkaUser", "kafka-casework", drop_group))
    assert problems == [
        "KafkaUser/kafka-casework: missing ACL ('group', 'casework.reports', 'literal', 'Read')"
    ]


def test_an_acl_beyond_what_the_code_does_fails_the_acl_contract(prod: Objects) -> None:
    def widen(obj: dict[str, Any]) -> None:
        obj["spec"]["authorization"]["acls"].append(
            {"resource": {"type": "topic", "name": "heaolu.ngts.v1"}, "operations": ["Read"]}
        )

    problems = checks.acl_problems(checks.mutated(prod, "KafkaUser", "ska-feed", widen))
    assert problems == [
        "KafkaUser/ska-feed: ACL ('topic', 'heaolu.ngts.v1', 'literal', 'Read') beyond what the"
        " code does"
    ]


def test_a_missing_setting_fails_the_settings_contract(prod: Objects) -> None:
    def drop_key(obj: dict[str, Any]) -> None:
        env = _container(obj)["env"]
        _container(obj)["env"] = [e for e in env if e["name"] != "HEAOLU_REPORTER_KEY"]

    problems = checks.env_problems(checks.mutated(prod, "Deployment", "intake-api", drop_key))
    assert problems == ["Deployment/intake-api: HEAOLU_REPORTER_KEY is not set"]


def test_a_secret_given_as_a_plain_value_fails_the_settings_contract(prod: Objects) -> None:
    def inline(obj: dict[str, Any]) -> None:
        for variable in _container(obj)["env"]:
            if variable["name"] == "HEAOLU_PSEUDONYM_KEY":
                variable.pop("valueFrom")
                variable["value"] = "inline"

    problems = checks.env_problems(checks.mutated(prod, "Deployment", "audit-api", inline))
    assert problems == ["Deployment/audit-api: HEAOLU_PSEUDONYM_KEY is not taken from a Secret"]


def test_a_command_that_is_not_the_roles_script_fails_the_command_contract(
    prod: Objects,
) -> None:
    def other(obj: dict[str, Any]) -> None:
        _container(obj)["command"] = ["heaolu-court-api"]

    problems = checks.command_problems(checks.mutated(prod, "Deployment", "court-worker", other))
    assert problems == [
        "Deployment/court-worker: command ['heaolu-court-api'] is not the worker script"
    ]


def test_a_widened_network_policy_fails_the_network_contract(prod: Objects) -> None:
    def reach_intake_db(obj: dict[str, Any]) -> None:
        obj["spec"]["egress"].append(
            {
                "to": [{"podSelector": {"matchLabels": {"cnpg.io/cluster": "intake-db"}}}],
                "ports": [{"port": 5432, "protocol": "TCP"}],
            }
        )

    broken = checks.mutated(prod, "NetworkPolicy", "casework-api", reach_intake_db)
    problems = checks.network_problems(broken)
    assert problems == []  # the database's own ingress policy still refuses casework
    broken = checks.mutated(
        broken,
        "NetworkPolicy",
        "intake-db",
        lambda o: o["spec"]["ingress"][0]["from"].append(
            {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "casework"}}}
        ),
    )
    assert "casework-api → intake-db:5432 is allowed but not needed" in checks.network_problems(
        broken
    )


def test_a_missing_network_permission_fails_the_network_contract(prod: Objects) -> None:
    broken = checks.mutated(
        prod, "NetworkPolicy", "casework-worker", lambda o: o["spec"].update(egress=[])
    )
    problems = checks.network_problems(broken)
    assert "casework-worker → casework-db:5432 is needed but not allowed" in problems
    assert "casework-worker → kafka:9093 is needed but not allowed" in problems
