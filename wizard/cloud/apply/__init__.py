"""Apply: the executor (the plan's calls in depends_on order, concurrently), its DAG, the journal, and the
one call function per (service, API) in calls/."""
