"""The closed child institution (KLAT): SKA's opinion (30 days) and the application to court."""
