"""Derivations the audit and the plan share (which key, who holds rights, which reads failed): both depend on these,
never on each other."""
