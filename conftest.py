"""Settings for every test run, including nbval over notebooks/.

Tests never touch a real data directory: ROLLBOOK_HOME points at a fresh temporary
folder for the whole session (kernels started by nbval and the Voila server inherit it).
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import settings

# No time limit per example: speed is measured by `make bench`, never asserted, and a
# busy machine (a CI runner, a laptop on battery) must not turn a slow example into a
# failure.
settings.register_profile("rollbook", deadline=None)
settings.load_profile("rollbook")

_SESSION_HOME = tempfile.mkdtemp(prefix="rollbook-test-home-")
os.environ["ROLLBOOK_HOME"] = _SESSION_HOME
os.environ["MPLBACKEND"] = "Agg"
