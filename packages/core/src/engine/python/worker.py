"""GenAIOps python worker: runs prompt flow python tools for the TypeScript flow engine.

Started by PythonWorkerPool (pool.ts) as `python3 worker.py SHIM_DIR`. Standard library only,
Python 3.9+.

Protocol: one JSON object per line. Requests arrive on the process's original stdin, responses
leave on its original stdout. At start the worker moves both descriptors aside (non-inheritable
duplicates), points fd 0 at the null device and fd 1 at fd 2, so nothing user code writes -- not
print(), not C code, not a subprocess -- can reach the protocol channel. During a request,
sys.stdout and sys.stderr are captured and returned as "logs"; outside requests they go to stderr.

First line out: {"ready": true, "python": "3.11.7", "promptflow": "shim" | "installed", "pid": N}
Requests:
  {"id": 1, "op": "call", "file": "/abs/tool.py", "func": "name" | null, "args": {...}}
  {"id": 2, "op": "flex", "file": "/abs/entry.py", "entry": "fn_or_Class",
   "init": {...} | null, "args": {...}, "aggregate": false}
Responses:
  {"id": 1, "ok": true, "output": ..., "logs": "...", "metrics": {...}, "ms": 0.12}
  {"id": 1, "ok": false, "error": {"type", "message", "traceback", "phase", "file", "line"},
   "logs": "...", "metrics": {...}, "ms": 0.12}
  "revive": true is added when output or metrics hold {"__pf_float__": "NaN"|"Infinity"|"-Infinity"},
  or output holds {"__pf_float__": "1.0"}: a float whose repr JS prints differently (1.0, 1e-05, 1e+16).
An argument {"__pf_connection__": {"type", "name", "values"}} becomes a promptflow connection
object, {"__pf_model_config__": {"type", "values"}} a promptflow.core model configuration,
{"__pf_assistant__": {"definition", "functions"}} a promptflow.contracts.types.AssistantDefinition.
"""
import sys

if sys.version_info < (3, 9):
    sys.stderr.write(
        "genaiops: python %s is too old, the flow engine needs python 3.9 or later\n" % sys.version.split()[0]
    )
    sys.exit(3)

import collections.abc  # noqa: E402
import dataclasses  # noqa: E402
import enum  # noqa: E402
import faulthandler  # noqa: E402
import importlib.util  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import types  # noqa: E402

WORKER_FILE = os.path.abspath(__file__)
SHIM_DIR = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ""
MAX_TRACEBACK_FRAMES = 20


class _CallState:
    logs = None  # list of str while a request runs, else None
    metrics = None  # dict while a request runs, else None


_state = _CallState()


# ---------------------------------------------------------------- output capture


class _BinaryCapture(object):
    """`sys.stdout.buffer` of the capture: bytes are decoded and captured like text."""

    def __init__(self, text):
        self._text = text

    def write(self, data):
        self._text.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self):
        self._text.flush()

    def writable(self):
        return True


class _Capture(io.TextIOBase):
    """Stands in for sys.stdout and sys.stderr for the worker's whole life.

    A permanent object (not a StringIO swapped in per call) so that a logging handler created
    during one call keeps writing into the capture of later calls.
    """

    def __init__(self, fallback, name):
        super().__init__()
        self._fallback = fallback
        self._name = name
        self._buffer = _BinaryCapture(self)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "replace"

    @property
    def name(self):
        return self._name

    @property
    def buffer(self):
        return self._buffer

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self._fallback.fileno()

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        logs = _state.logs
        if logs is None:
            self._fallback.write(s)
            self._fallback.flush()
        else:
            logs.append(s)
        return len(s)

    def flush(self):
        if _state.logs is None:
            self._fallback.flush()


# ---------------------------------------------------------------- promptflow (real or shim)


def _real_promptflow_installed():
    if os.environ.get("GENAIOPS_PROMPTFLOW_SHIM") == "1":
        return False
    try:
        spec = importlib.util.find_spec("promptflow")
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    # promptflow is split into namespace packages (promptflow-tracing alone has no `tool`): look
    # for the part that defines tools without importing anything.
    for location in spec.submodule_search_locations or []:
        if os.path.isdir(os.path.join(location, "_core")) or os.path.isdir(os.path.join(location, "core")):
            return True
    return False


_PROMPTFLOW = "installed" if _real_promptflow_installed() else "shim"
_metric_hooked = False


def _collect_metric(key, value, variant_id=None):
    metrics = _state.metrics
    if metrics is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(
                "log_metric(%r, ...) needs a number, got %s %r" % (key, type(value).__name__, value)
            ) from None
    metrics[str(key)] = value


def _hook_metrics():
    """Registers the metric collector with promptflow's metric logger, once it is imported."""
    global _metric_hooked
    if _metric_hooked or "promptflow" not in sys.modules:
        return
    try:
        from promptflow._core.metric_logger import add_metric_logger
    except Exception:  # an installed promptflow without the hook: nothing to collect from
        _metric_hooked = True
        return
    add_metric_logger(_collect_metric)
    _metric_hooked = True


_CONNECTION_TYPES = {
    "azure_open_ai": "AzureOpenAIConnection",
    "azureopenai": "AzureOpenAIConnection",
    "open_ai": "OpenAIConnection",
    "openai": "OpenAIConnection",
    "custom": "CustomConnection",
    "cognitive_search": "CognitiveSearchConnection",
    "cognitivesearch": "CognitiveSearchConnection",
    "serp": "SerpConnection",
    "azure_content_safety": "AzureContentSafetyConnection",
    "form_recognizer": "FormRecognizerConnection",
    "serverless": "ServerlessConnection",
}


def _construct(cls, kwargs):
    try:
        return cls(**kwargs)
    except TypeError:
        params = inspect.signature(cls).parameters
        if any(p.kind == p.VAR_KEYWORD for p in params.values()):
            raise
        return cls(**{k: v for k, v in kwargs.items() if k in params})


def _make_connection(spec):
    if not isinstance(spec, dict):
        raise TypeError("__pf_connection__ must be an object, got %s" % type(spec).__name__)
    type_name = str(spec.get("type") or "CustomConnection")
    name = spec.get("name")
    values = dict(spec.get("values") or {})
    class_name = _CONNECTION_TYPES.get(type_name.lower().replace("-", "_"), type_name)
    if not class_name.endswith("Connection"):
        class_name += "Connection"
    import promptflow.connections as connections

    cls = getattr(connections, class_name, None)
    if not isinstance(cls, type) and type_name.endswith("Connection"):
        # A tool's own CustomStrongTypeConnection subclass: made from a custom connection here and
        # converted to the annotated class when the tool is called (as prompt flow does).
        cls, class_name = connections.CustomConnection, "CustomConnection"
    if not isinstance(cls, type):
        raise TypeError("connection %r has an unknown type %r" % (name, type_name))
    if class_name == "CustomConnection":
        secrets, configs = values.pop("secrets", None), values.pop("configs", None)
        if isinstance(secrets, dict) or isinstance(configs, dict):
            secrets, configs = dict(secrets or {}), dict(configs or {})
            configs.update(values)
        else:
            if secrets is not None:
                values["secrets"] = secrets
            if configs is not None:
                values["configs"] = configs
            secrets, configs = values, {}
        return cls(secrets=secrets, configs=configs, name=name)
    values.pop("name", None)
    values.pop("type", None)
    # a strongly typed class takes its fields flat; written as {"secrets": {..}, "configs": {..}}
    # (prompt flow's custom form) they fill the fields not given flat
    for part in ("configs", "secrets"):
        if isinstance(values.get(part), dict):
            for k, v in values.pop(part).items():
                values.setdefault(k, v)
    return _construct(cls, dict(values, name=name))


def _make_model_config(spec):
    if not isinstance(spec, dict):
        raise TypeError("__pf_model_config__ must be an object, got %s" % type(spec).__name__)
    type_name = str(spec.get("type") or "AzureOpenAIModelConfiguration")
    import promptflow.core as core

    cls = getattr(core, type_name, None)
    if not isinstance(cls, type):
        raise TypeError("unknown model configuration type %r" % type_name)
    return _construct(cls, dict(spec.get("values") or {}))


# ---------------------------------------------------------------- assistant definitions

_JSON_TYPES = {int: "number", float: "number", bool: "boolean", str: "string", list: "array"}


def _rest_docstring(doc):
    """A reST docstring's description and :param descriptions, as docstring_parser (prompt flow's
    parser) reads them: the description keeps a trailing newline when a blank line follows it."""
    text = inspect.cleandoc(doc or "")
    meta = re.search("^:", text, flags=re.M)
    desc_chunk, meta_chunk = (text[: meta.start()], text[meta.start():]) if meta else (text, "")
    parts = desc_chunk.split("\n", 1)
    lines = [parts[0]] if parts[0] else []
    if len(parts) > 1:
        rest = parts[1] or ""
        if lines and rest.startswith("\n"):
            lines.append("")
        if rest.strip():
            lines.append(rest.strip())
    params = {}
    for m in re.finditer(r"(^:.*?)(?=^:|\Z)", meta_chunk, flags=re.S | re.M):
        head, _, desc = m.group(0).lstrip(":").partition(":")
        words = head.split()
        desc = desc.strip()
        if "\n" in desc:
            first, more = desc.split("\n", 1)
            desc = first + "\n" + inspect.cleandoc(more)
        if len(words) >= 2 and words[0] in ("param", "parameter", "arg", "argument", "key", "keyword"):
            params[words[-1]] = desc
    return "\n".join(lines), params


def _assistant_function(fn, predefined):
    """The OpenAI function definition prompt flow generates for an assistant tool: the docstring's
    description, one property per parameter not predefined, required when it has no default."""
    description, param_docs = _rest_docstring(fn.__doc__)
    properties, required = {}, []
    for name, p in inspect.signature(fn).parameters.items():
        if name == "self" or name in predefined or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if p.default is inspect.Parameter.empty or p.default is None:
            required.append(name)
        annotation = p.annotation
        if annotation is inspect.Parameter.empty and p.default not in (inspect.Parameter.empty, None):
            annotation = type(p.default)
        prop = {"type": _JSON_TYPES.get(annotation, "object"), "description": param_docs.get(name, "")}
        if isinstance(annotation, enum.EnumMeta):
            prop = {"type": "string", "description": prop["description"], "enum": [str(o.value) for o in annotation]}
        properties[name] = prop
    return {
        "type": "function",
        "function": {
            "name": fn.__name__,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


def _make_assistant(spec):
    """An AssistantDefinition whose _tool_invoker holds its resolved tools, as prompt flow's tool
    resolver injects it: function tools loaded from their files, predefined inputs bound."""
    import functools

    from promptflow.contracts.types import AssistantDefinition
    from promptflow.executor._assistant_tool_invoker import AssistantToolInvoker, ResolvedAssistantTool

    definition = AssistantDefinition.deserialize(spec.get("definition") or {})
    resolved = {}
    for tool, fn_spec in zip(definition.tools, spec.get("functions") or []):
        if fn_spec is None:  # code_interpreter, retrieval: passed to the service as written
            resolved[tool["type"]] = ResolvedAssistantTool(name=tool["type"], openai_definition=tool, func=None)
            continue
        path = fn_spec["file"]
        fn = _find_function(path, _load(path, main=True), None)
        predefined = _materialize(fn_spec.get("predefined") or {})
        bound = functools.partial(fn, **predefined) if predefined else fn
        resolved[fn.__name__] = ResolvedAssistantTool(
            name=fn.__name__, openai_definition=_assistant_function(fn, predefined), func=bound
        )
    definition._tool_invoker = AssistantToolInvoker(resolved)
    return definition


def _materialize(args):
    """Turns connection, model configuration and assistant definition markers among the arguments into objects."""
    if not args:
        return {}
    out = None
    for key, value in args.items():
        if type(value) is dict and len(value) == 1:
            if "__pf_connection__" in value:
                made = _make_connection(value["__pf_connection__"])
            elif "__pf_model_config__" in value:
                made = _make_model_config(value["__pf_model_config__"])
            elif "__pf_assistant__" in value:
                made = _make_assistant(value["__pf_assistant__"])
            else:
                continue
            if out is None:
                out = dict(args)
            out[key] = made
    return args if out is None else out


# ---------------------------------------------------------------- images (prompt flow's multimedia dicts)

_MIME_KEY = None  # compiled on first use: most calls carry no image


class _Media(object):
    """Images among a call's arguments, as prompt flow loads them: in the basic format a one-key
    dict {"data:image/<type>;path|base64|url": value}, in the openai-vision format
    {"type": "image_file", "image_file": {"path": ...}} or {"type": "image_url", "image_url": {"url": ...}}
    (and {"type": "text", "text": ...} for text). Relative paths are relative to the flow folder.
    An Image in an output goes back as a base64 dict of the format its inputs used."""

    vision = False  # the current call's images came in the openai-vision format

    @staticmethod
    def classes():
        from promptflow.contracts.multimedia import Image

        try:
            from promptflow.contracts.multimedia import Text
        except ImportError:
            Text = None
        return Image, Text

    @staticmethod
    def load(value):
        global _MIME_KEY
        if _MIME_KEY is None:
            import re

            _MIME_KEY = re.compile(r"^data:image/(.*);(path|base64|url)$")
        if isinstance(value, list):
            return [_Media.load(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            key, data = next(iter(value.items()))
            m = _MIME_KEY.match(key) if isinstance(key, str) else None
            if m:
                return _Media.image(m.group(2), data, "image/%s" % m.group(1))
        elif len(value) == 2 and value.get("type") in ("image_file", "image_url", "text"):
            kind = value["type"]
            inner = value.get(kind)
            if kind == "image_file" and isinstance(inner, dict) and "path" in inner:
                _Media.vision = True
                return _Media.image("path", inner["path"], None)
            if kind == "image_url" and isinstance(inner, dict) and "url" in inner:
                _Media.vision = True
                url = inner["url"]
                return _Media.image("base64" if str(url).startswith("data:") else "url", url, None)
            if kind == "text" and (isinstance(inner, str) or (isinstance(inner, dict) and isinstance(inner.get("value"), str))):
                Text = _Media.classes()[1]
                if Text is not None:
                    return Text.deserialize(value) if hasattr(Text, "deserialize") else Text(inner if isinstance(inner, str) else inner["value"])
        return {k: _Media.load(v) for k, v in value.items()}

    @staticmethod
    def image(resource, data, mime):
        import base64

        Image = _Media.classes()[0]
        if resource == "path":
            with open(os.path.join(os.getcwd(), str(data)), "rb") as f:
                return Image(f.read(), mime_type=mime)
        if resource == "base64":
            text = str(data)
            if text.startswith("data:") and "," in text:
                head, text = text.split(",", 1)
                mime = mime or head[5:].split(";")[0]
            return Image(base64.b64decode(text), mime_type=mime)
        raise ValueError("image url %r: the local engine does not download images; give a path or base64" % data)

    @staticmethod
    def dump(o):
        mime = getattr(o, "_mime_type", None) or "image/*"
        import base64

        encoded = base64.b64encode(bytes(o)).decode("ascii")
        if _Media.vision:
            return {"type": "image_url", "image_url": {"url": "data:%s;base64,%s" % (mime, encoded)}}
        return {"data:%s;base64" % mime: encoded}


# ---------------------------------------------------------------- loading user code


class _LoadError(Exception):
    """A problem finding the function to call; reported with phase "load" and no traceback."""

    def __init__(self, type_name, message):
        Exception.__init__(self, message)
        self.type_name = type_name


_modules = {}  # absolute path -> module
_roots = []  # folders of loaded files, most recent first
_instances = {}  # (path, class name, init json) -> instance
_tool_functions = {}  # path -> the module's @tool function


def _within(path, folder):
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def _activate_root(folder):
    """Puts `folder` first on sys.path so the file's sibling imports resolve there.

    When a worker serves files from several folders (a standard and an evaluation flow), a
    sibling module another folder imported under the same name (utils, helpers) must not leak in:
    modules loaded from other folders are dropped from sys.modules (modules already loaded keep
    their references).
    """
    if folder in _roots and _roots[0] == folder:
        return
    if _roots:
        others = [r for r in _roots if r != folder]
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if not file or name in ("__main__",):
                continue
            file = os.path.abspath(file)
            if _within(file, folder) or not any(_within(file, r) for r in others):
                continue
            del sys.modules[name]
        importlib.invalidate_caches()
    if folder in _roots:
        _roots.remove(folder)
    _roots.insert(0, folder)
    if folder in sys.path:
        sys.path.remove(folder)
    sys.path.insert(0, folder)


def _module_name(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem.isidentifier() and stem not in sys.modules:
        # Register under the plain name when `import stem` would find this very file, so that a
        # sibling importing it gets the same module (imported once).
        try:
            spec = importlib.util.find_spec(stem)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin and os.path.abspath(spec.origin) == path:
            return stem
    safe = "".join(c if c.isalnum() else "_" for c in stem)
    return "_genaiops_tool_%d_%s" % (len(_modules), safe)


def _load(path, main=False):
    """Imports the file once. `main`: a DAG tool script, whose __name__ is "__pf_main__" as in prompt flow."""
    module = _modules.get(path)
    if module is not None:
        return module
    if not os.path.isfile(path):
        raise _LoadError("FileNotFoundError", "python file not found: %s" % path)
    _activate_root(os.path.dirname(path))
    name = _module_name(path)
    # A DAG tool script runs as "__pf_main__" (prompt flow's name for it); it is still registered
    # under `name`, so that siblings importing it get this very module.
    spec = importlib.util.spec_from_file_location("__pf_main__" if main else name, path)
    if spec is None or spec.loader is None:
        raise _LoadError("ImportError", "cannot load %s as a python module" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        if sys.modules.get(name) is module:
            del sys.modules[name]
        raise
    _modules[path] = module
    return module


def _is_tool(obj):
    return callable(obj) and (hasattr(obj, "__tool") or hasattr(obj, "__pf_tool__"))


def _find_function(path, module, func):
    if func:
        fn = getattr(module, func, None)
        if fn is None or not callable(fn):
            raise _LoadError(
                "AttributeError", "%s has no function %r" % (os.path.basename(path), func)
            )
        return fn
    fn = _tool_functions.get(path)
    if fn is not None:
        return fn
    tools = [
        obj
        for name, obj in vars(module).items()
        if inspect.isfunction(obj) and _is_tool(obj) and getattr(obj, "__module__", None) == module.__name__
    ]
    if not tools:
        tools = _class_tools(module)
    if not tools:
        raise _LoadError(
            "LookupError",
            "%s has no @tool function: decorate one with @tool or name the function"
            % os.path.basename(path),
        )
    if len(tools) > 1:
        raise _LoadError(
            "LookupError",
            "%s has several @tool functions (%s): name the one to call"
            % (os.path.basename(path), ", ".join(t.__name__ for t in tools)),
        )
    _tool_functions[path] = tools[0]
    return tools[0]


# ---------------------------------------------------------------- calling


_loop = None


def _run_async(awaitable):
    # imported here: asyncio costs ~40 ms of every worker's start, and few tools are async
    import asyncio

    global _loop
    if _loop is None or _loop.is_closed():
        _loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_loop)
    return _loop.run_until_complete(awaitable)


async def _drain_async(agen):
    return [item async for item in agen]


def _settle(result):
    """Awaits coroutines and consumes iterators as prompt flow does: "".join(str(chunk) ...), also
    for the iterator values of a returned dict or dataclass (flex outputs)."""
    if inspect.isawaitable(result):
        result = _run_async(result)
    if inspect.isasyncgen(result):
        return "".join(str(chunk) for chunk in _run_async(_drain_async(result)))
    if isinstance(result, collections.abc.Iterator):
        return "".join(str(chunk) for chunk in result)
    if isinstance(result, dict):
        if any(isinstance(v, collections.abc.Iterator) for v in result.values()):
            return {k: _settle(v) if isinstance(v, collections.abc.Iterator) else v for k, v in result.items()}
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for field in dataclasses.fields(result):
            value = getattr(result, field.name)
            if isinstance(value, collections.abc.Iterator):
                setattr(result, field.name, "".join(str(chunk) for chunk in value))
    return result


def _mark(exc, phase):
    try:
        exc._genaiops_phase = phase
    except Exception:  # an exception type that takes no attributes: reported as a call error
        pass


def _op_call(req):
    path = req["file"]
    try:
        module = _load(path, main=True)
    except _LoadError:
        raise
    except BaseException as exc:
        _mark(exc, "load")
        raise
    fn = _find_function(path, module, req.get("func"))
    _hook_metrics()
    args = _materialize(req.get("args"))
    if req.get("_media"):
        args = {k: _Media.load(v) for k, v in args.items()}
    if isinstance(fn, _ClassTool):
        return _settle(fn(args))
    return _settle(fn(**_strong_type_connections(fn, args)))


class _ClassTool(object):
    """A @tool method of a ToolProvider class: __init__ takes the node inputs it names, the method the rest."""

    def __init__(self, cls, method):
        self.cls, self.method, self.__name__ = cls, method, method.__name__
        self._init = set(inspect.signature(cls.__init__).parameters) - {"self"}

    def __call__(self, args):
        init = {k: v for k, v in args.items() if k in self._init}
        instance = self.cls(**_strong_type_connections(self.cls.__init__, init))
        rest = {k: v for k, v in args.items() if k not in self._init}
        bound = getattr(instance, self.method.__name__)
        return bound(**_strong_type_connections(self.method, rest))


def _class_tools(module):
    found = []
    for obj in vars(module).values():
        if inspect.isclass(obj) and obj.__module__ == module.__name__:
            for attr in vars(obj).values():
                if inspect.isfunction(attr) and _is_tool(attr):
                    found.append(_ClassTool(obj, attr))
    return found


def _strong_type_connections(fn, args):
    """Custom connections given to parameters annotated with a CustomStrongTypeConnection subclass become that class."""
    if "promptflow.connections" not in sys.modules:
        return args
    base = getattr(sys.modules["promptflow.connections"], "CustomStrongTypeConnection", None)
    custom = getattr(sys.modules["promptflow.connections"], "CustomConnection", None)
    if base is None or custom is None or not any(isinstance(v, custom) for v in args.values()):
        return args
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return args
    out = dict(args)
    for key, value in args.items():
        ann = params[key].annotation if key in params else None
        if isinstance(value, custom) and inspect.isclass(ann) and issubclass(ann, base):
            out[key] = ann(secrets=dict(value.secrets), configs=dict(value.configs), name=value.name)
    return out


def _op_flex(req):
    path = req["file"]
    entry_name = req.get("entry")
    aggregate = bool(req.get("aggregate"))
    try:
        module = _load(path)
    except _LoadError:
        raise
    except BaseException as exc:
        _mark(exc, "load")
        raise
    entry = getattr(module, entry_name, None) if entry_name else None
    if entry is None or not callable(entry):
        raise _LoadError("AttributeError", "%s has no %r" % (os.path.basename(path), entry_name))
    _hook_metrics()
    init = req.get("init") or {}
    if inspect.isclass(entry):
        key = (path, entry_name, json.dumps(init, sort_keys=True, separators=(",", ":")))
        instance = _instances.get(key)
        if instance is None:
            try:
                instance = entry(**_materialize(init))
            except BaseException as exc:
                _mark(exc, "init")
                raise
            _instances[key] = instance
        if aggregate:
            target = getattr(instance, "__aggregate__", None)
            if target is None:
                raise _LoadError("AttributeError", "%s has no __aggregate__ method" % entry_name)
        else:
            target = instance
    else:
        if init:
            raise _LoadError("TypeError", "%s is a function: it takes no init arguments" % entry_name)
        if aggregate:
            raise _LoadError("AttributeError", "%s is a function: it has no __aggregate__" % entry_name)
        target = entry
    args = _materialize(req.get("args"))
    if req.get("_media"):
        args = {k: _Media.load(v) for k, v in args.items()}
    result = _settle(target(**args))
    if aggregate and isinstance(result, dict):
        # promptflow logs what __aggregate__ returns as the run's metrics
        for k, v in result.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                _state.metrics.setdefault(str(k), v)
    return result


def _missing_package(name, pip):
    return (
        "package tool %r needs the python module %r, which this python (%s) cannot import: install the pip "
        "package %s there (pip install %s), or run the flow with --backend azure"
        % (name, name.split(".")[0], sys.executable, pip, pip)
    )


def _resolve_package_tool(name, pip):
    """A package tool (`module.function` or `module.Class.method`) from the python modules importable
    here: the real package when installed, else the shim's built-in tools."""
    parts = name.split(".")
    module, rest = None, []
    for i in range(len(parts) - 1, 0, -1):
        module_name = ".".join(parts[:i])
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # missing further up the dotted name: try a shorter module; a missing dependency of a
            # module that exists is the tool's own load error
            if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
                continue
            _mark(exc, "load")
            raise
        except BaseException as exc:
            _mark(exc, "load")
            raise
        rest = parts[i:]
        break
    if module is None:
        raise _LoadError("ModuleNotFoundError", _missing_package(name, pip))
    target = module
    for attr in rest:
        target = getattr(target, attr, None)
        if target is None:
            break
    if target is None or not callable(target) or len(rest) > 2:
        in_shim = SHIM_DIR and _within(os.path.abspath(getattr(module, "__file__", "") or ""), SHIM_DIR)
        if in_shim:
            raise _LoadError(
                "ModuleNotFoundError",
                "package tool %r is not among the built-in tools of the GenAIOps local engine (promptflow.tools: "
                "embedding, llm, aoai, openai, aoai_gpt4v, openai_gpt4v, llm_vision, serpapi, open_model_llm): install "
                "the pip packages promptflow and %s in the worker's python (%s) to use the real ones, or run the flow "
                "with --backend azure" % (name, pip, sys.executable),
            )
        raise _LoadError("AttributeError", "module %r has no tool %r" % (module.__name__, ".".join(rest)))
    if len(rest) == 2:
        return _ClassTool(getattr(module, rest[0]), target)
    return target


def _op_package(req):
    name = req["tool"]
    fn = _package_tools.get(name)
    if fn is None:
        fn = _package_tools[name] = _resolve_package_tool(name, req.get("pip") or name.split(".")[0])
    _hook_metrics()
    args = _materialize(req.get("args"))
    if isinstance(fn, _ClassTool):
        return _settle(fn(args))
    return _settle(fn(**_strong_type_connections(fn, args)))


_package_tools = {}  # tool name -> function or _ClassTool
_OPS = {"call": _op_call, "flex": _op_flex, "package": _op_package}


# ---------------------------------------------------------------- errors


def _user_frames(tb):
    import traceback  # on errors only: not imported at the worker's start

    frames = []
    for frame in traceback.extract_tb(tb):
        file = frame.filename
        if file == WORKER_FILE or file.startswith("<frozen "):
            continue
        if SHIM_DIR and _within(os.path.abspath(file), SHIM_DIR):
            continue
        frames.append(frame)
    return frames[-MAX_TRACEBACK_FRAMES:]


def _describe_error(exc):
    if isinstance(exc, _LoadError):
        return {"type": exc.type_name, "message": str(exc), "traceback": "", "phase": "load"}
    import traceback

    frames = _user_frames(exc.__traceback__)
    text = ""
    if frames:
        text = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    error = {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": text,
        "phase": getattr(exc, "_genaiops_phase", "call"),
    }
    if isinstance(exc, SyntaxError) and exc.filename:
        error["file"] = exc.filename
        if exc.lineno:
            error["line"] = exc.lineno
        if exc.offset:
            error["column"] = exc.offset
        error["message"] = "%s (%s, line %s)" % (exc.msg, exc.filename, exc.lineno)
        error["reason"] = str(exc.msg)
    elif frames:
        error["file"] = frames[-1].filename
        error["line"] = frames[-1].lineno
    return error


# ---------------------------------------------------------------- JSON out


def _default(o):
    """What json.dumps cannot encode by itself."""
    if isinstance(o, (set, frozenset)):
        try:
            return sorted(o)
        except TypeError:
            return list(o)
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {f.name: getattr(o, f.name) for f in dataclasses.fields(o)}
    # datetime and decimal are imported by the code that made such a value (not at the worker's start)
    datetime = sys.modules.get("datetime")
    if datetime and isinstance(o, (datetime.datetime, datetime.date, datetime.time)):
        return o.isoformat()
    if isinstance(o, enum.Enum):
        return o.value
    decimal = sys.modules.get("decimal")
    if decimal and isinstance(o, decimal.Decimal):
        return float(o)
    if isinstance(o, bytes) and hasattr(o, "_mime_type"):  # a promptflow Image
        return _Media.dump(o)
    if isinstance(o, (bytes, bytearray, memoryview)):
        return bytes(o).decode("utf-8", "replace")
    if isinstance(o, collections.abc.Mapping):
        return dict(o)
    for method in ("model_dump", "tolist", "to_dict"):  # pydantic 2, numpy, pandas
        fn = getattr(o, method, None)
        if callable(fn) and not isinstance(o, type):
            try:
                return fn()
            except Exception:
                pass
    if isinstance(o, (collections.abc.Iterable)) and not isinstance(o, (str, type)):
        try:
            return list(o)
        except Exception:
            pass
    attrs = getattr(o, "__dict__", None)
    if isinstance(attrs, dict):
        public = {k: v for k, v in attrs.items() if not k.startswith("_")}
        if public:
            return public
    return str(o)


def _key(k):
    if isinstance(k, str):
        return k
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, (int, float)):
        return json.dumps(k) if math.isfinite(k) else str(k)
    return str(k)


def _sanitize(o, active, depth=0, floats=None):
    """Slow path: a JSON-safe copy, with non-finite floats marked and cycles cut. With a `floats`
    list, floats whose repr JS would print differently (1.0, 1e-05) are marked too, and counted there."""
    if o is None or isinstance(o, (str, bool, int)):
        return o
    if isinstance(o, float):
        if math.isfinite(o):
            if floats is None:
                return o
            r = repr(o)
            if not (r.endswith(".0") or "e" in r):
                return o
            floats.append(r)
            return {"__pf_float__": r}
        return {"__pf_float__": "NaN" if o != o else ("Infinity" if o > 0 else "-Infinity")}
    if depth > 200:
        return str(o)
    oid = id(o)
    if oid in active:
        return "<circular reference>"
    active.add(oid)
    try:
        if isinstance(o, dict):
            return {_key(k): _sanitize(v, active, depth + 1, floats) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [_sanitize(v, active, depth + 1, floats) for v in o]
        try:
            converted = _default(o)
        except Exception:
            converted = "<%s>" % type(o).__name__
        return _sanitize(converted, active, depth + 1, floats)
    finally:
        active.discard(oid)


# A number token that may be a float JS prints differently (1.0, 1e-05); strings can match too,
# which only costs the walk below.
_FLOAT_HINT = re.compile(r"\d\.0(?![0-9])|\d[eE][-+]?\d")


def _encode(resp):
    out = resp.get("output")
    plain = out is None or isinstance(out, (str, bool, int))  # most tools: no float can hide in it
    try:
        text = json.dumps(resp, default=_default, allow_nan=False, separators=(",", ":"))
        if plain or not _FLOAT_HINT.search(text):
            return text
        floats = []
        marked = _sanitize(out, set(), 0, floats)
        if not floats:
            return text
        resp["output"] = marked
    except Exception:
        if "output" in resp:
            resp["output"] = _sanitize(out, set(), 0, [])
    if "metrics" in resp:
        resp["metrics"] = _sanitize(resp["metrics"], set())
    resp["revive"] = True
    try:
        return json.dumps(resp, allow_nan=False, separators=(",", ":"))
    except Exception as exc:  # cannot happen, but never lose the answer
        return json.dumps({"id": resp.get("id"), "ok": False, "logs": "", "metrics": {}, "ms": resp.get("ms", 0),
                           "error": {"type": "TypeError", "message": "result cannot be encoded: %s" % exc,
                                     "traceback": "", "phase": "call"}})


# ---------------------------------------------------------------- main loop


def _handle(req):
    logs, metrics = [], {}
    _state.logs, _state.metrics = logs, metrics
    start = time.perf_counter()
    try:
        op = _OPS.get(req.get("op"))
        if op is None:
            raise _LoadError("ValueError", "unknown request %r" % req.get("op"))
        output = op(req)
        resp = {"id": req.get("id"), "ok": True, "output": output}
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from a tool too
        try:
            error = _describe_error(exc)
        except BaseException as inner:
            error = {"type": type(exc).__name__, "message": "%s (%s)" % (exc, inner), "traceback": "", "phase": "call"}
        resp = {"id": req.get("id"), "ok": False, "error": error}
    finally:
        _state.logs, _state.metrics = None, None
    resp["ms"] = (time.perf_counter() - start) * 1000.0
    resp["logs"] = "".join(logs)
    resp["metrics"] = metrics
    return resp


def _setup_descriptors():
    proto_in = os.dup(0)  # os.dup makes non-inheritable descriptors (PEP 446)
    proto_out = os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    return os.fdopen(proto_in, "rb"), os.fdopen(proto_out, "wb")


def _die_with_parent():
    """The worker has its own process group (so that a kill reaches its subprocesses), so a signal
    to the CLI's group misses it: it ends itself, busy or not, once the process that started it is
    gone (killed, crashed), instead of running on as an orphan."""
    import signal
    import threading

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.25)
        try:
            if os.getpgid(0) == os.getpid():  # a group leader: its subprocesses go too
                os.killpg(os.getpid(), signal.SIGKILL)
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="genaiops-parent-watch", daemon=True).start()


def main():
    if os.name == "posix":
        _die_with_parent()
    requests, responses = _setup_descriptors()
    err = io.TextIOWrapper(os.fdopen(os.dup(2), "wb"), encoding="utf-8", errors="replace", line_buffering=True)
    faulthandler.enable(file=err)
    sys.stdin = io.StringIO()
    sys.stdout = _Capture(err, "<stdout>")
    sys.stderr = _Capture(err, "<stderr>")

    # The flow folder (the pool's cwd) first on sys.path instead of this script's folder.
    here = os.path.dirname(WORKER_FILE)
    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != here]
    sys.path.insert(0, os.getcwd())
    if _PROMPTFLOW == "shim" and SHIM_DIR:
        sys.path.append(SHIM_DIR)
        import promptflow  # noqa: F401  (the shim: tiny)

        _hook_metrics()

    def send(text):
        try:
            responses.write(text.encode("utf-8") + b"\n")
            responses.flush()
        except (BrokenPipeError, OSError):
            os._exit(0)

    send(json.dumps({"ready": True, "python": "%d.%d.%d" % sys.version_info[:3], "promptflow": _PROMPTFLOW,
                     "executable": sys.executable, "pid": os.getpid()}))
    for line in requests:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError as exc:
            send(json.dumps({"id": None, "ok": False, "logs": "", "metrics": {}, "ms": 0,
                             "error": {"type": "ProtocolError", "message": "bad request: %s" % exc,
                                       "traceback": "", "phase": "load"}}))
            continue
        if b"image" in line:  # only then look for prompt flow's image dicts among the arguments
            req["_media"] = True
        _Media.vision = False
        send(_encode(_handle(req)))
    # End of input: the pool is closing. Skip waiting for threads user code left running.
    try:
        sys.stdout.flush()
        err.flush()
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
