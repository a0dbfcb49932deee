"""One router per client: the probe and the tray app."""
