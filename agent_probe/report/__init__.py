"""Delivering snapshots to the server: HTTP client, offline spool, enrolment."""
