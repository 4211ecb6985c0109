"""Rich renderables built from result objects; renderers never print (cli.py does)."""
