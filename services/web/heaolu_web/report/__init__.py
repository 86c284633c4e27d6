"""The report pages."""
