"""The @tool decorator of the GenAIOps promptflow shim: marks the function, changes nothing."""
import functools


def tool(
    func=None,
    *,
    name=None,
    description=None,
    type=None,
    input_settings=None,
    streaming_option_parameter=None,
    **kwargs
):
    """Marks a function as a prompt flow tool; usable as @tool and @tool(name=...)."""

    def mark(f):
        info = {"name": name or getattr(f, "__name__", None), "description": description, "type": type}
        try:
            setattr(f, "__tool", info)
            setattr(f, "__pf_tool__", info)
        except (AttributeError, TypeError):  # a builtin or a bound method: wrap it
            original = f

            @functools.wraps(original)
            def f(*args, **kw):
                return original(*args, **kw)

            setattr(f, "__tool", info)
            setattr(f, "__pf_tool__", info)
        return f

    if func is None:
        return mark
    return mark(func)


class ToolProvider:
    """Base class of class-based tools."""

    def __init__(self, *args, **kwargs):
        pass


class InputSetting:
    """Settings of a tool input (shown by prompt flow's UI; no effect on running)."""

    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)


class ToolType:
    LLM = "llm"
    PYTHON = "python"
    PROMPT = "prompt"
    CUSTOM_LLM = "custom_llm"
