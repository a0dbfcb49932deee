"""The helpdesk probe: runs on end users' machines, reports health, gates remote diagnostics.

Standard library plus psutil only, so it stays small in memory and installs anywhere.
"""

__version__ = "0.1.0"
