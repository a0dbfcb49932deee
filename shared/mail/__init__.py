"""Email in and out: IMAP intake into tickets, SMTP delivery of the notifications outbox.

config (settings and passwords), parse (bytes -> InboundMail), intake (one message -> ticket,
exactly once), imap (fetch/watch), render (templates), smtp (drain the outbox), cli (`helpdesk mail`).
"""
