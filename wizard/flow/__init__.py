"""The one sequence every front end runs: connect, survey, settings, plan, consent, apply, verify.

`sequence.run(front, flow, settings)` is that sequence; a FrontEnd (front_end.py)
decides how each step looks (the Textual app, plain prompts, the `apply` command)
and never what comes next. WizardFlow (session.py) holds the connection and makes
each cloud call through wizard.cloud; the exit code of every command comes from
exit_codes.py. Nothing here imports Textual, questionary or an SDK.
"""
