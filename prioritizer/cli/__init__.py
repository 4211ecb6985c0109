"""The command line: the typer app, one module per command group, shared options and error exits."""
