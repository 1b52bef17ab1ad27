"""Cells that a spreadsheet never runs: text typed by the public, exported for INET's staff.

A CSV cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel and LibreOffice as
a formula (``=HYPERLINK(...)``, ``=cmd|...``): OWASP's advice is to prefix it with an apostrophe, which the
spreadsheet shows as text. Numbers stay numbers.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as a spreadsheet will show it and never evaluate it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
