"""Renderers: plain data (Plan, findings) in, text or JSON out. No I/O, no SDK."""
