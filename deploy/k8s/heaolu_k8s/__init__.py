"""Heaolu's Kubernetes manifests, generated from the code and a small catalogue."""
