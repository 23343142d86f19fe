"""Runs: a scenario solved in the background (plan → named decisions → assignment), results as rows."""
