"""Internals of the GenAIOps promptflow shim (same module names as the real package)."""
