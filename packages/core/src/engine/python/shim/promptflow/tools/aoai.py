"""promptflow.tools.aoai of the GenAIOps promptflow shim: Azure OpenAI chat and completion."""
from promptflow._core.tool import ToolProvider, tool
from promptflow.tools import _chat


class AzureOpenAI(ToolProvider):
    def __init__(self, connection):
        super().__init__()
        self.connection = connection

    @tool
    def completion(self, prompt, deployment_name, **kwargs):
        return _chat.completion(self.connection, prompt, deployment_name=deployment_name, **kwargs)

    @tool
    def chat(self, prompt, deployment_name, **kwargs):
        return _chat.chat(self.connection, prompt, deployment_name=deployment_name, **kwargs)


@tool
def completion(connection, prompt, deployment_name, **kwargs):
    return AzureOpenAI(connection).completion(prompt, deployment_name, **kwargs)


@tool
def chat(connection, prompt, deployment_name, **kwargs):
    return AzureOpenAI(connection).chat(prompt, deployment_name, **kwargs)
