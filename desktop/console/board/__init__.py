"""The health board: machines with heartbeat, gauges, sparklines, alerts and forecasts."""
