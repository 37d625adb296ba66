"""How tests steer a running sandbox: the /_sandbox/ control endpoint, faults, malformed answers, the request log.

Kept light: the CLI imports steering.faults at start-up for the `sandbox serve --help` text.
"""
