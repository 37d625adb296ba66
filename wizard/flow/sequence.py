"""The sequence every front end runs: connect, survey, settings, plan, consent, apply, verify; and its exit code.

Nothing writes before the operator approves the exact plan; a failed or interrupted apply can be resumed
(the journal); what the summary claims was read back from the account. The rules every front end shares
live here once: the consent, the exit code, the commands printed for later (with this run's connection
flags), and what an interruption says (how many changes were made, and how to resume).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from steps import known_from
from wizard.core.delivery import never_delivered
from wizard.core.plan import Plan
from wizard.core.planning.backfill import shows_backfill
from wizard.core.settings import Settings
from wizard.flow.exit_codes import ExitCode, for_findings, for_plan
from wizard.flow.front_end import FrontEnd, Interrupted
from wizard.flow.later import command
from wizard.flow.review import consent_for
from wizard.flow.session import WizardFlow
from wizard.flow.survey import starting_answers
from wizard.errors import WizardError
from wizard.report.locks import not_locked
from wizard.report.plan.files import SAVE_DIR, SETTINGS_FILE, account_folder, settings_for_later


@dataclass(frozen=True)
class Options:
    dry_run: bool = False  # stop at the plan
    config_path: str | None = None  # the settings file the wizard started from
    save_dir: Path = SAVE_DIR  # where plans and the applied settings are saved
    benchmark: str = "all"  # whose verdicts decide the exit code after apply (all: the strictest of each rule)


@dataclass
class _Progress:
    """How far the run got, for what an interruption says."""

    plan: Plan | None = None
    applying: bool = False
    applied: bool = False
    resume: str = ""  # the apply command that resumes this run
    check: str = ""  # the audit command that checks it


def run(front: FrontEnd, flow: WizardFlow, settings: Settings | None, options: Options = Options()) -> ExitCode:
    progress = _Progress()
    try:
        return _run(front, flow, settings, options, progress)
    except (KeyboardInterrupt, Interrupted):
        front.say(_interrupted(progress), error=True)
        return ExitCode.INTERRUPTED


def _interrupted(progress: _Progress) -> str:
    if progress.applied:
        return f"Interrupted while verifying: all {progress.plan.changes} change(s) were made; check them with: " \
               f"{progress.check}"
    if progress.applying:  # the executor returns on Ctrl-C; here only if a second one cut its wait short
        return f"Interrupted during apply: some changes may have been made. Resume with: {progress.resume}"
    return "Interrupted: no changes were made."


def _run(front: FrontEnd, flow: WizardFlow, settings: Settings | None, options: Options,
         progress: _Progress) -> ExitCode:
    if front.connect(flow.connect) is None:
        return ExitCode.OK
    survey, start = front.existing_setup(lambda: flow.survey(settings, with_inventory=front.asks_settings), settings)
    if start is None:
        return ExitCode.OK
    chosen = settings
    if front.asks_settings or chosen is None:
        chosen = front.ask_settings(starting_answers(start, survey, settings),
                                    known_from(survey.observed, survey.inventory), survey.observed)
        if chosen is None:
            front.say("No changes were made.")
            return ExitCode.OK
    unreadable = [] if options.dry_run else flow.unresolved_secrets(chosen)
    if unreadable:  # found before anything is written, not when the call that needs the secret is made
        front.say("\n".join(unreadable) + "\nNo changes were made.", error=True)
        return ExitCode.ERROR
    flow.use_region(chosen.region)
    observed = survey.observed if survey.read_for(chosen) else front.busy(
        "Reading the account for these settings (read-only)...", lambda: flow.discover(chosen))
    earlier = flow.journal(observed.account_id).interrupted_run()
    if earlier is not None:
        front.say(f"Resuming: an earlier run stopped after {len(earlier)} action(s); re-planned from what exists "
                  "now, nothing is created twice.")
    while True:
        plan = progress.plan = flow.plan(chosen, observed)
        approved = front.review(plan, chosen, consent_for(plan, chosen), options.dry_run)
        if options.dry_run:
            front.say("Dry run: nothing was applied.")
            return for_plan(plan)
        if plan.changes == 0:  # compliant, or every change blocked: then the rules still fail
            if never_delivered(chosen, observed):  # set up by an earlier (interrupted) run: its proof is still due
                later = options.config_path or str(account_folder(options.save_dir, observed.account_id) / SETTINGS_FILE)
                _prove_delivery(front, flow, chosen, later)
                observed = flow.discover(chosen)
            findings = flow.audit(chosen, observed)
            front.nothing_to_apply(findings)
            return for_findings(findings, options.benchmark)
        if not approved:
            front.say("Not confirmed: no changes were made.")
            return ExitCode.ERROR
        later = _settings_file(front, chosen, options, observed.account_id)
        resume = progress.resume = command("apply", later, flow.connection, chosen)
        progress.check, progress.applying = command("audit", later, flow.connection, chosen), True
        applied = front.apply(plan, lambda on_event, stop: flow.apply(plan, observed, on_event, stop, chosen,
                                                                      front.say), resume)
        progress.applying = False
        if applied.result.superseded:  # another apply ran after the account was read: read it again, re-plan
            front.say(applied.result.superseded)
            if applied.stop:
                front.say("No changes were made.")
                return ExitCode.ERROR
            observed = front.busy("Reading the account again...", lambda: flow.discover(chosen))
            continue
        if not applied.retry:
            break
        observed = front.busy("Reading the account again...", lambda: flow.discover(chosen))
    result = applied.result
    journal = flow.journal(observed.account_id)
    locks = "".join(f"\n{line}" for line in not_locked(plan, {a.id for a, _ in result.done},
                                                        datetime.now(timezone.utc)))
    if result.stopped:
        front.say(f"Stopped: {len(result.done)} of {plan.changes} change(s) were made, the calls in flight "
                  f"finished and nothing else started (journal: {journal.path}). Resume with: {resume}{locks}",
                  error=True)
        return ExitCode.INTERRUPTED
    if not result.ok:
        _, error = result.failed
        front.say(f"{error.message}\n{len(result.done)} of {plan.changes} change(s) were made (journal: "
                  f"{journal.path}). Fix the cause, then resume with: {resume}{locks}", error=True)
        return ExitCode.ERROR
    progress.applied = True
    recorded = _recorded(result)
    if recorded:
        front.say(f"The approved settings are recorded in the account ({recorded}): audit, plan and the wizard "
                  "start from them on any machine, without a settings file.")
    backfill = (lambda: flow.backfill_status(chosen.trail.name)) if shows_backfill(chosen, plan) else None
    proof, prove_later = _prove_delivery(front, flow, chosen, later)
    verification = front.summary(lambda: flow.verify(chosen, plan, proof, prove_later), chosen, progress.check,
                                 backfill)
    return for_findings(verification.findings, options.benchmark)


def _prove_delivery(front: FrontEnd, flow: WizardFlow, settings: Settings, later: str) -> tuple:
    """Configured is not proven: a marker call, found in every destination (flow/delivery.py), before the account is
    read again, so AT-DELIVERY judges real deliveries. A failure is said, never the end of the run: the changes are
    made. Answers (the proof or None, the verify command)."""
    verify = command("verify", later, flow.connection, settings)
    try:
        proof = front.prove_delivery(lambda on_proof, stop: flow.prove_delivery(
            settings, on_proof=on_proof, stop=stop, later=verify), verify, flow.connection.is_sandbox)
    except WizardError as error:
        from wizard.core.delivery import DeliveryProof, destinations, marker_for

        proof = DeliveryProof("", marker_for(settings), destinations(settings), later=verify, error=error.message)
    return proof, verify


def _recorded(result) -> str:
    """Where this apply recorded the approved settings, if it did."""
    for action, answer in result.done:
        if action.id.endswith("record-approved-settings"):
            params = action.params
            return f"oss://{params['Bucket']}/{answer.get('Key', '')}" if action.service == "oss" else \
                f"sls://{params['project']}/{params['logstore']}"
    return ""


def _settings_file(front: FrontEnd, settings: Settings, options: Options, account_id: str) -> str:
    """The file a later `audit --config` reads: the one the wizard started from, else the applied settings,
    saved in the account's own folder."""
    try:
        return settings_for_later(settings, options.config_path, options.save_dir, account_id)
    except WizardError as error:
        front.say(f"The applied settings were not saved: {error.message}", error=True)
        return str(account_folder(options.save_dir, account_id) / SETTINGS_FILE)
