"""The decision core: decision matrices, weights, rankings, portfolios, frontiers, robustness and
the orchestration that strings them together; pure computation, no terminal, no files."""
