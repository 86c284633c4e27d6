"""What court's features share: the tables' base, the access routine, clocks, messages."""
