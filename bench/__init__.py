"""Benchmarks of the archive: each figure measured against a baseline in the same run."""
