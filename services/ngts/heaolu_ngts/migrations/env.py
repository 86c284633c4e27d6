import heaolu_ngts.inquiries.models
import heaolu_ngts.outreach.models  # noqa: F401  (their tables join the metadata)
from heaolu_ngts.common.models import Base
from heaolu_shared.migrations import run_migrations

run_migrations(Base.metadata)
