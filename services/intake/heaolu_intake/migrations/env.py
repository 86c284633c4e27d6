import heaolu_intake.applications.models  # noqa: F401  (its table is part of the metadata)
from heaolu_intake.common.models import Base
from heaolu_shared.migrations import run_migrations

run_migrations(Base.metadata)
