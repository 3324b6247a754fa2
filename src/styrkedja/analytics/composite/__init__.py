"""Composite indices built as the JRC/OECD Handbook and COINr build them.

The default pipeline (`pipeline.build`) reproduces COINr 1.1.14's example coin: denominate, impute by group
mean, screen units, treat outliers (winsorise, else log), min-max 0-100 respecting direction, and an
equal-weight arithmetic mean level by level. Pure numpy; frames in and out at the edges only.
"""
