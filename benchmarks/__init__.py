"""Benchmarks for DESIGN.md §9 (run with `make bench`, i.e. `python -m benchmarks`).

They are measurements, not tests: each starts its own server on 127.0.0.1, runs for a bounded
time, prints its figures against the targets, and stops everything it started.
"""
