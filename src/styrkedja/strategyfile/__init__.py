"""The strategy file: a YAML description of the whole chain (pure Python, no Django).

`read_strategy_file` parses and validates a file and returns the document or
every problem with its line and field path; `dump_document` writes a document
back as YAML text, deterministically, so that load -> export -> load -> export
gives identical text.
"""

from .reader import Problem, StrategyFileError, read_strategy_file, read_strategy_text
from .writer import dump_document

__all__ = ["Problem", "StrategyFileError", "dump_document", "read_strategy_file", "read_strategy_text"]
