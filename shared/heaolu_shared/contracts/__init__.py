"""Event contracts shared by producers and consumers: importing this registers every type."""

from heaolu_shared.contracts import audit as audit
from heaolu_shared.contracts import casework as casework
from heaolu_shared.contracts import court as court
from heaolu_shared.contracts import intake as intake
from heaolu_shared.contracts import ngts as ngts

__all__ = ["audit", "casework", "court", "intake", "ngts"]
