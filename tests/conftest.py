from __future__ import annotations

import os
import sys
from pathlib import Path

# Qt tests run without a display; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The audit anchor key (app/store/anchor.py) lives in the user's config dir: keep the tests' key
# out of the developer's own, for this process and the CLI subprocesses it starts.
if "MOTCUA_CONFIG_DIR" not in os.environ:
    import tempfile

    os.environ["MOTCUA_CONFIG_DIR"] = tempfile.mkdtemp(prefix="motcua-test-config-")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
