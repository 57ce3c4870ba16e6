"""Understanding a sheet before any value is cleaned: where its header is, what each column means,
what kind of sheet it is, and which rows are data.

vocabulary.py holds the words (from config/fields.yaml), headers.py reads one header, rows.py sorts the
body rows, sheet.py puts a sheet's reading together as a SheetPlan.
"""

from indicators.understand.sheet import SheetPlan, understand_sheet

__all__ = ["SheetPlan", "understand_sheet"]
