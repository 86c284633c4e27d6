"""The queue pages."""
