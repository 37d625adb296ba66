"""The audit report: one AuditReport (model.py) rendered as text, JSON, SARIF, Markdown or HTML."""
