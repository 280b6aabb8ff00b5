"""promptflow.tools.embedding of the GenAIOps promptflow shim: a text's embedding vector."""
from promptflow._core.tool import tool
from promptflow.tools.common import ToolError, endpoint, is_azure, send


@tool
def embedding(connection, input, deployment_name="", model="text-embedding-ada-002"):
    kind = type(connection).__name__
    if kind not in ("AzureOpenAIConnection", "OpenAIConnection", "ServerlessConnection"):
        raise ToolError(
            "Not Support connection type '%s' for embedding api. "
            "Connection type should be in [AzureOpenAIConnection, OpenAIConnection]." % kind
        )
    if is_azure(connection):
        name, body = deployment_name, {"input": input, "model": deployment_name}
    elif kind == "ServerlessConnection":
        name, body = model, {"input": [input], "model": model, "encoding_format": "float"}
    else:
        name, body = model, {"input": input, "model": model}
    url, headers = endpoint(connection, "embeddings", name)
    response = send(url, headers, body)
    return response["data"][0]["embedding"]
