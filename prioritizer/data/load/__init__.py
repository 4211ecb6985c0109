"""Reads the data set from CSV and YAML files into validated models; the only reader of inputs.

Keeps the line of every record so that any error names file, line, field, bad value and what
was expected. CSV is read with the standard csv module (exact line numbers, no type guessing);
YAML with a loader that records lines and rejects duplicate keys. Modules: `location` (where a
data set is), `text` (encodings and CSV dialects), `yaml_lines` (YAML with lines), `numbers`
(soles and numbers as typed), `pydantic_errors` (validation errors as messages), `dataset`
(the data set's files), `user_files` (a user's own matrix, criteria and candidates).
"""

from prioritizer.data.load.dataset import load_dataset, load_random_index
from prioritizer.data.load.location import DatasetLocation, locate_dataset
from prioritizer.data.load.numbers import AMOUNT_LIMIT, parse_number, whole_soles
from prioritizer.data.load.text import LIST_SEPARATOR
from prioritizer.data.load.user_files import (
    CandidateFile,
    DecisionFile,
    PairwiseFile,
    load_candidates_csv,
    load_decision_csv,
    load_pairwise_csv,
)

__all__ = [
    "AMOUNT_LIMIT",
    "LIST_SEPARATOR",
    "CandidateFile",
    "DatasetLocation",
    "DecisionFile",
    "PairwiseFile",
    "load_candidates_csv",
    "load_dataset",
    "load_decision_csv",
    "load_pairwise_csv",
    "load_random_index",
    "locate_dataset",
    "parse_number",
    "whole_soles",
]
