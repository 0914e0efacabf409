from __future__ import annotations

import os
import sys
from pathlib import Path

# Qt tests run without a display; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
