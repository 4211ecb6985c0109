"""The whole robustness report of a decision problem: acceptability, stability and the
core index, from one recorded sampler spec.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
import numpy.typing as npt

from prioritizer.core.portfolio import Solver
from prioritizer.core.portfolio.limits import Progress as StageProgress
from prioritizer.core.portfolio.limits import no_progress
from prioritizer.core.robustness.acceptability import rank_acceptability
from prioritizer.core.robustness.common import DEFAULT_CHUNK, _current_weights, _position
from prioritizer.core.robustness.core import core_index, portfolio_stability
from prioritizer.core.robustness.sampling import sample_weights
from prioritizer.core.robustness.stability import ranking_stability
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import DecisionProblem
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.robustness import (
    RobustnessReport,
    SamplerSpec,
)
from prioritizer.results.smaa import SmaaMethod, UncertainValues

# ---------------------------------------------------------------------------------------------
# The whole report.
# ---------------------------------------------------------------------------------------------


def assess_robustness(
    problem: DecisionProblem,
    spec: SamplerSpec,
    weights: npt.ArrayLike,
    *,
    portfolio: PortfolioProblem | None = None,
    value_criteria: Sequence[str] | None = None,
    value_weights: npt.ArrayLike | None = None,
    method: Method | SmaaMethod | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    top: int = 3,
    grid_points: int = 1001,
    precision: float = 1e-6,
    chunk_size: int = DEFAULT_CHUNK,
    solver: Solver = "highs",
    progress: StageProgress = no_progress,
    values: UncertainValues | None = None,
) -> RobustnessReport:
    """SMAA-2, stability intervals and (with a portfolio) the core index of one problem.

    Why: one call for the CLI. The scenarios are drawn from `spec` (its criteria must be the
    problem's, in any order); `weights` are the current weights over `problem.criteria`, for
    the stability intervals. With `portfolio`, the core index and the portfolio's stability
    use the same scenarios restricted to `value_criteria` (default: the element criteria,
    the first `problem.contributions.shape[2]`) and renormalised, and the rows of `problem`
    for the portfolio's projects; `value_weights` (default: `weights` restricted the same
    way) are the weights the portfolio was chosen with. `progress` (stage, done, total) sees
    the SMAA scenarios (stage "acceptability"), the core index's ("core_index") and the
    criteria of the portfolio's stability intervals ("portfolio_stability").
    `values` (uncertain cells) are drawn with the weights in the acceptability pass only; the
    stability intervals and the core index use the exact matrix.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505.
    """
    if sorted(spec.criteria) != sorted(problem.criteria):
        raise InvalidMatrix(
            "criteria",
            expected=phrase("the problem's criteria {ids}", ids=", ".join(problem.criteria)),
            got=list(spec.criteria),
        )
    drawn = sample_weights(spec)[:, [spec.criteria.index(c) for c in problem.criteria]]
    smaa = rank_acceptability(
        problem.matrix,
        problem.types,
        problem.ids,
        problem.criteria,
        drawn,
        method=method,
        ahp_mode=ahp_mode,
        chunk_size=chunk_size,
        progress=partial(progress, "acceptability"),
        normalization=normalization,
        tolerance=tolerance,
        values=values,
    )
    stability = ranking_stability(
        problem.matrix,
        problem.types,
        problem.ids,
        problem.criteria,
        weights,
        top=top,
        method=method,
        ahp_mode=ahp_mode,
        grid_points=grid_points,
        precision=precision,
        normalization=normalization,
        tolerance=tolerance,
    )
    if portfolio is None:
        return RobustnessReport(spec, smaa, stability)
    labels = (
        tuple(value_criteria)
        if value_criteria is not None
        else problem.criteria[: problem.contributions.shape[2]]
    )
    columns = [_position(problem.criteria, c, "value_criteria") for c in labels]
    rows = [_position(problem.ids, p, "portfolio") for p in portfolio.ids]
    X = np.asarray(problem.matrix, dtype=np.float64)[np.ix_(rows, columns)]
    types = np.asarray(problem.types)[columns]
    current = _current_weights(weights)[columns] if value_weights is None else value_weights
    core = core_index(
        portfolio,
        X,
        types,
        labels,
        drawn[:, columns],
        chunk_size=chunk_size,
        solver=solver,
        progress=partial(progress, "core_index"),
        normalization=normalization,
        tolerance=tolerance,
    )
    kept = portfolio_stability(
        portfolio,
        X,
        types,
        labels,
        current,
        grid_points=grid_points,
        precision=precision,
        solver=solver,
        normalization=normalization,
        tolerance=tolerance,
        progress=partial(progress, "portfolio_stability"),
    )
    return RobustnessReport(spec, smaa, stability + kept, core)
