"""`apply`: discover, plan, confirm, execute with progress, then discover again and verify.

Nothing is written before the operator approves the exact plan: `--yes`, or a
confirmation typed on a terminal (the bucket name when the plan locks WORM).
"""

from __future__ import annotations

import sys

from wizard.core.history import describe
from wizard.errors import WizardError
from wizard.cloud.apply.journal import Journal
from wizard.core.planning.planner import plan
from wizard.core.planning.history import planned_backfill
from wizard.report.audit.text import render_text
from wizard.report.progress import progress_printer
from wizard.report.plan.text import render_plan
from wizard.core.audit import evaluate
from wizard.commands.connect import session_for
from wizard.commands.plan import settings_from_args

EXIT_DONE, EXIT_ERROR, EXIT_FAILING = 0, 1, 2


def _confirm(result, settings, args) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise WizardError("refusing to apply without confirmation: stdin is not a terminal; review the plan "
                          "and pass --yes")
    irreversible = [a for a in result.actions if a.irreversible]
    if irreversible and settings.oss:
        print(f"\nThis plan includes an IRREVERSIBLE step ({irreversible[0].api} on {settings.oss.bucket}).")
        answer = input(f"Type the bucket name ({settings.oss.bucket}) to apply: ").strip()
        expected = settings.oss.bucket
    else:
        answer = input("\nType 'apply' to make these changes: ").strip()
        expected = "apply"
    if answer != expected:
        raise WizardError("not confirmed; no changes were made")


def run(args) -> int:
    from wizard.cloud.discover.history import backfill_status
    from wizard.cloud.discover.account import discover
    from wizard.cloud.apply.executor import execute

    settings = settings_from_args(args)
    with session_for(args, settings.region) as session:
        observed = discover(session, settings)
        journal = Journal.for_account(observed.account_id, settings.region)
        earlier = journal.interrupted_run()
        if earlier is not None:
            print(f"Resuming: an earlier run stopped after {len(earlier)} action(s); re-planned from what exists "
                  "now, nothing is created twice.")
        result = plan(settings, observed)
        sys.stdout.write(render_plan(result, f"Plan for account {observed.account_id} in {settings.region}\n"))
        if result.changes == 0:
            findings = evaluate(settings, observed)
            if any(f.status == "fail" for f in findings):
                sys.stdout.write("\n" + render_text(findings, observed.account_id, settings.region))
                return EXIT_FAILING
            return EXIT_DONE
        _confirm(result, settings, args)
        print(f"\nApplying {result.changes} change(s)...", flush=True)
        outcome = execute(session, result, account_id=observed.account_id, journal=journal,
                          on_event=progress_printer(result.changes))
        if not outcome.ok:
            action, error = outcome.failed
            print(f"\n{error.message}", file=sys.stderr)
            print(f"{len(outcome.done)} of {result.changes} action(s) were done (journal: {journal.path}). "
                  "Fix the cause and run apply again: it resumes where this run stopped.", file=sys.stderr)
            return EXIT_ERROR
        print("\nVerifying: reading the account again...", flush=True)
        after = discover(session, settings)
        backfill = backfill_status(session, settings.trail.name) if planned_backfill(result) else None
    findings = evaluate(settings, after)
    sys.stdout.write("\n" + render_text(findings, after.account_id, settings.region))
    if backfill is not None:
        print("\n" + describe(backfill))
    return EXIT_FAILING if any(f.status == "fail" for f in findings) else EXIT_DONE
