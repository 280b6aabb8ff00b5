"""promptflow.core.Prompty of the GenAIOps promptflow shim: load a .prompty file and call the model.

Standard library HTTP to Azure OpenAI / OpenAI; Jinja2 renders the template (trim_blocks,
keep_trailing_newline, as prompt flow) and PyYAML reads the front matter, as in prompt flow itself.
"""
import copy
import json
import os
import re
import urllib.error
import urllib.request

_ROLE = re.compile(r"^\s*#?\s*(system|user|assistant|function|tool|developer)\s*:\s*$", re.IGNORECASE)
_ENV = re.compile(r"^\$\{env:(.*)\}$")
_FILE = re.compile(r"^\$\{file:(.*)\}$")


def _merge(origin, override):
    out = dict(origin)
    for key, value in (override or {}).items():
        out[key] = _merge(origin.get(key) or {}, value) if isinstance(value, dict) else value
    return out


def _env(value):
    m = _ENV.match(value) if isinstance(value, str) else None
    return os.environ.get(m.group(1), value) if m else value


def _files(value, base):
    """`${file:x.json}` anywhere in the front matter: the file's content (JSON and YAML parsed), as prompt flow reads it."""
    if isinstance(value, dict):
        return {k: _files(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_files(v, base) for v in value]
    m = _FILE.match(value) if isinstance(value, str) else None
    if not m:
        return value
    path = os.path.join(base, m.group(1).strip())
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text)
    if path.endswith((".yaml", ".yml")):
        import yaml

        return yaml.safe_load(text)
    return text


def _config_dict(config):
    if config is None:
        return {}
    if isinstance(config, dict):
        return dict(config)
    values = {k: v for k, v in vars(config).items() if v is not None}
    values.setdefault("type", "openai" if type(config).__name__.startswith("OpenAI") else "azure_openai")
    return values


def _connection_from_env(name):
    text = os.environ.get(name)
    if not text:
        raise ValueError("connection %r is not configured: set the environment variable %r to its JSON" % (name, name))
    return json.loads(text)


def _parse_chat(text):
    messages, role, lines = [], None, []
    for line in text.splitlines():
        m = _ROLE.match(line)
        if m:
            if role is not None:
                messages.append({"role": role, "content": "\n".join(lines).strip()})
            role, lines = m.group(1).lower(), []
        elif role is not None:
            lines.append(line)
    if role is not None:
        messages.append({"role": role, "content": "\n".join(lines).strip()})
    if not messages:
        messages.append({"role": "system", "content": text.strip()})
    return messages


class Prompty(object):
    """A prompty file as a callable: `Prompty.load(source=path, model={...})(**inputs)`."""

    def __init__(self, path, model=None, **kwargs):
        self.path = os.path.abspath(str(path))
        with open(self.path, encoding="utf-8") as f:
            text = f.read()
        m = re.match(r"^\ufeff?(?:[ \t]*\r?\n)*---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|$)", text, re.DOTALL | re.MULTILINE)
        if not m:
            raise ValueError("%s: expected front matter between two '---' lines" % self.path)
        try:
            import yaml
        except ImportError:
            raise ImportError("reading a .prompty needs PyYAML: pip install pyyaml")
        front = _files(yaml.safe_load(m.group(1)) or {}, os.path.dirname(self.path))
        self.template = text[m.end():]
        front = _merge(front, {k: v for k, v in kwargs.items() if k in ("inputs", "outputs", "sample")})
        override = _model_override(model)
        config = override.pop("configuration", None)
        self._model = _merge(front.get("model") or {}, override)
        if isinstance(config, dict):
            self._model["configuration"] = _merge(self._model.get("configuration") or {}, config)
        elif config is not None:
            # A model configuration object replaces the file's configuration as a whole.
            self._model["configuration"] = _config_dict(config)
        self._inputs = front.get("inputs") or {}
        self._outputs = front.get("outputs") or {}
        self._sample = front.get("sample")
        self.name = front.get("name")
        self.description = front.get("description")

    @classmethod
    def load(cls, source, **kwargs):
        return cls(source, **kwargs)

    def _resolve_inputs(self, kwargs):
        values = {}
        for name, spec in self._inputs.items():
            if name in kwargs:
                values[name] = kwargs[name]
            elif isinstance(spec, dict) and "default" in spec:
                values[name] = spec["default"]
            elif not isinstance(spec, dict):
                values[name] = spec
            else:
                raise ValueError("Missing required inputs: %s" % name)
        for name, value in kwargs.items():
            values.setdefault(name, value)
        return values

    def render(self, *args, **kwargs):
        import jinja2

        values = self._resolve_inputs(kwargs)
        text = jinja2.Template(self.template, trim_blocks=True, keep_trailing_newline=True).render(**values)
        if self._model.get("api", "chat") == "completion":
            return text
        return json.dumps(_parse_chat(text))

    def estimate_token_count(self, *args, **kwargs):
        # ~4 characters a token, plus the answer budget: enough to trim a chat history by.
        prompt = self.render(**kwargs)
        return len(prompt) // 4 + int((self._model.get("parameters") or {}).get("max_tokens") or 0)

    def __call__(self, *args, **kwargs):
        if args:
            raise TypeError("Prompty takes keyword arguments only")
        api = self._model.get("api", "chat")
        rendered = self.render(**kwargs)
        params = dict(self._model.get("parameters") or {})
        stream = bool(params.pop("stream", False))
        # as prompt flow: tools bring tool_choice "auto" unless set; without tools, functions bring function_call
        if "tools" in params:
            params["tool_choice"] = "auto" if params.get("tool_choice") is None else params["tool_choice"]
        elif "functions" in params:
            params["function_call"] = "auto" if params.get("function_call") is None else params["function_call"]
        url, headers, body = self._request(api)
        body.update(params)
        if api == "completion":
            body["prompt"] = rendered
        else:
            body["messages"] = json.loads(rendered)
        req = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=600) as res:
                response = json.loads(res.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            raise RuntimeError("model call failed with HTTP %s: %s" % (e.code, e.read().decode("utf-8", "replace")[:500]))
        result = self._format(response, api, params)
        if stream and isinstance(result, str):
            return iter([result])
        return result

    def _request(self, api):
        config = _config_dict(self._model.get("configuration"))
        if config.get("connection"):
            conn = _connection_from_env(config.pop("connection"))
            kind = str(conn.get("api_type") or conn.get("type") or "azure").lower()
            config = dict(
                config,
                type="openai" if kind in ("openai", "open_ai") else "azure_openai",
                api_key=conn.get("api_key"),
                azure_endpoint=conn.get("api_base") or conn.get("azure_endpoint"),
                base_url=conn.get("api_base") or conn.get("base_url"),
                api_version=conn.get("api_version") or config.get("api_version"),
            )
        config = {k: _env(v) for k, v in config.items()}
        path = "chat/completions" if api == "chat" else "completions"
        if config.get("type") == "openai":
            base = (config.get("base_url") or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/")
            key = config.get("api_key") or os.environ.get("OPENAI_API_KEY") or ""
            headers = {"Content-Type": "application/json", "Authorization": "Bearer %s" % key}
            # As prompt flow: an Azure configuration's deployment is the model name on OpenAI.
            return "%s/%s" % (base, path), headers, {"model": config.get("model") or config.get("azure_deployment")}
        endpoint = (config.get("azure_endpoint") or os.environ.get("AZURE_OPENAI_ENDPOINT") or "").rstrip("/")
        version = config.get("api_version") or os.environ.get("OPENAI_API_VERSION") or "2024-02-01"
        key = config.get("api_key") or os.environ.get("AZURE_OPENAI_API_KEY") or ""
        url = "%s/openai/deployments/%s/%s?api-version=%s" % (endpoint, config.get("azure_deployment"), path, version)
        return url, {"Content-Type": "application/json", "api-key": key}, {}

    def _format(self, response, api, params):
        if self._model.get("response", "first") == "all":
            return response
        choice = (response.get("choices") or [{}])[0]
        if api == "completion":
            content = choice.get("text", "")
        elif choice.get("finish_reason") in ("tool_calls", "function_calls"):
            return choice.get("message")
        else:
            content = (choice.get("message") or {}).get("content", "")
        fmt = params.get("response_format")
        if not (isinstance(fmt, dict) and fmt.get("type") == "json_object"):
            return content
        result = json.loads(content)
        if not self._outputs:
            return result
        missing = [k for k in self._outputs if k not in result]
        if missing:
            raise ValueError("Cannot find %s in response %s" % (missing[0], list(result)))
        return {k: result[k] for k in self._outputs}


def _model_override(model):
    if not model:
        return {}
    return copy.copy(model)


class AsyncPrompty(Prompty):
    """Prompty whose call is awaited."""

    async def __call__(self, *args, **kwargs):
        return Prompty.__call__(self, *args, **kwargs)
