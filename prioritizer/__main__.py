"""`python -m prioritizer` runs the command-line interface."""

from prioritizer.cli import app

app()
