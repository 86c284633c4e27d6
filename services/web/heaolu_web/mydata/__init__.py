"""The mydata pages."""
