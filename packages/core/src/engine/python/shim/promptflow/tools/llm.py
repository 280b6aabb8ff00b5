"""promptflow.tools.llm of the GenAIOps promptflow shim: the LLM tool (chat or completion, either service)."""
from promptflow._core.tool import tool
from promptflow.tools import _chat


@tool(streaming_option_parameter="stream")
def llm(connection, prompt, api="chat", deployment_name="", model="", **kwargs):
    if str(api).lower() == "completion":
        return _chat.completion(connection, prompt, deployment_name=deployment_name, model=model, **kwargs)
    return _chat.chat(connection, prompt, deployment_name=deployment_name, model=model, **kwargs)
