"""Discovery: read-only calls, concurrent, each thing read once -> Observed (account.py composes them).

One module per service (oss, sls, kms, ram, resource_directory), the read plumbing
(reads.py: the Reader holds discovery to the listed read APIs), the steps'
inventory and the history backfill's progress. Only Describe/Get/List calls.
"""

from wizard.cloud.discover.account import discover

__all__ = ["discover"]
