"""The benchmark of the guide's generator: `make bench`, see bench/run.py."""
