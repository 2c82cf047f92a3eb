"""Exactly once: one-time submission keys for forms and Idempotency-Key for the API."""
