"""Renderers: plain data (plans, audit reports, settings) in, text out (text, JSON, SARIF, Markdown, HTML,
Terraform). No SDK; only output.py touches the disk."""
