"""A realistic, reproducible demo bank for trying the planner and for benchmarks."""
