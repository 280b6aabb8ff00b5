"""promptflow.connections of the GenAIOps promptflow shim.

Each connection keeps `configs` and `secrets` dicts, like promptflow's; the strongly typed ones
expose their fields as attributes (conn.api_key, conn.api_base), CustomConnection exposes every key
(conn.anything) and all support conn["key"]. repr() never shows secrets.
"""


class _Connection:
    TYPE = None

    def __init__(self, configs=None, secrets=None, name=None, module="promptflow.connections", **kwargs):
        self.name = name
        self.module = module
        self.configs = dict(configs or {})
        self.secrets = dict(secrets or {})
        for key, value in kwargs.items():
            if key not in ("expiry_time", "created_date", "last_modified_date"):
                self.configs[key] = value

    def keys(self):
        return list(self.configs) + list(self.secrets)

    def __getitem__(self, item):
        if item in self.secrets:
            return self.secrets[item]
        if item in self.configs:
            return self.configs[item]
        raise KeyError("Key %r not found in connection %r." % (item, self.name))

    def __contains__(self, item):
        return item in self.secrets or item in self.configs

    def get(self, item, default=None):
        try:
            return self[item]
        except KeyError:
            return default

    def __repr__(self):
        return "%s(name=%r, configs=%r, secrets=%r)" % (
            type(self).__name__,
            self.name,
            self.configs,
            {k: "******" for k in self.secrets},
        )


def _secret(key):
    return property(lambda self: self.secrets.get(key), lambda self, value: self.secrets.__setitem__(key, value))


def _config(key):
    return property(lambda self: self.configs.get(key), lambda self, value: self.configs.__setitem__(key, value))


class _StrongTypeConnection(_Connection):
    api_key = _secret("api_key")


class AzureOpenAIConnection(_StrongTypeConnection):
    TYPE = "AzureOpenAI"
    api_base = _config("api_base")
    api_type = _config("api_type")
    api_version = _config("api_version")
    auth_mode = _config("auth_mode")

    def __init__(
        self,
        api_key=None,
        api_base=None,
        api_type="azure",
        api_version="2024-02-01",
        auth_mode="key",
        **kwargs
    ):
        configs = {"api_base": api_base, "api_type": api_type, "api_version": api_version, "auth_mode": auth_mode}
        secrets = {"api_key": api_key} if api_key is not None or auth_mode == "key" else {}
        super().__init__(configs=configs, secrets=secrets, **kwargs)


class OpenAIConnection(_StrongTypeConnection):
    TYPE = "OpenAI"
    organization = _config("organization")
    base_url = _config("base_url")

    def __init__(self, api_key=None, organization=None, base_url=None, **kwargs):
        super().__init__(
            configs={"organization": organization, "base_url": base_url}, secrets={"api_key": api_key}, **kwargs
        )


class ServerlessConnection(_StrongTypeConnection):
    TYPE = "Serverless"
    api_base = _config("api_base")

    def __init__(self, api_key=None, api_base=None, **kwargs):
        super().__init__(configs={"api_base": api_base}, secrets={"api_key": api_key}, **kwargs)


class CognitiveSearchConnection(_StrongTypeConnection):
    TYPE = "CognitiveSearch"
    api_base = _config("api_base")
    api_version = _config("api_version")

    def __init__(self, api_key=None, api_base=None, api_version="2023-07-01-Preview", **kwargs):
        super().__init__(
            configs={"api_base": api_base, "api_version": api_version}, secrets={"api_key": api_key}, **kwargs
        )


class SerpConnection(_StrongTypeConnection):
    TYPE = "Serp"

    def __init__(self, api_key=None, **kwargs):
        super().__init__(secrets={"api_key": api_key}, **kwargs)


class AzureContentSafetyConnection(_StrongTypeConnection):
    TYPE = "AzureContentSafety"
    endpoint = _config("endpoint")
    api_version = _config("api_version")
    api_type = _config("api_type")

    def __init__(self, api_key=None, endpoint=None, api_version="2023-10-01", api_type="Content Safety", **kwargs):
        super().__init__(
            configs={"endpoint": endpoint, "api_version": api_version, "api_type": api_type},
            secrets={"api_key": api_key},
            **kwargs
        )


class FormRecognizerConnection(AzureContentSafetyConnection):
    TYPE = "FormRecognizer"

    def __init__(self, api_key=None, endpoint=None, api_version="2023-07-31", api_type="Form Recognizer", **kwargs):
        super().__init__(api_key=api_key, endpoint=endpoint, api_version=api_version, api_type=api_type, **kwargs)


class CustomConnection(_Connection):
    """Any keys: conn.key and conn["key"] read secrets first, then configs."""

    TYPE = "Custom"

    def __init__(self, secrets=None, configs=None, **kwargs):
        super().__init__(configs=configs, secrets=secrets, **kwargs)

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        values = self.__dict__
        if item in values.get("secrets", {}):
            return values["secrets"][item]
        if item in values.get("configs", {}):
            return values["configs"][item]
        raise AttributeError("%r object has no attribute %r" % (type(self).__name__, item))

    def is_secret(self, item):
        return item in self.secrets


class CustomStrongTypeConnection(_Connection):
    """Base of a tool's own connection class: annotated fields (`api_key: Secret`) read from
    secrets, the others from configs, with class-level defaults."""

    TYPE = "Custom"

    def __init__(self, secrets=None, configs=None, **kwargs):
        super().__init__(configs=configs, secrets=secrets, **kwargs)
        for klass in reversed(type(self).__mro__):
            for key in getattr(klass, "__annotations__", {}):
                if key not in self.secrets and key not in self.configs and hasattr(klass, key):
                    self.configs[key] = getattr(klass, key)

    def __getattribute__(self, item):
        if not item.startswith("_") and item not in ("secrets", "configs", "name", "module"):
            values = object.__getattribute__(self, "__dict__")
            if item in values.get("secrets", {}):
                return values["secrets"][item]
            if item in values.get("configs", {}):
                return values["configs"][item]
        return object.__getattribute__(self, item)

    @classmethod
    def _from_custom(cls, conn):
        return cls(secrets=dict(conn.secrets), configs=dict(conn.configs), name=conn.name)


__all__ = [
    "CustomStrongTypeConnection",
    "AzureOpenAIConnection",
    "OpenAIConnection",
    "CustomConnection",
    "CognitiveSearchConnection",
    "SerpConnection",
    "AzureContentSafetyConnection",
    "FormRecognizerConnection",
    "ServerlessConnection",
]
