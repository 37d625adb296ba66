"""Sensitive-event alerts as data: the rules (rules.py), the SLS query matcher that tests them (query.py), who is
notified (notify.py) and how an existing alert drifted from its rule (drift.py)."""
