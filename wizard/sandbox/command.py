"""`actiontrail-wizard sandbox serve`: run the sandbox cloud until interrupted; `sandbox user`: a RAM user to act as;
`sandbox events [--follow]`: the events it records (events/viewer.py).

`serve` prints one JSON line (url, account id, access key, the CA bundle of its HTTPS) so a
script or a test can point clients at it, then logs one line per request on stderr. `user`
(users.py) makes a RAM user holding the policies named and prints its access key the same way.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import signal
import sys
import threading
from pathlib import Path

from platformdirs import user_data_dir

from ..errors import WizardError
from .steering.faults import FaultSpecError
from .steering.faults import __doc__ as FAULT_HELP


LOOPBACK_NAMES = ("localhost",)


def default_state() -> Path:
    return Path(user_data_dir("actiontrail-wizard")) / "sandbox.db"


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: reachable from this machine only."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def register(subparsers) -> None:
    sandbox = subparsers.add_parser("sandbox", help="the local sandbox cloud (no account needed)",
                                    description="A local Alibaba Cloud that the official SDKs talk to as an HTTP "
                                    "proxy: STS, ActionTrail, OSS, SLS, KMS and RAM, with real signatures, "
                                    "error codes and state kept in SQLite.")
    actions = sandbox.add_subparsers(dest="sandbox_command", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="serve until interrupted",
                               formatter_class=argparse.RawDescriptionHelpFormatter,
                               description="Serve the sandbox; prints {url, account_id, access_key_id, "
                               "access_key_secret, ca_bundle} as one JSON line, then serves until Ctrl-C. "
                               "Any tool built on the official SDKs reaches it with HTTPS_PROXY=<url> and "
                               "REQUESTS_CA_BUNDLE=SSL_CERT_FILE=<ca_bundle>.",
                               epilog="faults:" + (FAULT_HELP or "").split("\n", 1)[1])
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; any other "
                       "address lets other machines use the sandbox's fake access key)")
    serve.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    serve.add_argument("--state", type=Path, default=None, metavar="FILE",
                       help=f"SQLite state file (default {default_state()})")
    serve.add_argument("--latency-ms", type=int, default=0, metavar="N", help="delay every API answer by N ms")
    serve.add_argument("--fault", action="append", default=[], metavar="SPEC", help="make chosen calls fail "
                       "(repeatable; syntax below)")
    serve.add_argument("--starter", choices=("well-run", "bare", "messy"), default="well-run",
                       help="what a new account holds in RAM: well-run (default: admins through a group), bare (users "
                       "and the auditors' group only) or messy (admin rights attached to users, a *:* policy: what "
                       "the audit catches)")
    serve.add_argument("--quiet", action="store_true", help="do not log each request")
    serve.set_defaults(func=serve_command)
    user = actions.add_parser("user", help="create a RAM user holding chosen policies and print its access key",
                              description="Create a RAM user of the sandbox account (or add to an existing one) "
                              "holding exactly the policies named, and print a new access key as one JSON line "
                              "{user, account_id, access_key_id, access_key_secret, policies, groups}. Every request "
                              "the key signs is authorised by those policies, as Alibaba Cloud's RAM would. Try the "
                              "wizard as a least-privilege operator: `actiontrail-wizard policy operator --config "
                              "FILE > operator.json`, `actiontrail-wizard sandbox user operator --policy "
                              "operator.json`, then export the key and run with --sandbox-url.")
    user.add_argument("name", metavar="NAME", help="the user name (1-64 of A-Z a-z 0-9 . _ @ -)")
    user.add_argument("--policy", action="append", default=[], type=Path, metavar="FILE",
                      help="a RAM policy document (JSON) to attach as the custom policy NAME-<file stem> (repeatable)")
    user.add_argument("--system-policy", action="append", default=[], metavar="NAME",
                      help="a system policy to attach, e.g. AliyunActionTrailReadOnlyAccess (repeatable)")
    user.add_argument("--group", action="append", default=[], metavar="NAME",
                      help="a group to add the user to, e.g. security-auditors (repeatable)")
    user.add_argument("--state", type=Path, default=None, metavar="FILE",
                      help=f"SQLite state file (default {default_state()}); a running sandbox on it sees the user")
    user.set_defaults(func=user_command)
    events = actions.add_parser("events", help="print the ActionTrail events the sandbox records",
                                description="Print every event the sandbox recorded (each API call it answered, "
                                "each console event injected), one line each: time, who, service, API, Read or "
                                "Write, the outcome, the RequestId. With --follow, keep printing new events as they "
                                "are recorded until Ctrl-C (run it beside the wizard to watch the trail work).")
    events.add_argument("--follow", "-f", action="store_true", help="keep printing events as they are recorded")
    events.add_argument("--json", action="store_true", help="print each event as one JSON line")
    events.add_argument("--state", type=Path, default=None, metavar="FILE",
                        help=f"SQLite state file (default {default_state()})")
    events.set_defaults(func=events_command)


def user_command(args) -> int:
    from .users import UserRequest, create_user

    made = create_user(args.state or default_state(), UserRequest(args.name, list(args.policy),
                                                                  list(args.system_policy), list(args.group)))
    print(json.dumps(made))
    return 0


def events_command(args) -> int:
    import sqlite3

    from .events.viewer import watch

    state = args.state or default_state()
    if not Path(state).is_file():
        raise WizardError(f"--state {state}: no sandbox state file there (start one with `actiontrail-wizard "
                          "sandbox serve` or `actiontrail-wizard --sandbox`)")
    try:
        for _ in watch(Path(state), args.follow, args.json, lambda text: print(text, flush=True)):
            pass
    except KeyboardInterrupt:
        return 0
    except sqlite3.Error as error:
        raise WizardError(f"--state {state}: cannot read it as a sandbox state file ({error})") from None
    return 0


def serve_command(args) -> int:
    from .server import SandboxServer  # the CLI registers this command at every start; the server loads to serve

    if args.latency_ms < 0 or not 0 <= args.port <= 65535:
        raise WizardError("--latency-ms must be >= 0 and --port between 0 and 65535")
    if not is_loopback(args.host):
        print(f"warning: --host {args.host} is not a loopback address: anyone who can reach it can use this sandbox "
              "and read its access key from /_sandbox/credentials", file=sys.stderr)
    if not args.quiet:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        server = SandboxServer(args.state or default_state(), host=args.host, port=args.port,
                               latency_ms=args.latency_ms, faults=args.fault, starter_state=args.starter)
    except FaultSpecError as error:
        raise WizardError(f"--fault: {error}") from None
    except OSError as error:
        raise WizardError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    server.start()
    account = server.account
    print(json.dumps({"url": server.url, "account_id": account.account_id,
                      "access_key_id": account.access_key_id, "access_key_secret": account.access_key_secret,
                      "ca_bundle": server.ca_bundle}),
          flush=True)
    try:
        stop.wait()
    finally:
        server.stop()
    print("sandbox stopped", file=sys.stderr)
    return 0
