"""The realm roles Heaolu knows, as Keycloak issues them (``deploy/local/realm-heaolu.json``).

Every rule names a role through :class:`Role`, never a string literal: a role renamed in the
realm then fails the realm test instead of silently matching nobody. ``Role`` is a ``StrEnum``,
so it compares equal to the role names in a token.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CHILD_PROTECTION_WORKER = "child_protection_worker"
    SOCIAL_SERVICES_SPECIALIST = "social_services_specialist"
    NGTS_CASE_MANAGER = "ngts_case_manager"
    DEPARTMENT_HEAD = "department_head"
    SKA_COUNSELLOR = "ska_counsellor"
    SKA_CENTRAL_AUTHORITY = "ska_central_authority"
    SKA_FEED_CONSUMER = "ska_feed_consumer"
    AUDITOR = "auditor"
    PROFESSIONAL_REPORTER = "professional_reporter"
    CITIZEN = "citizen"
    SERVICE = "service"
    """Heaolu's own workers and operator commands (never a person's account)."""
    PUBLIC = "public"
    """An anonymous caller of the public report form: not a realm role, never in a token."""
