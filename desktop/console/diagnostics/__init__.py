"""Remote diagnostics from the console: the session (one SshPool for the window), the run dialog
with a typed form per catalogue parameter, and the hooks for the ticket view and Machines tab."""
