"""actiontrail-wizard: set up and audit Alibaba Cloud ActionTrail the best-practice way."""

__version__ = "0.1.0"
