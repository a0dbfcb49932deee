"""The bundle's `helpdesk-probe` executable (PyInstaller's entry script)."""

import sys

from agent_probe.main import main

sys.exit(main())
