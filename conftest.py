"""Settings for every test run, including nbval over notebooks/.

Tests never touch a real data directory: ROLLBOOK_HOME points at a fresh temporary
folder for the whole session (kernels started by nbval and the Voila server inherit it).
"""

from __future__ import annotations

import os
import tempfile

_SESSION_HOME = tempfile.mkdtemp(prefix="rollbook-test-home-")
os.environ["ROLLBOOK_HOME"] = _SESSION_HOME
os.environ["MPLBACKEND"] = "Agg"
