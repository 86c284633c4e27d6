from heaolu_audit.models import Base
from heaolu_shared.migrations import run_migrations

run_migrations(Base.metadata)
