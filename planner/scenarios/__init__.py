"""Scenarios: named, owned sets of planning parameters over the bank's data, cloned with lineage."""
