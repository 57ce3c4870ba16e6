"""Cleaning an understood sheet into rows for the store: cell values parsed (cells.py), personal data
kept out (privacy.py), rows per table extracted (extract.py), and checks across columns, sheets and
earlier uploads (validate.py)."""
