"""Per-service planning steps; wizard.core.planning.planner composes them and enforces the invariants."""
