"""The auth pages."""
