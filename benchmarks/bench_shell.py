"""Shell benchmarks: start-up against a bare interpreter, and a 5,000-command script.

Run: python benchmarks/bench_shell.py
Prints figures and ratios measured in this run; it asserts nothing (targets live in the issue:
start-up a small multiple of `python -c pass`, the 5,000-command script well under a second).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time

RUNS = 7


def _time_process(args: list[str], stdin: str = "") -> tuple[float, float]:
    """Median (wall seconds, CPU seconds of the child) over RUNS fresh processes.

    CPU time (user + system, from the child's rusage) is what start-up costs; wall time on this
    shared 2-core machine also measures whoever else is running."""
    walls, cpus = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, input=stdin, text=True, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


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
    Shell(World.default()).run("docker images")  # imports, as any session's first command pays them
    shell = Shell(World.default())
    failures = 0
    start = time.process_time()  # CPU seconds: the machine is shared
    for line in lines:
        if shell.run(line).exit_code:
            failures += 1
    return len(lines), time.process_time() - start, failures


def main() -> None:
    # Byte-compile first: an installed package has its .pyc files, and a PYTHONDONTWRITEBYTECODE
    # environment would otherwise charge the compiler to every start-up.
    import compileall
    from pathlib import Path

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "tutor"), quiet=1)
    env_note = os.environ.get("PYTHONDONTWRITEBYTECODE")
    bare, bare_cpu = _time_process([sys.executable, "-c", "pass"])
    shell, shell_cpu = _time_process([sys.executable, "-m", "tutor", "shell"], stdin="docker images\n")
    print(f"start-up (median of {RUNS}): python -c pass {bare * 1000:.1f} ms wall, {bare_cpu * 1000:.1f} ms CPU | "
          f"registry-tutor shell (one command) {shell * 1000:.1f} ms wall, {shell_cpu * 1000:.1f} ms CPU | "
          f"ratio {shell / bare:.2f}x wall, {shell_cpu / bare_cpu:.2f}x CPU (target <= 2x)"
          + (" [PYTHONDONTWRITEBYTECODE set]" if env_note else ""))
    count, seconds, failures = bench_script()
    print(f"script: {count} commands in {seconds:.3f} s CPU ({seconds / count * 1e6:.0f} us/command), "
          f"{failures} failed (target < 0.5 s)")


if __name__ == "__main__":
    main()
