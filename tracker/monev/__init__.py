"""Monitoring and evaluation (monev) of agreements, and renewal decisions before expiry."""
