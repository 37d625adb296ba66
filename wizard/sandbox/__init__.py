"""The sandbox cloud: a local Alibaba Cloud that the official SDKs talk to as an HTTP proxy.

Clients keep the real host names and use this server as their proxy (HTTPS through CONNECT, with
a certificate from the state directory's own CA, or plain HTTP); it routes by Host to one package
per service, checks every signature, and keeps state in SQLite, one view per account. Every API
follows its reference page: FIDELITY.md beside this file is the ledger.

    server.py      SandboxServer: the request pipeline (route, faults, service, request log)
    command.py     `actiontrail-wizard sandbox serve` (also `python -m wizard.sandbox serve`)
    http/          the wire: Request/Response/ApiError, Host routing, the RPC style, ACS3
                   signatures, request freshness and nonces, the HTTP listener (CONNECT, TLS
                   from tls.py's CA, bounded bodies, timeouts); knows no service and no state
    state/         the SQLite store, the sandbox clock, generated ids, the accounts and their
                   access keys, each account's view of the store (scope.py: global names are
                   shared kinds), the Context a handler gets; knows no service
    events/        the audit pipeline: every answered call becomes an ActionTrail event (schema.py, book.py),
                   recorded at one point of server.py; console events injected; the clock drives delivery
                   (services/actiontrail/delivery.py) and the alert schedule (services/sls/alerting.py)
    steering/      what tests use to steer it: /_sandbox/ control endpoint, faults, malformed
                   answers, the request log
    services/<svc>/  __init__.py (operation, handle, render_error: what server.py calls),
                   handlers (parse the request, render the answer; one module per resource in
                   big services) and models (the service's state and the rules that need it:
                   the only code that touches the service's kinds in the store). A service
                   reaches another's state only through that service's models.

Where to add a sandbox API: find the service package (services/<svc>/). Put the state it
reads or writes in models (a kind constant, functions that take the store and raise ApiError
with the real code); put the parameter parsing and the answer's shape in the handlers; name the
operation in the service's table (ACTIONS for the RPC services, _HANDLERS/_ROUTES for OSS and
SLS), and give it its row in FIDELITY.md (the page it follows, what it does, what it assumes). A new service is a new package with the same three parts plus a route in http/routing.py.
Drive it from a test with the official SDK client (tests/support/clients.py).
"""
