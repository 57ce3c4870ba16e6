"""`python -m indicators ...` runs the command-line interface."""

import sys

from indicators.cli import main

sys.exit(main())
