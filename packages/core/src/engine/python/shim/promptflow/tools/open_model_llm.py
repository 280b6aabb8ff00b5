"""promptflow.tools.open_model_llm of the GenAIOps promptflow shim: an open model (LLaMa, Dolly, GPT-2,
Falcon) on an Azure ML online or serverless endpoint. The endpoint comes from a custom connection
(`endpoint_name: localConnection/<name>`, the connection's JSON in the variable of that name, with
endpoint_url, model_family and endpoint_api_key) or from the endpoint_url / endpoint_api_key /
model_family arguments; endpoints looked up in a workspace need the azure backend."""
import json
import os
import re

from promptflow._core.tool import ToolProvider, tool
from promptflow.tools.common import ToolError, render_jinja_template, send

_FAMILIES = {"llama": "LLaMa", "dolly": "Dolly", "gpt-2": "GPT-2", "falcon": "Falcon"}
_ROLES = ("system", "user", "assistant")


def _family(value):
    family = _FAMILIES.get(str(value or "").lower())
    if family is None:
        raise ToolError(
            "Given model_family '%s' not recognized. Supported models are: %s." % (value, ", ".join(_FAMILIES.values()))
        )
    return family


def _serverless(url):
    return "serverless.ml.azure.com" in url or "inference.ai.azure.com" in url


def _escape(prompt):
    return re.sub(r'\\([\\\"a-zA-Z])', r"\\\1", prompt)


def _parse_chat(text):
    chunks = [c.strip() for c in re.split(r"(?i)\n*(system|user|assistant)\s*:\s*\n", text) if c.strip()]
    messages = []
    for i in range(0, len(chunks), 2):
        role = chunks[i].lower()
        if role not in _ROLES:
            raise ToolError("The Chat API requires a specific format for prompt definition, found role '%s'." % role)
        if i + 1 >= len(chunks):
            raise ToolError("Unexpected chat format. Please ensure the query matches the chat format of the model used.")
        messages.append({"role": role, "content": chunks[i + 1]})
    return messages


def _from_connection(name):
    text = os.environ.get(name)
    if not text:
        raise ToolError("connection %r is not configured: set the environment variable %r to its JSON" % (name, name))
    raw = json.loads(text)
    values = dict(raw.get("configs") or {}, **(raw.get("secrets") or {})) if "configs" in raw or "secrets" in raw else raw
    for key in ("endpoint_url", "model_family", "endpoint_api_key"):
        if key not in values:
            raise ToolError("Required key `%s` not found in given custom connection." % key)
    return values["endpoint_url"], values["endpoint_api_key"], values["model_family"]


class OpenModelLLM(ToolProvider):
    def __init__(self):
        super().__init__()

    def _endpoint(self, endpoint_name, api, kwargs):
        if any(k in kwargs for k in ("endpoint_url", "endpoint_api_key", "model_family")):
            try:
                url, key, family = (kwargs.pop(k) for k in ("endpoint_url", "endpoint_api_key", "model_family"))
            except KeyError:
                raise ToolError(
                    "Endpoint connection via kwargs not fully set. If using kwargs, the following values must be "
                    "set: endpoint_url, endpoint_api_key, and model_family"
                )
        else:
            kind, _, name = str(endpoint_name).partition("/")
            if kind.lower() != "localconnection":
                raise ToolError(
                    "endpoint %r is looked up in an Azure ML workspace, which the local engine does not do: "
                    "use localConnection/<custom connection> (endpoint_url, model_family, endpoint_api_key), "
                    "or run the flow with --backend azure" % endpoint_name
                )
            url, key, family = _from_connection(name)
        if _serverless(url):
            suffix = "/v1/chat/completions" if api == "chat" else "/v1/completions"
            if not url.endswith(suffix):
                url += suffix
        return url, key, _family(family)

    @tool
    def call(self, prompt, api, endpoint_name, deployment_name=None, temperature=1.0, max_new_tokens=500,
             top_p=1.0, model_kwargs=None, **kwargs):
        api = str(getattr(api, "value", api)).lower()
        if deployment_name is not None:
            deployment_name = deployment_name.strip()
            if not deployment_name or deployment_name == "default":
                deployment_name = None
        url, key, family = self._endpoint(endpoint_name, api, kwargs)
        text = render_jinja_template(prompt, trim_blocks=True, keep_trailing_newline=True, **kwargs)
        params = dict(model_kwargs or {}, top_p=top_p, temperature=temperature, max_new_tokens=max_new_tokens)
        if family == "LLaMa" and _serverless(url):
            params["max_tokens"] = params["max_new_tokens"]
            body = dict(params, n=1)
            if api == "chat":
                body.update(model="llama-2-7b-hf", messages=_parse_chat(text))
            else:
                body["prompt"] = _escape(text)
        elif family == "LLaMa":
            params.setdefault("do_sample", True)
            value = _parse_chat(text) if api == "chat" else [_escape(text)]
            body = {"input_data": {"input_string": value, "parameters": params}}
        else:
            body = {"input_data": {"input_string": [_escape(text)]}, "parameters": params}
        headers = {
            "Content-Type": "application/json",
            "Authorization": "Bearer " + str(key),
            "x-ms-user-agent": "PromptFlow/OpenModelLLM/" + family,
        }
        if deployment_name is not None:
            headers["azureml-model-deployment"] = deployment_name
        out = send(url, headers, body, service="Online Endpoint %s" % url.split("?")[0])
        if family == "LLaMa" and _serverless(url):
            choice = (out.get("choices") or [{}])[0]
            return (choice.get("message") or {}).get("content") if api == "chat" else choice.get("text")
        if isinstance(out, dict) and "output" in out and (family != "LLaMa" or api == "chat"):
            return out["output"]
        if isinstance(out, list) and out and isinstance(out[0], dict) and "0" in out[0]:
            return out[0]["0"]
        raise ToolError("Unexpected response format. Response: %s" % json.dumps(out)[:500])
