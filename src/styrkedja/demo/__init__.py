"""The Kronoberg demo: the customer's strategy file and real statistics with their sources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_dir() -> Path:
    return Path(str(resources.files(__package__)))


def strategy_file() -> Path:
    return demo_dir() / "kronoberg.yaml"


def data_dir() -> Path:
    return demo_dir() / "data"
