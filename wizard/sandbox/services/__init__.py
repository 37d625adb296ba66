"""One package per service, all the same shape; server.py imports `services.<service>` by name.

    services/<svc>/__init__.py   operation(request), handle(ctx, request), render_error(ctx, request, error)
    services/<svc>/handlers.py   request parsing and rendering (big services: one module per resource)
    services/<svc>/models.py     the service's state: the only code that reads or writes its kinds in the store

Another service's state is reached through its models (actiontrail asks oss.models whether a bucket
exists), never through its kind strings.
"""
