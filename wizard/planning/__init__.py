"""Per-service planning steps; wizard.planner composes them and enforces the invariants."""
