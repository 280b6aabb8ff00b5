"""promptflow.tools.aoai_gpt4v of the GenAIOps promptflow shim: Azure OpenAI chat with images."""
from promptflow._core.tool import ToolProvider, tool
from promptflow.tools import _chat


class AzureOpenAI(ToolProvider):
    def __init__(self, connection):
        super().__init__()
        self.connection = connection

    @tool(streaming_option_parameter="stream")
    def chat(self, prompt, deployment_name, temperature=1.0, top_p=1.0, stream=False, stop=None, max_tokens=None,
             presence_penalty=0, frequency_penalty=0, seed=None, detail="auto", **kwargs):
        return _chat.chat(
            self.connection, prompt, deployment_name=deployment_name, stream=stream, detail=detail, vision=True,
            temperature=temperature, top_p=top_p, n=1, stop=stop, max_tokens=max_tokens,
            presence_penalty=presence_penalty, frequency_penalty=frequency_penalty, seed=seed, **kwargs
        )
