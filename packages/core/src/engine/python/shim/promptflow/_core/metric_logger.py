"""log_metric of the GenAIOps promptflow shim: hands each metric to the registered loggers (the
flow engine's worker registers one), as promptflow._core.metric_logger does."""
import inspect

_loggers = []


def log_metric(key, value, variant_id=None):
    """Log a metric of the current run (meaningful in aggregation nodes)."""
    for logger in list(_loggers):
        if len(inspect.signature(logger).parameters) == 2:
            logger(key, value)
        else:
            logger(key, value, variant_id)


def add_metric_logger(logger_func):
    if callable(logger_func) and not any(logger is logger_func for logger in _loggers):
        _loggers.append(logger_func)


def remove_metric_logger(logger_func):
    _loggers.remove(logger_func)
