"""placeholder"""


def run(root, account_ids, now):
    return 0.0


def notifications(root, account_ids):
    return []
