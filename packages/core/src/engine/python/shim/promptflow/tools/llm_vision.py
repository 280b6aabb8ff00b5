"""promptflow.tools.llm_vision of the GenAIOps promptflow shim: chat with images on either service."""
from promptflow._core.tool import tool
from promptflow.tools import _chat


@tool(streaming_option_parameter="stream")
def llm_vision(connection, prompt, deployment_name="", model="", temperature=1.0, top_p=1.0, stream=False,
               stop=None, max_tokens=None, presence_penalty=0, frequency_penalty=0, seed=None, detail="auto",
               **kwargs):
    return _chat.chat(
        connection, prompt, deployment_name=deployment_name, model=model, stream=stream, detail=detail,
        vision=True, temperature=temperature, top_p=top_p, n=1, stop=stop, max_tokens=max_tokens,
        presence_penalty=presence_penalty, frequency_penalty=frequency_penalty, seed=seed, **kwargs
    )
