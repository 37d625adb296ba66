"""Proof of delivery on the cloud: the marker call (marker.py) and the search for it in each destination
(search.py). What they mean is decided in wizard.core.delivery; the waiting is wizard.flow.delivery."""
