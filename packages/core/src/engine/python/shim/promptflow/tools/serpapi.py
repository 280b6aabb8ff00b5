"""promptflow.tools.serpapi of the GenAIOps promptflow shim: web search through SerpAPI's REST API."""
import json
import urllib.error
import urllib.parse
import urllib.request

from promptflow._core.tool import ToolProvider, tool
from promptflow.tools.common import ToolError

_BASE = "https://serpapi.com"


class SerpAPI(ToolProvider):
    def __init__(self, connection):
        super().__init__()
        self.connection = connection

    @tool
    def search(self, query, location=None, safe="off", num=10, engine="google"):
        engine = str(getattr(engine, "value", engine))
        safe = str(getattr(safe, "value", safe))
        params = {"q": query, "engine": engine, "api_key": self.connection.api_key, "output": "json"}
        if location:
            params["location"] = location
        if safe.lower() == "active":
            params["safe" if engine.lower() == "google" else "safeSearch"] = (
                "Active" if engine.lower() == "google" else "Strict"
            )
        if int(num) > 0:
            params["num" if engine.lower() == "google" else "count"] = int(num)
        # `api_base` in the connection points elsewhere (a proxy, or a test double); the service otherwise.
        base = str(self.connection.get("api_base") or _BASE).rstrip("/")
        url = "%s/search?%s" % (base, urllib.parse.urlencode(params))
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=120) as res:
                return json.loads(res.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            try:
                message = str(json.loads(text).get("error") or "")
            except (ValueError, AttributeError):
                message = ""
            raise ToolError(message or "SerpAPI search request failed: %s" % text[:500])
        except urllib.error.URLError as e:
            raise ToolError("SerpAPI search request failed: %s" % (e.reason,))


@tool
def search(connection, query, location=None, safe="off", num=10, engine="google"):
    return SerpAPI(connection).search(query=query, location=location, safe=safe, num=num, engine=engine)
