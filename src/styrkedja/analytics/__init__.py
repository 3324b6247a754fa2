"""Pure-Python analytics: targets, status, forecasts, logic checks. Never imports Django."""
