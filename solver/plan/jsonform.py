"""The plan format's JSON reader: the shared typed reader of :mod:`solver.jsonread` (kept for old imports)."""

from solver.jsonread import ProblemFormatError, from_json, to_json

__all__ = ["ProblemFormatError", "from_json", "to_json"]
