"""The pure core: settings, observed state, plans and findings as plain data, and what is derived from them.

Nothing here imports an SDK, Textual, questionary, wizard.cloud, the front ends or the
sandbox (import-linter contracts in pyproject.toml): every module is tested with no
network. audit/ and planning/ never import each other; both build on derive/.
"""
