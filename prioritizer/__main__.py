"""`python -m prioritizer` runs the command-line interface."""

from prioritizer.cli.entry import main

main()
