"""RAM and bucket policies: the documents the wizard writes (documents.py), the lint, the action table (actions.py:
each API -> its RAM action on the narrowest resource), the read list (reads.py) and the operator policy."""
