"""Shell benchmarks: start-up against a bare interpreter, and a 5,000-command script.

Run: python benchmarks/bench_shell.py
Prints figures and ratios measured in this run; it asserts nothing (targets live in the issue:
start-up a small multiple of `python -c pass`, the 5,000-command script well under a second).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7


def _time_process(args: list[str], stdin: str = "") -> float:
    best = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, input=stdin, text=True, capture_output=True, check=False)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def script(apps: int = 25, versions: int = 40) -> list[str]:
    """25 apps x 40 versions x (edit, build, tag, push version, push latest) = 5,000 command lines."""
    lines = []
    for app in range(1, apps + 1):
        for v in range(1, versions + 1):
            lines += [
                f"echo 'print(\"myapp{app} version {v}.0\")' > ~/myapp{app}/app.py",
                f"docker build -q -t localhost:5000/myapp{app}:latest ~/myapp{app}",
                f"docker tag localhost:5000/myapp{app}:latest localhost:5000/myapp{app}:{v}.0",
                f"docker push -q localhost:5000/myapp{app}:{v}.0",
                f"docker push -q localhost:5000/myapp{app}:latest",
            ]
    return lines


def bench_script() -> tuple[int, float, int]:
    from tutor.sim.shell import Shell
    from tutor.sim.world import World

    lines = script()
    shell = Shell(World.default())
    failures = 0
    start = time.perf_counter()
    for line in lines:
        if shell.run(line).exit_code:
            failures += 1
    return len(lines), time.perf_counter() - start, failures


def main() -> None:
    # Byte-compile first: an installed package has its .pyc files, and a PYTHONDONTWRITEBYTECODE
    # environment would otherwise charge the compiler to every start-up.
    import compileall
    from pathlib import Path

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "tutor"), quiet=1)
    bare = _time_process([sys.executable, "-c", "pass"])
    shell = _time_process([sys.executable, "-m", "tutor", "shell"], stdin="docker images\n")
    print(f"start-up: python -c pass {bare * 1000:.1f} ms | registry-tutor shell (one command) "
          f"{shell * 1000:.1f} ms | ratio {shell / bare:.1f}x")
    count, seconds, failures = bench_script()
    print(f"script: {count} commands in {seconds:.3f} s ({seconds / count * 1e6:.0f} us/command), "
          f"{failures} failed")


if __name__ == "__main__":
    main()
