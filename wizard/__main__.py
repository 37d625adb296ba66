"""`python -m wizard`: the same as the actiontrail-wizard command."""

import sys

from .cli import main

sys.exit(main())
