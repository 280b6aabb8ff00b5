"""promptflow.core of the GenAIOps promptflow shim."""
from promptflow._core.metric_logger import log_metric
from promptflow._core.tool import ToolProvider, tool
from promptflow.tracing import trace


class _ModelConfiguration:
    _FIELDS = ()

    def __init__(self, **kwargs):
        for field in self._FIELDS:
            setattr(self, field, kwargs.pop(field, None))
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __repr__(self):
        shown = ", ".join(
            "%s=%r" % (k, v) for k, v in vars(self).items() if v is not None and k != "api_key"
        )
        return "%s(%s)" % (type(self).__name__, shown)


class AzureOpenAIModelConfiguration(_ModelConfiguration):
    """Model settings of an Azure OpenAI deployment (flex flows, prompty)."""

    _FIELDS = ("azure_deployment", "azure_endpoint", "api_version", "api_key", "connection")

    def __init__(self, azure_deployment=None, **kwargs):
        super().__init__(azure_deployment=azure_deployment, **kwargs)


class OpenAIModelConfiguration(_ModelConfiguration):
    """Model settings of an OpenAI model (flex flows, prompty)."""

    _FIELDS = ("model", "base_url", "api_key", "organization", "connection")

    def __init__(self, model=None, **kwargs):
        super().__init__(model=model, **kwargs)


from promptflow.core._prompty import AsyncPrompty, Prompty  # noqa: E402

__all__ = [
    "Prompty",
    "AsyncPrompty",
    "tool",
    "log_metric",
    "trace",
    "ToolProvider",
    "AzureOpenAIModelConfiguration",
    "OpenAIModelConfiguration",
]
