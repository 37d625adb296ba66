"""The wire: request/response records, Host routing, the RPC style, ACS3 signatures and the HTTP listener.

Nothing here knows a service's state; services build on it.
"""
