"""What the web front end's features share: sessions, CSRF, the API client, templates, language."""
