from heaolu_casework.care import models as care  # noqa: F401  (registers its tables)
from heaolu_casework.common.models import Base
from heaolu_casework.decisions import models as decisions  # noqa: F401
from heaolu_casework.plans import models as plans  # noqa: F401
from heaolu_shared.migrations import run_migrations

run_migrations(Base.metadata)
