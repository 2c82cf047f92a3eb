"""Leaders' dashboards and the officer's work list: aggregate reads, server-rendered charts."""
