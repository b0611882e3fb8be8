"""Recording progress: one SQLite row per event, next to the whole-file JSON rewrite it replaced.

The baseline, measured in the same run on the same disk, is what registry-tutor did before: the whole
progress record dumped as JSON and written with ``tutor.storage.atomic_write`` (temp file, fsync,
rename, folder fsync) after every event. Both record the same N commands in one lesson.

    python benchmarks/bench_progress.py [--events 300]

Not part of the test run's pass/fail; prints the figures and the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tutor.lessons.progress import ProgressStore  # noqa: E402
from tutor.storage import atomic_write  # noqa: E402


def sqlite_events(folder: Path, n: int) -> float:
    store = ProgressStore("bench", root=folder)
    start = time.perf_counter()
    for i in range(n):
        store.record_command("lesson", "task", f"docker push localhost:5000/myapp{i % 25}:1.{i}", 0)
    return time.perf_counter() - start


def json_rewrites(folder: Path, n: int) -> float:
    """The former save(): the record grows as events arrive and is rewritten whole each time."""
    record = ProgressStore("scratch", root=folder / "scratch")  # the same in-memory fold, never written
    path = folder / "old" / "progress.json"
    start = time.perf_counter()
    for i in range(n):
        record._state["lessons"].setdefault("lesson", {"commands": [], "commands_typed": 0})
        lesson = record._state["lessons"]["lesson"]
        lesson["commands"].append({"task": "task", "line": f"docker push localhost:5000/myapp{i % 25}:1.{i}"})
        del lesson["commands"][:-200]
        lesson["commands_typed"] += 1
        atomic_write(path, json.dumps(record._state, indent=1, sort_keys=True) + "\n")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300)
    n = parser.parse_args().events
    with tempfile.TemporaryDirectory(prefix="bench-progress-", dir=ROOT) as scratch:
        old = json_rewrites(Path(scratch), n)
        new = sqlite_events(Path(scratch), n)
        size = sum(p.stat().st_size for p in (Path(scratch) / "bench").glob("progress.sqlite3*"))
    print(f"{n} events: JSON rewrite {old * 1e3 / n:.2f} ms an event, SQLite row {new * 1e3 / n:.2f} ms an event "
          f"({old / new:.2f}x); database and its WAL {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
