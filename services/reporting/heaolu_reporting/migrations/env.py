from heaolu_reporting.common.models import Base
from heaolu_reporting.feed import models as feed_models  # noqa: F401  (registers its table)
from heaolu_shared.migrations import run_migrations

run_migrations(Base.metadata)
