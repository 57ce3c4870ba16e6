"""Measuring: indicators as data (definitions.py), their values by year and district (compute.py, one
scan per table in term_scan.py), progress status, targets and evidence (progress.py), and how cities
compare (benchmark.py)."""
