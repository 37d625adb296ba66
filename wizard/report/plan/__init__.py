"""The plan for people: as text (the `plan` command, plain mode, the plan screen's panels) and as saved files."""
