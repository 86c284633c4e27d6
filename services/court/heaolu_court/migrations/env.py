from heaolu_court.brussels import models as brussels  # noqa: F401  (registers its tables)
from heaolu_court.common import contacts  # noqa: F401
from heaolu_court.common.models import Base
from heaolu_court.custody import models as custody  # noqa: F401
from heaolu_court.hearings import models as hearings  # noqa: F401
from heaolu_court.klat import models as klat  # noqa: F401
from heaolu_court.opinions import models as opinions  # noqa: F401
from heaolu_shared.migrations import run_migrations

run_migrations(Base.metadata)
