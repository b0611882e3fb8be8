"""Running `python -m tutor ...` as a learner or instructor would, for the hostile-input tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"


def tutor(*args: str, data: Path, stdin: str = "", shell_line: str | None = None,
          timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """Run registry-tutor with ``data`` as its data folder (``shell_line``: a /bin/sh line, ``{tutor}`` inside)."""
    env = dict(os.environ, REGISTRY_TUTOR_DATA=str(data), COLUMNS="100",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("FORCE_COLOR", None)
    if shell_line is not None:
        command = shell_line.format(tutor=f"{sys.executable} -m tutor")
        return subprocess.run(["/bin/sh", "-c", command], input=stdin, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", cwd=ROOT, env=env, timeout=timeout)
    return subprocess.run([sys.executable, "-m", "tutor", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", cwd=ROOT, env=env, timeout=timeout)


# Bidi embedding/override/isolate controls (Trojan Source, CVE-2021-42574) and invisible format characters:
# a bidi-aware terminal reorders the text after them, the others hide a difference between two names.
HIDDEN = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), *map(chr, range(0x200B, 0x2010)),
          "\u2028", "\u2029", "\ufeff", "\u061c"}


def raw_controls(text: str) -> list[str]:
    """Control characters a terminal would act on (all but newline and tab), bidi controls and invisible ones."""
    return sorted({ch for ch in text if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F
                   or ch in HIDDEN})
