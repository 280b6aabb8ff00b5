"""A small stand-in for the `promptflow` package, used by the GenAIOps flow engine only when the
real package is not installed. It has the names flow code imports: tool, log_metric, trace and the
connection classes."""
from promptflow._core.metric_logger import log_metric
from promptflow._core.tool import ToolProvider, tool
from promptflow.connections import (
    AzureContentSafetyConnection,
    AzureOpenAIConnection,
    CognitiveSearchConnection,
    CustomConnection,
    FormRecognizerConnection,
    OpenAIConnection,
    SerpConnection,
    ServerlessConnection,
)
from promptflow.tracing import start_trace, trace

__version__ = "0.0.0+genaiops.shim"

__all__ = [
    "tool",
    "log_metric",
    "trace",
    "start_trace",
    "ToolProvider",
    "AzureOpenAIConnection",
    "OpenAIConnection",
    "CustomConnection",
    "CognitiveSearchConnection",
    "SerpConnection",
    "AzureContentSafetyConnection",
    "FormRecognizerConnection",
    "ServerlessConnection",
]
