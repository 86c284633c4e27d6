"""The home pages."""
