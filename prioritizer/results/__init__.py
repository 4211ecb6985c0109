"""Immutable result types shared by computation, rendering and export.

Split by stage (weights, ranking, portfolio, ...) so each stays small; import from here.
"""
