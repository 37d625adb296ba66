"""Organization (multi-account) trails: may this account create one, and what it commits to.

Only the Resource Directory's management account or ActionTrail's delegated
administrator can create a trail with IsOrganizationTrail. When the account is
neither, nothing at all is planned: a key, a bucket and a project for a trail
that cannot exist would be waste (a KMS key cannot even be deleted at once).
"""

from __future__ import annotations

from wizard.core.names import SERVICE_PRINCIPAL
from wizard.core.planning.context import PlanContext

LIMITS = ("Limits: an account can hold only one organization trail; it records every member account of the "
          "Resource Directory, that scope cannot be changed later, and it cannot be turned into a single-account "
          "trail (that takes deleting it and creating a new one).")
_RULE = "AT-TRAIL-EXISTS"


def organization_reason(ctx: PlanContext) -> str:
    """What CreateTrail with IsOrganizationTrail commits to, and why this account may do it."""
    org = ctx.observed.organization
    if ctx.offline or org is None:
        who = ("Not checked offline: apply first checks that this account is the Resource Directory's management "
               "account or ActionTrail's delegated administrator.")
    elif org.role(ctx.account) == "management":
        who = f"This account is the management account of Resource Directory {org.directory_id}."
    else:
        who = (f"This account is ActionTrail's delegated administrator in Resource Directory {org.directory_id} "
               f"(management account {org.management_account_id}).")
    return f"An organization trail: events of every member account. {who} {LIMITS}"


def organization_allowed(ctx: PlanContext) -> bool:
    """True when a new organization trail may be planned; otherwise the reason is added as a blocked item."""
    settings, observed = ctx.settings, ctx.observed
    resource = f"actiontrail://{ctx.region}/{settings.trail.name}"
    other = next((t for t in observed.trails if t.organization and t.name != settings.trail.name), None)
    if other is not None:
        ctx.block(resource, f"organization trail {other.name} already exists in this account, and an account can "
                  "hold only one (CreateTrail would fail with MaximumNumberOfOrganizationTrailExceeded); nothing "
                  "is changed", rule=_RULE,
                  command=f'set trail.name = "{other.name}" in the settings to manage the existing one')
        return False
    if ctx.offline:
        return True
    org = observed.organization
    role = org.role(ctx.account) if org is not None else "unknown"
    if role in ("management", "delegated-admin"):
        return True
    me = ctx.account
    if role == "none":
        ctx.block(resource, f"trail.organization = true needs a Resource Directory, and account {me} belongs to "
                  "none (GetResourceDirectory: ResourceDirectoryNotInUse). Enable one with this account as its "
                  "management account (an enterprise-verified account), or set trail.organization = false for a "
                  "single-account trail; nothing is changed", rule=_RULE,
                  command="aliyun resourcemanager EnableResourceDirectory --EnableMode CurrentAccount")
    elif role == "member":
        ctx.block(resource, f"account {me} is a member of Resource Directory {org.directory_id}, not its "
                  f"management account ({org.management_account_id}) nor ActionTrail's delegated administrator, "
                  "so it cannot create an organization trail; nothing is changed. Run the wizard as the management "
                  "account, or have it delegate ActionTrail to this account", rule=_RULE,
                  command=f"aliyun resourcemanager RegisterDelegatedAdministrator --AccountId {me} "
                  f"--ServicePrincipal {SERVICE_PRINCIPAL}  (run as account {org.management_account_id})")
    else:
        detail = org.error if org is not None else "the Resource Directory was not read"
        ctx.block(resource, "could not tell whether this account may create an organization trail (it must be the "
                  f"Resource Directory's management account or ActionTrail's delegated administrator): {detail}; "
                  "nothing is changed", rule=_RULE,
                  command="grant resourcemanager:GetResourceDirectory and resourcemanager:ListDelegatedAdministrators, "
                  "then run the wizard again")
    return False
