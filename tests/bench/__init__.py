"""Benchmark harness (not part of the test run): ``python -m tests.bench --n 1000``.

See ``tests/bench/README.md``. Every measurement that needs its own peak
memory or a cold start runs in a subprocess (``tests.bench.probes``).
"""
