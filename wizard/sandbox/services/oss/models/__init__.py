"""OSS state, in four modules because one would be too long:

    documents.py   the store kinds (buckets, objects, the account's settings) and plain access to them
    buckets.py     bucket life and settings: creation, ACL and Block Public Access, encryption, policy, ...
    objects.py     object writes and deletes, and what WORM forbids
    worm.py        retention policies: their states over time and their life cycle

Only documents.py touches the store's OSS kinds; other services use documents.bucket_exists.
"""
