"""What every stage shares: errors that carry Thai and English (errors.py), the wording of every ingest
problem (messages.py), Thai calendar and number facts (thai.py) and the one text normaliser (text.py)."""
