"""promptflow.executor of the GenAIOps promptflow shim: only what tools import from it."""
