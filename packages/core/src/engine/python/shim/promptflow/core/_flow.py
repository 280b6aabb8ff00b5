"""promptflow.core._flow of the GenAIOps promptflow shim (some flows import Prompty from here)."""
from promptflow.core._prompty import AsyncPrompty, Prompty

__all__ = ["Prompty", "AsyncPrompty"]
