"""The table of published examples behind each method (`prioritizer methods`), from the package."""

from __future__ import annotations

from importlib import resources

from prioritizer.data.models.methods import MethodReferences


def load_method_references() -> MethodReferences:
    """Each method and option with its published examples, from data/method_references.yaml."""
    import yaml  # imported when first needed: `--help` needs none

    text = (resources.files("prioritizer.data") / "method_references.yaml").read_text("utf-8")
    return MethodReferences.model_validate(yaml.safe_load(text))
