"""What reporting consumes and publishes; so far its worker is the outbox relay alone."""

from heaolu_shared.service_worker import run_service_worker as run_worker

__all__ = ["run_worker"]
