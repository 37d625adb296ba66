"""`policy`: print a least-privilege RAM policy for a settings file (auditor, admin or operator).

Offline by default (no connection option): nothing is read, and the account id,
unknown, is written as "*" (RAM accepts "*" in an ARN's account field; a policy
only ever grants within its own account). With --sandbox, --sandbox-url or
--profile the account id comes from GetCallerIdentity and the trail's key
from DescribeKey, so the document names them exactly. Reads only, never writes.
"""

from __future__ import annotations

import sys

from wizard.commands.connect import add_connection_arguments
from wizard.errors import WizardError

KINDS = ("auditor", "admin", "operator")
HELP = {"auditor": "read-only access to this trail's events (what apply attaches to access.auditors)",
        "admin": "manage this trail and nothing else; never DeleteTrail or StopLogging",
        "operator": "exactly the calls the wizard makes (--mode plan: its reads only)"}


def register(commands) -> None:
    parser = commands.add_parser(
        "policy", help="print a least-privilege RAM policy (auditor, admin or operator) for the settings",
        description="Print a RAM policy document (JSON) for the settings. " + "; ".join(
            f"{kind}: {text}" for kind, text in HELP.items()) + ". Every document passes the policy lint and "
        "fits RAM's 6,144 characters. Offline unless a connection option is given.")
    parser.add_argument("kind", choices=KINDS, help="which policy")
    parser.add_argument("--config", required=True, metavar="FILE", help="settings TOML (see examples/)")
    parser.add_argument("--mode", choices=("plan", "apply"), help="operator only: plan (read-only: audit and "
                        "plan) or apply (default: also make the changes)")
    parser.add_argument("--offline", action="store_true", help="read nothing; the account id is written as * "
                        "(the default when no connection option is given)")
    add_connection_arguments(parser, "where to read the account id and key from (default: nothing is read)")
    parser.set_defaults(func=run)


def _connected(args) -> bool:
    chosen = bool(args.sandbox or args.sandbox_url or args.profile)
    if args.offline and chosen:
        raise WizardError("choose --offline or a connection option (--sandbox, --sandbox-url, --profile), not both")
    return chosen


def _read_account(args, settings) -> tuple[str, str | None]:
    """(account id, the trail's key ARN or None): GetCallerIdentity, then DescribeKey in the home region."""
    from wizard.cloud.discover.kms import key
    from wizard.cloud.discover.reads import Reader
    from wizard.cloud.identity import caller_identity
    from wizard.commands.connect import session_for

    with session_for(args, settings.region) as session:
        account, _arn = caller_identity(session)
        ref = key_reference(settings)
        if ref is None:
            return account, None
        with Reader() as reader:
            found = key(reader, session, ref, settings.region)
        return account, found.arn if found else None


def document_for(kind: str, settings, account: str, key_arn: str | None, mode: str) -> dict:
    from wizard.core.policies.documents import admin_policy, auditor_policy
    from wizard.core.policies.operator import operator_policy

    if kind == "auditor":
        return auditor_policy(settings, account, key_arn)
    if kind == "admin":
        return admin_policy(settings, account)
    return operator_policy(settings, account, mode, key_arn.rpartition("/")[2] if key_arn else None)


def run(args) -> int:
    from wizard.commands.plan import settings_from_args
    from wizard.core.policies.documents import policy_json, readable_json
    from wizard.core.policies.lint import MAX_POLICY_CHARS, lint

    settings = settings_from_args(args)
    if args.mode and args.kind != "operator":
        raise WizardError("--mode applies to the operator policy only")
    if _connected(args):
        account, key_arn = _read_account(args, settings)
    else:
        account, key_arn = "*", None
        ref = key_reference(settings)
        if ref and not ref.startswith("alias/"):
            key_arn = f"acs:kms:{settings.region}:*:key/{ref}"
        print("offline: the account id is written as * (connect with --sandbox, --sandbox-url or --profile to "
              "name it)", file=sys.stderr)
    if args.kind == "auditor" and ref_missing(settings, key_arn):
        print("note: kms:Decrypt on the trail's key is added once the key exists: run this again connected, "
              "after apply", file=sys.stderr)
    if args.kind == "admin":
        from wizard.core.policies.documents import CANNOT_NARROW

        print(f"note: {CANNOT_NARROW}", file=sys.stderr)
    document = document_for(args.kind, settings, account, key_arn, args.mode or "apply")
    sys.stdout.write(readable_json(document) + "\n")
    text = policy_json(document)
    problems = lint(text, bucket=settings.oss.bucket if settings.oss else None)
    if problems:
        for problem in problems:
            print(f"actiontrail-wizard: the {args.kind} policy fails the lint: {problem}", file=sys.stderr)
        return 1
    print(f"{args.kind} policy: {len(text):,} of {MAX_POLICY_CHARS:,} characters; passes the policy lint",
          file=sys.stderr)
    return 0


def key_reference(settings) -> str | None:
    """The trail's key, as the settings name it (imported here: registering the command at start-up stays light)."""
    from wizard.core.derive.keys import key_reference as reference

    return reference(settings)


def ref_missing(settings, key_arn: str | None) -> bool:
    return key_reference(settings) is not None and key_arn is None
