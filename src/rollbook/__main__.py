"""Allow ``python -m rollbook``."""

import sys

from rollbook.cli import main

sys.exit(main())
