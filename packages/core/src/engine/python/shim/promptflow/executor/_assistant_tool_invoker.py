"""promptflow.executor._assistant_tool_invoker of the GenAIOps promptflow shim: the resolved tools
of an AssistantDefinition (the worker builds them from assistant_definition.yaml)."""
from dataclasses import dataclass
from typing import Callable, Optional


@dataclass
class ResolvedAssistantTool:
    """One tool: its name, its OpenAI tool definition, and the function to call (None for built-ins)."""

    name: str
    openai_definition: dict
    func: Optional[Callable]


class AssistantToolInvoker:
    def __init__(self, tools):
        self._assistant_tools = tools

    def invoke_tool(self, func_name, kwargs):
        return self._assistant_tools[func_name].func(**kwargs)

    def to_openai_tools(self):
        return [tool.openai_definition for tool in self._assistant_tools.values()]
