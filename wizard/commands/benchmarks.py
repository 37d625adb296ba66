"""The `--benchmark` choices, spelled here so that parsing the command line loads nothing of the core (the
first screen paints before it); tests/unit/test_cli.py holds them equal to wizard.core.frameworks.BENCHMARKS."""

BENCHMARKS = ("all", "best-practice", "mlps", "cis")
