"""The audit pipeline: every call the sandbox answers becomes an ActionTrail event, delivered as the clock passes.

    schema.py    one answered request -> the documented ActionTrail event (secrets removed)
    book.py      the events of each account, in SQLite (LookupEvents and delivery read them)
    recorder.py  what server.py calls: record an answered request, inject console events, catch up the clock
    search.py    the SLS search syntax the Logstore and the alert rules are queried with

Delivery to each logging trail's Logstore and bucket lives with ActionTrail (services/actiontrail/delivery.py),
the alert schedule with SLS (services/sls/alerting.py): they own the state they touch.
"""
