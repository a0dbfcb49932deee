"""The technician side of remote diagnostics: paramiko connections to a machine's SSH gate.

Depends on the core (`shared.services.diagnostics`); the core never imports this package.
"""
