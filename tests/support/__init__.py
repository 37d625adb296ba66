"""The tests' shared helpers, one job per module: settings and account factories, hypothesis strategies, hostile
inputs, the fault matrix, SDK clients and the CLI on a sandbox, Textual pilot and preview helpers, the plain-mode
operator, OSS, drift and audit-report fixtures, the never-weaken judge. Fixtures stay in tests/conftest.py.

The rule: tests import helpers from tests.support, never from another test module, so a test module can change
or go without breaking another, and each helper has one home.
"""
