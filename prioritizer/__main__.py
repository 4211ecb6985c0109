"""`python -m prioritizer` runs the command-line interface."""

from prioritizer.entry import main

main()
