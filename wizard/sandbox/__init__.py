"""The sandbox cloud: a local Alibaba Cloud that the official SDKs talk to as a proxy.

Clients keep the real host names and use this server as their HTTP proxy; the
server routes by Host to one handler module per service (services/), checks
every signature, and keeps state in SQLite (store.py).
"""
