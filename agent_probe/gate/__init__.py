"""The SSH forced-command gate: only catalogue diagnostics with typed params, never a shell."""
