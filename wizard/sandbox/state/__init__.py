"""What the sandbox remembers: the SQLite store, the sandbox clock, generated ids and the account.

Nothing here knows a service: each service's models own their documents in the store.
"""
