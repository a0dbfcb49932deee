"""The HTTP edge: probe enrolment and reports, and the end-user tray app's API.

Depends on the core (`shared.services`); the core never imports this package.
"""
