"""promptflow.entities of the GenAIOps promptflow shim: the connection classes (older import path)."""
from promptflow.connections import *  # noqa: F401,F403
from promptflow.connections import __all__  # noqa: F401
