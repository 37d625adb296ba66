"""RAM authorisation of every request a RAM user or a role session makes (the sandbox's half of issue 16).

    policy.py      policy documents evaluated: statements, wildcards, Principal, explicit Deny over Allow
    conditions.py  the condition operators, and the rule that a key the request lacks never matches
    needs.py       THE table: each served API's RAM action and resource ARN, from each service's RAM page
    identity.py    who a key acts as (root, RAM user, role session): the request log's and events' identity
    authorize.py   which policies apply to a caller (user and groups, role, session policy, bucket policy)
    denials.py     a refusal answered as each service answers it (NoPermission, Forbidden.RAM, ...)
    gate.py        where each protocol hands its signed requests over

The wizard has its own evaluator (wizard/core/policies/evaluate.py); both are held to one table of cases from
the RAM documentation's examples (tests/data/ram_policy_cases.json).
"""
