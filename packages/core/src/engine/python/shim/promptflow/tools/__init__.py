"""promptflow.tools of the GenAIOps promptflow shim: the package tools prompt flow ships
(promptflow-tools), for flows that name them (`source.type: package`) or import them, when the
real package is not installed. Model calls use the standard library's HTTP client."""
