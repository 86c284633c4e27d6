"""Heaolu's shared library: mechanisms used by every service, never business rules."""
