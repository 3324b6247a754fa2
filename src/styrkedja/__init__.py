"""Styrkedja: follow-up of a regional development strategy."""

__version__ = "0.1.0"
