"""Names the wizard gives, or must match, in the account: spelled once so audit, plan, discovery and export agree.

A re-run finds the wizard's key by its alias, ActionTrail names the Logstore after
the trail, and the service-linked role has a fixed name: a second spelling that
drifts would make a re-run create a second key or miss an existing role.
"""

from __future__ import annotations

SERVICE_PRINCIPAL = "actiontrail.aliyuncs.com"  # ActionTrail as a RAM service (PassRole, delegated administrators)
SERVICE_LINKED_ROLE = "AliyunServiceRoleForActionTrail"  # ActionTrail delivers to OSS and SLS through it
SLS_PRINCIPAL = "log.aliyuncs.com"
SLS_CMK_ROLE = "ActionTrailWizardSlsEncryption"  # the role Log Service assumes to use a customer key
WIZARD_TAG = ("managed-by", "actiontrail-wizard")  # on every key the wizard creates
TRAIL_TAG = "actiontrail-trail"  # with the trail's name as value


ADMIN_GROUP = "actiontrail-admins"  # the group the wizard's own settings hold ActionTrail admin rights through
ADMIN_POLICY = "AliyunActionTrailFullAccess"  # the system policy the plan attaches to an admin group it creates


def default_destination(account_id: str) -> str:
    """The bucket and project a new trail delivers to by default: bucket names are global, the id keeps it ours."""
    return f"actiontrail-{account_id}"


def key_alias(trail_name: str) -> str:
    """The alias of the key the wizard creates for a trail: how a re-run finds it."""
    return f"alias/actiontrail-{trail_name}"


def logstore_name(trail_name: str) -> str:
    """ActionTrail's fixed Logstore name for a trail delivering to Log Service."""
    return f"actiontrail_{trail_name}"


def role_arn(account: str, role: str) -> str:
    """A RAM role's ARN (RAM lower-cases the role name in ARNs)."""
    return f"acs:ram::{account}:role/{role.lower()}"
# The system policies Log Service needs through SLS_CMK_ROLE (UpdateLogStoreEncryption's reference)
SLS_CMK_ROLE_POLICIES = ("AliyunKMSReadOnlyAccess", "AliyunKMSCryptoUserAccess")
