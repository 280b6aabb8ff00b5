"""Chat and completion calls shared by the shim's AzureOpenAI / OpenAI tools and their vision kin."""
from promptflow.tools.common import (
    build_messages,
    chat_body,
    convert_to_chat_list,
    endpoint,
    find_images,
    first_content,
    is_azure,
    preprocess_template_string,
    render_jinja_template,
    send,
    to_bool,
)


def _model(connection, deployment_name, model):
    return (deployment_name or model) if is_azure(connection) else (model or deployment_name)


def chat(connection, prompt, deployment_name=None, model=None, stream=False, detail="auto", vision=False, **kwargs):
    params = {
        k: kwargs.pop(k)
        for k in list(kwargs)
        if k in ("temperature", "top_p", "n", "stop", "max_tokens", "presence_penalty", "frequency_penalty",
                 "logit_bias", "user", "seed", "response_format", "tools", "tool_choice", "functions",
                 "function_call")
    }
    for key, value in (("temperature", 1.0), ("top_p", 1.0), ("n", 1)):
        params.setdefault(key, value)
    images = []
    if vision:
        prompt = preprocess_template_string(prompt)
        kwargs, images = find_images(kwargs)
    messages = build_messages(prompt, images=images, image_detail=detail, **convert_to_chat_list(kwargs))
    name = _model(connection, deployment_name, model)
    url, headers = endpoint(connection, "chat/completions", name)
    response = send(url, headers, chat_body(name, messages, **params))
    result = first_content(response, with_tools=bool(params.get("tools") or params.get("functions")))
    return iter([result]) if to_bool(stream) and isinstance(result, str) else result


def completion(connection, prompt, deployment_name=None, model=None, stream=False, suffix=None, max_tokens=16,
               temperature=1.0, top_p=1.0, n=1, logprobs=None, echo=False, stop=None, presence_penalty=None,
               frequency_penalty=None, best_of=1, logit_bias=None, user="", **kwargs):
    text = render_jinja_template(prompt, trim_blocks=True, keep_trailing_newline=True, **kwargs)
    name = _model(connection, deployment_name, model)
    body = {"model": name, "prompt": text, "temperature": float(temperature), "top_p": float(top_p), "n": int(n),
            "echo": to_bool(echo), "best_of": int(best_of), "stream": False}
    optional = {
        "suffix": suffix or None,
        "max_tokens": None if max_tokens in (None, "") else int(max_tokens),
        "logprobs": int(logprobs) if logprobs else None,
        "stop": stop or None,
        "presence_penalty": presence_penalty,
        "frequency_penalty": frequency_penalty,
        "logit_bias": logit_bias or None,
        "user": user or None,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    url, headers = endpoint(connection, "completions", name)
    response = send(url, headers, body)
    result = ((response.get("choices") or [{}])[0]).get("text") or ""
    return iter([result]) if to_bool(stream) else result
