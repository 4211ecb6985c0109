"""The largest inputs the commands support, refused up front beyond (README, "Sizes").

Measured on a 2-core machine (benchmarks/bench_portfolio_scale.py, bench_rank_scale.py): the
optimum of 5,000 structured candidates in about 2 s; `rank --matrix` of 2,000 alternatives in
about 5 s and 0.5 GB with its rank-reversal check, which grows as n² (10,000 took 108 s and
5 GB). A file past a limit gets one message before any work, not minutes of silence.
"""

from __future__ import annotations

MAX_CANDIDATES = 5_000
"""Candidate projects in a data set's projects.csv or a `--projects` file."""
MAX_ALTERNATIVES = 2_000
"""Rows of a `--matrix` decision matrix (ranked, then each removed in turn)."""
MAX_CRITERIA = 100
"""Criteria of a `--criteria` file (columns of the matrix)."""
