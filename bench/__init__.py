"""Benchmarks of physio's pages at scale: ``make bench`` (``python -m bench.run``)."""
