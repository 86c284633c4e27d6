"""Heaolu's reference web front end: a backend-for-frontend over the gateway's APIs."""
