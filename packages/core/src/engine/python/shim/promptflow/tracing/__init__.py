"""promptflow.tracing of the GenAIOps promptflow shim: tracing is a no-op."""


def trace(func=None, **kwargs):
    """No-op @trace and @trace(...)."""
    if func is None:
        return lambda f: f
    return func


def start_trace(*args, **kwargs):
    """No-op."""
    return None


__all__ = ["trace", "start_trace"]
