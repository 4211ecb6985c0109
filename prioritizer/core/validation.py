"""Summary of a loaded data set for `validate`: counts, illustrative values, AHP consistency.

Errors stop loading (load/, models/dataset.py); what is here are warnings a planner should see
but that do not make the data unusable.
"""

from __future__ import annotations

from collections import Counter

from prioritizer.core.provenance import provenance_drift, warning_about
from prioritizer.core.weigh import CONSISTENCY_THRESHOLD, ahp_weights
from prioritizer.data.models import Dataset, pairwise_matrix
from prioritizer.results.validation import DatasetWarning, ValidationReport


def summarize_dataset(data: Dataset, reference: Dataset | None = None) -> ValidationReport:
    """Counts, warnings and consistency ratios of a valid data set; with `reference` (the
    embedded data set), also the values that cite the report but differ from it."""
    counts = {
        "criteria": len(data.criteria),
        "gaps": len(data.gaps),
        "mechanisms": len(data.mechanisms),
        "gap_mechanisms": len(data.gap_mechanisms),
        "value_chains": len(data.value_chains),
        "regions": len(data.regions),
        "projects": len(data.projects),
        "interregional": sum(1 for p in data.projects if p.interregional),
        "stakeholders": len(data.stakeholders),
    }
    illustrative = Counter(type(r).__name__ for r in data.sourced_records() if r.illustrative)
    warnings: list[DatasetWarning] = []
    if illustrative:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(illustrative.items()))
        warnings.append(
            DatasetWarning(
                "illustrative", "", None, {"n": sum(illustrative.values()), "kinds": kinds}
            )
        )
    for region in data.regions:
        if not data.projects_in(region.id):
            warnings.append(
                DatasetWarning("no_candidates", "inputs/projects.csv", None, {"region": region.id})
            )
    ratios: dict[str, float] = {}
    ids = data.criterion_ids
    random_index = data.random_index.get().values
    scale = [float(v.value) for v in data.saaty_scale.values]
    for stakeholder in data.stakeholders:
        if stakeholder.judgments is None:
            continue
        result = ahp_weights(
            pairwise_matrix(stakeholder, ids),
            ids,
            random_index=random_index,
            threshold=CONSISTENCY_THRESHOLD,
            scale=scale,
        )
        ratios[stakeholder.id] = result.consistency_ratio
        worst = result.worst_judgment
        if worst is not None:
            warnings.append(
                warning_about(
                    "inconsistent",
                    stakeholder,
                    {
                        "stakeholder": stakeholder.id,
                        "region": stakeholder.region,
                        "cr": result.consistency_ratio,
                        "row": worst.row,
                        "column": worst.column,
                        "given": worst.given,
                        "suggested": worst.consistent,
                        "nearest_saaty": worst.nearest_saaty,
                    },
                )
            )
    if reference is not None and reference is not data:
        warnings.extend(provenance_drift(data, reference))
    return ValidationReport(
        location=data.location,
        counts=counts,
        illustrative=dict(sorted(illustrative.items())),
        consistency_ratios=ratios,
        warnings=tuple(warnings),
        checksums=dict(data.checksums),
    )
