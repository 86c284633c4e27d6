"""The cases pages."""
