"""prioritizer: multi-criteria decision support for regional innovation policy.

Ranks policy mechanisms and pilot projects for Cusco and Puno (coffee, camelid fabrics) and
picks portfolios under a budget, from the data set of the EU-Peru regional innovation report.
"""

from functools import cache

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed metadata when first asked for (importing
    importlib.metadata takes longer than the rest of `prioritizer --help`)."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("prioritizer")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0"
