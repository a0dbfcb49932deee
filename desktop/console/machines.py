"""Machines tab: the health board (desktop/console/board/), kept under this name so the window
builds it lazily, as before."""

from desktop.console.board.view import MachinesPane

__all__ = ["MachinesPane"]
