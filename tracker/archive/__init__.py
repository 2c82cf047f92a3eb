"""Arsip: the archived records a user may bring back, and the one way to restore them."""
