"""promptflow.contracts of the GenAIOps promptflow shim: the types tool signatures import."""
