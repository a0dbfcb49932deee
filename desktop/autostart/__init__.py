"""The tray at logon: an XDG autostart entry on Linux, the HKCU Run key on Windows.

No Qt here: `helpdesk autostart on|off|status` runs from a deployment script as well as from a
desktop. Both systems' code is plain functions over a small interface (a directory, a registry
key), so both are tested on any system.
"""
