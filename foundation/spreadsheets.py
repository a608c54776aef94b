"""Cells for CSV files that people open in Excel or WPS, which run a cell starting with = + - @ as a formula.

Such a cell gets an apostrophe in front, which spreadsheets show as text and hide; importing the
file back takes it off again. Tab and carriage return start formulas too, and the full-width
signs count, since spreadsheets in Chinese read them as their ASCII twins.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def cell_safe(value):
    """The value as a cell no spreadsheet runs; anything not text passes unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_unescaped(value):
    """The value cell_safe was given, from a cell read back from a file."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
