"""The planning loop's pages: scenarios (parameters, lineage, runs) and runs (progress, results).

Above both ``planner.scenarios`` and ``planner.runs``: the pages of a scenario list its runs, and a run page
links back to its scenario, so the web layer that joins them lives here and the two packages import one way
(runs → scenarios).
"""
