"""Benchmarks: page response times and solver runs on realistic data sizes."""
