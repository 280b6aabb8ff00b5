"""What the shim's package tools share: the chat prompt format (roles, images), Jinja2 rendering as
prompt flow does it, and calls to Azure OpenAI / OpenAI over HTTP with retries."""
import base64
import hashlib
import json
import mimetypes
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from promptflow.contracts.multimedia import Image

VALID_ROLES = ["system", "user", "assistant", "function", "tool"]
_MULTIMEDIA_KEY = re.compile(r"^data:image/([^;]*);(path|base64|url)$")
_IMAGE_MARK = re.compile(r"\!\[(\s*image\s*)\]\(\{\{(\s*[^\s{}]+\s*)\}\}\)")
_MAX_ATTEMPTS = 5


class ToolError(Exception):
    """A package tool's failure, with prompt flow's wording where it has one."""


class ChatInputList(list):
    """A list that renders one item a line (so an image in a list becomes a line of its own)."""

    def __str__(self):
        return "\n".join(map(str, self))


def to_bool(value):
    return value if isinstance(value, bool) else str(value).lower() == "true"


def render_jinja_template(prompt, trim_blocks=True, keep_trailing_newline=True, **kwargs):
    from jinja2 import Template

    return Template(str(prompt), trim_blocks=trim_blocks, keep_trailing_newline=keep_trailing_newline).render(**kwargs)


def preprocess_template_string(template):
    """`![image]({{x}})` becomes `{{x}}` on a line of its own, as prompt flow does before rendering."""
    for label, name in _IMAGE_MARK.findall(str(template)):
        template = template.replace("![%s]({{%s}})" % (label, name), "\n{{%s}}\n" % name)
    return template


def convert_to_chat_list(obj):
    if isinstance(obj, dict):
        return {k: convert_to_chat_list(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return ChatInputList(convert_to_chat_list(v) for v in obj)
    return obj


def _url_image(url, mime):
    # Sent to the model by URL, as prompt flow sends an image that came from a URL (`source_url`);
    # it is not downloaded here.
    image = Image(b"", mime_type=mime, source_url=url)
    image._hash = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return image


def to_image(value, base_dir=None):
    """An image input (`{"data:image/png;path|base64|url": v}`) as an Image; anything else as is."""
    if isinstance(value, Image) or not isinstance(value, dict) or len(value) != 1:
        return value
    key, data = next(iter(value.items()))
    m = _MULTIMEDIA_KEY.match(str(key))
    if not m or not isinstance(data, str):
        return value
    mime = "image/%s" % m.group(1) if m.group(1) not in ("", "*") else None
    if m.group(2) == "url":
        return _url_image(data, mime)
    if m.group(2) == "base64":
        return Image(base64.b64decode(data.split(",")[-1]), mime_type=mime)
    path = data if os.path.isabs(data) or not base_dir else os.path.join(base_dir, data)
    with open(path, "rb") as f:
        content = f.read()
    return Image(content, mime_type=mime or mimetypes.guess_type(path)[0])


def _images_in(value, found, base_dir):
    if isinstance(value, Image):
        found.append(value)
        return value
    if isinstance(value, dict):
        image = to_image(value, base_dir)
        if isinstance(image, Image):
            found.append(image)
            return image
        return {k: _images_in(v, found, base_dir) for k, v in value.items()}
    if isinstance(value, list):
        return [_images_in(v, found, base_dir) for v in value]
    return value


def find_images(kwargs, base_dir=None):
    """The inputs with image dicts made Images, and the Images they reference."""
    found = []
    converted = {k: _images_in(v, found, base_dir or os.getcwd()) for k, v in kwargs.items()}
    return converted, found


def _image_part(image, detail):
    url = getattr(image, "source_url", None)
    if not url:
        url = "data:%s;base64,%s" % (image._mime_type, image.to_base64())
    return {"type": "image_url", "image_url": {"url": url, "detail": detail}}


def _content(text, by_hash, detail):
    text = text.strip()
    if not by_hash:
        return text
    parts, has_image = [], False
    for line in text.split("\n"):
        if line.strip() in by_hash:
            parts.append(_image_part(by_hash[line.strip()], detail))
            has_image = True
        elif line.strip():
            parts.append({"type": "text", "text": line})
    return parts if has_image else text


def _name_and_content(chunk):
    m = re.search(r"\n*#{0,2}\s*name:\n+\s*(\S+)\s*\n*#{0,2}\s*content:\n?(.*)", chunk, re.DOTALL)
    return (m.group(1), m.group(2)) if m else None


def parse_chat(chat_str, images=None, valid_roles=None, image_detail="auto"):
    """A rendered chat prompt split into messages at `role:` lines (also `# role:`)."""
    roles = valid_roles or VALID_ROLES
    separator = r"(?i)^\s*#?\s*(" + "|".join(roles) + r")\s*:\s*\n"
    by_hash = {str(x): x for x in images or []}
    messages = []
    for chunk in re.split(separator, chat_str, flags=re.MULTILINE):
        last = messages[-1] if messages else None
        if last is not None and "content" not in last:
            named = _name_and_content(chunk)
            if named:
                last["name"], last["content"] = named[0], _content(named[1], by_hash, image_detail)
            elif last["role"] == "function":
                raise ToolError(
                    "Failed to parse function role prompt. Please make sure the prompt follows the format: "
                    "'name:\\nfunction_name\\ncontent:\\nfunction_content'."
                )
            else:
                last["content"] = _content(chunk, by_hash, image_detail)
            continue
        if chunk.strip() == "":
            continue
        role = chunk.strip().lower()
        if role not in roles:
            raise ToolError(
                "The Chat API requires a specific format for prompt definition, and the prompt should include "
                "separate lines as role delimiters: %s. Current parsed role '%s' does not meet the requirement."
                % (", ".join("'%s:\\n'" % r for r in roles), role)
            )
        messages.append({"role": role})
    return messages


def build_messages(prompt, images=None, image_detail="auto", **kwargs):
    text = render_jinja_template(prompt, trim_blocks=True, keep_trailing_newline=True, **kwargs)
    return parse_chat(text, images=images, image_detail=image_detail)


# ---------------------------------------------------------------- HTTP


def _field(connection, key):
    if isinstance(connection, dict):
        return connection.get(key)
    value = getattr(connection, key, None)
    if value is None and hasattr(connection, "get"):
        value = connection.get(key)
    return value


def is_azure(connection):
    name = type(connection).__name__
    if name == "AzureOpenAIConnection":
        return True
    if name in ("OpenAIConnection", "ServerlessConnection"):
        return False
    return str(_field(connection, "api_type") or "azure").lower() == "azure"


def _entra_token():
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError:
        raise ToolError(
            "auth_mode meid_token needs the pip package azure-identity in the worker's python "
            "(pip install azure-identity), or use an llm node, which the engine calls itself"
        )
    return DefaultAzureCredential().get_token("https://cognitiveservices.azure.com/.default").token


def endpoint(connection, path, deployment=None):
    """URL and headers of `path` (chat/completions, completions, embeddings) for a connection."""
    headers = {"Content-Type": "application/json", "User-Agent": "genaiops-promptflow-shim"}
    if is_azure(connection):
        base = str(_field(connection, "api_base") or "").rstrip("/")
        if not base:
            raise ToolError("connection %r has no api_base" % _field(connection, "name"))
        if not base.endswith("/openai"):
            base += "/openai"
        version = _field(connection, "api_version") or "2024-02-01"
        if str(_field(connection, "auth_mode") or "key") == "meid_token":
            headers["Authorization"] = "Bearer %s" % _entra_token()
        else:
            headers["api-key"] = str(_field(connection, "api_key") or "")
        url = "%s/deployments/%s/%s?api-version=%s" % (
            base,
            urllib.parse.quote(str(deployment or ""), safe=""),
            path,
            urllib.parse.quote(str(version)),
        )
        return url, headers
    base = str(_field(connection, "base_url") or _field(connection, "api_base") or "https://api.openai.com/v1")
    headers["Authorization"] = "Bearer %s" % (_field(connection, "api_key") or "")
    organization = _field(connection, "organization")
    if organization:
        headers["OpenAI-Organization"] = str(organization)
    return "%s/%s" % (base.rstrip("/"), path), headers


def _wait_s(error, attempt):
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = error.headers.get(name) if error.headers else None
        try:
            if value is not None:
                return min(float(value) * scale, 60.0)
        except ValueError:
            pass
    return min(2.0**attempt, 30.0)


def _service_message(text):
    try:
        body = json.loads(text)
        error = body.get("error", body)
        return error.get("message") or text if isinstance(error, dict) else str(error)
    except (ValueError, AttributeError):
        return text


def send(url, headers, body, timeout=600, method="POST", service="OpenAI API"):
    """JSON request with prompt flow's retry policy in short: 408/409/429/5xx and connection errors
    are retried (honouring Retry-After), other errors fail at once with the service's message."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    for attempt in range(1, _MAX_ATTEMPTS + 1):
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return json.loads(res.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            retryable = e.code in (408, 409, 429) or e.code >= 500
            if retryable and attempt < _MAX_ATTEMPTS:
                time.sleep(_wait_s(e, attempt))
                continue
            raise ToolError("%s hits HTTP %s: %s" % (service, e.code, _service_message(text)[:1000]))
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            if attempt < _MAX_ATTEMPTS:
                time.sleep(min(2.0**attempt, 30.0))
                continue
            raise ToolError("%s connection error: %s" % (service, getattr(e, "reason", None) or e))


def first_content(response, with_tools=False):
    choice = (response.get("choices") or [{}])[0]
    message = choice.get("message") or {}
    if with_tools:
        return message
    return message.get("content") or ""


def chat_body(model, messages, temperature=None, top_p=None, n=None, stop=None, max_tokens=None,
              presence_penalty=None, frequency_penalty=None, logit_bias=None, user=None, seed=None,
              response_format=None, tools=None, tool_choice=None, functions=None, function_call=None):
    """The chat completions body, leaving out what prompt flow leaves out when empty."""
    body = {"model": model, "messages": messages, "stream": False}
    optional = {
        "temperature": None if temperature is None else float(temperature),
        "top_p": None if top_p is None else float(top_p),
        "n": None if n is None else int(n),
        "stop": stop or None,
        "max_tokens": None if max_tokens in (None, "") or str(max_tokens).lower() == "inf" else int(max_tokens),
        "presence_penalty": None if presence_penalty is None else float(presence_penalty),
        "frequency_penalty": None if frequency_penalty is None else float(frequency_penalty),
        "logit_bias": logit_bias or None,
        "user": user or None,
        "seed": None if seed in (None, "") else int(seed),
        "response_format": response_format or None,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    if tools:
        body["tools"] = tools
        body["tool_choice"] = tool_choice or "auto"
    elif functions:
        body["functions"] = functions
        body["function_call"] = function_call or "auto"
    return body
