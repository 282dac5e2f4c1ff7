"""The process baseline (issue 15 §4: ≤ 80 MB right after start): the
libraries of some paths only are imported when those paths run, not when
the app is created. python-docx and odfdo when a DOCX or ODT is made, typst
when a PDF is compiled, networkx when a graph is built, redis when
``COCREA_REDIS_URL`` is set (docs/performance.md, «The sync socket»)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAZY = ("docx", "odfdo", "typst", "lxml", "networkx", "redis")
PROBE = f"""
import json, sys
from server.app import create_app
create_app()
print(json.dumps(sorted(name for name in {LAZY!r} if name in sys.modules)))
"""


def test_creating_the_app_imports_no_library_of_a_later_path(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COCREA_")}
    env["COCREA_DATABASE_URL"] = f"sqlite:///{tmp_path}/start.db"
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
