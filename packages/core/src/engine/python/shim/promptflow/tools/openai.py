"""promptflow.tools.openai of the GenAIOps promptflow shim: OpenAI chat and completion."""
from promptflow._core.tool import ToolProvider, tool
from promptflow.tools import _chat


class OpenAI(ToolProvider):
    def __init__(self, connection):
        super().__init__()
        self.connection = connection

    @tool
    def completion(self, prompt, model="gpt-3.5-turbo-instruct", **kwargs):
        return _chat.completion(self.connection, prompt, model=model, **kwargs)

    @tool
    def chat(self, prompt, model="gpt-3.5-turbo", **kwargs):
        return _chat.chat(self.connection, prompt, model=model, **kwargs)


@tool
def completion(connection, prompt, model="gpt-3.5-turbo-instruct", **kwargs):
    return OpenAI(connection).completion(prompt, model, **kwargs)


@tool
def chat(connection, prompt, model="gpt-3.5-turbo", **kwargs):
    return OpenAI(connection).chat(prompt, model, **kwargs)
