"""The table of municipal child-protection contacts that SKA keeps."""
