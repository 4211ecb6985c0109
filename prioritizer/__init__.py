"""prioritizer: multi-criteria decision support for regional innovation policy.

Ranks policy mechanisms and pilot projects for Cusco and Puno (coffee, camelid fabrics) and
picks portfolios under a budget, from the data set of the EU-Peru regional innovation report.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("prioritizer")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
