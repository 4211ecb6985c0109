"""Published tables that ship with the package and belong to a method, not to a data set (the
user's folder never holds them): the verbal scale of the AHP consensus indicator."""

from __future__ import annotations

from importlib import resources

from prioritizer.data.models.consensus import ConsensusScale


def load_consensus_scale() -> ConsensusScale:
    """Goepel's (2018) verbal scale of the consensus indicator, from data/consensus_scale.yaml."""
    import yaml  # imported when first needed: `--help` needs none

    text = (resources.files("prioritizer.data") / "consensus_scale.yaml").read_text("utf-8")
    return ConsensusScale.model_validate(yaml.safe_load(text))
