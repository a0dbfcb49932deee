"""The scenario drives the console's real widgets: the desktop tests' fixtures (offscreen Qt, the
patient bot, the background runner, the seeded defaults)."""

from tests.desktop.conftest import _defaults, ops, qtbot

__all__ = ["_defaults", "ops", "qtbot"]
