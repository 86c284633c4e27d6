"""The ngts pages."""
