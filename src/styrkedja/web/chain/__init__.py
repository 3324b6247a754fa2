"""Whole-chain code: strategy file <-> database, the chain graph for the logic checks, the demo."""
