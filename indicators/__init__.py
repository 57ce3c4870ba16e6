"""Learning City Dashboard engine: spreadsheets in, Key Feature indicators out.

Plain Python, usable from the CLI, the tests and the Streamlit pages; it never imports streamlit
(an import-linter contract in pyproject.toml checks this on every test run).
"""

__version__ = "0.1.0"
