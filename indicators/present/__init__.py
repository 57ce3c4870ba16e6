"""Presenting the figures: UI strings and number/year formats (i18n.py), Plotly charts (charts.py) with
Thai labels broken where words start (label_wrap.py), blank templates (templates.py), the problem list
as a workbook (problem_export.py) and the presenters' files (exports/)."""
