"""Intake in the console: a new ticket for a phone call, a walk-in or a chat."""
