"""promptflow.contracts.types of the GenAIOps promptflow shim: marker types of tool parameters."""
from dataclasses import dataclass, field


class Secret(str):
    """A string that holds a secret (custom strong type connection fields)."""


class PromptTemplate(str):
    """The template text of a prompt tool parameter."""


class FilePath(str):
    """A path to a file, relative to the flow folder."""


@dataclass
class AssistantDefinition:
    """An assistant's model, instructions and tools (assistant_definition.yaml)."""

    model: str
    instructions: str
    tools: list = field(default_factory=list)

    @staticmethod
    def deserialize(data):
        return AssistantDefinition(
            model=data.get("model", ""), instructions=data.get("instructions", ""), tools=data.get("tools", [])
        )

    def serialize(self):
        return {"model": self.model, "instructions": self.instructions, "tools": self.tools}

    def __post_init__(self):
        # the worker puts the resolved tools here (an AssistantToolInvoker), as prompt flow's resolver does
        self._tool_invoker = None
