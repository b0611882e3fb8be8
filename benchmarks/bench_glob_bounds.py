"""Glob matching and expansion on hostile input: does the work grow linearly?

Issue 16 measured `ls [[[[...` (16k unclosed brackets) at 15 s with fnmatch. This
times the simulator's matcher (tutor.sim.globmatch) and fnmatch, in the
same run, on patterns of 1k and 16k characters, and prints the growth ratio:
~16 is linear, ~256 quadratic. Not part of the test run's pass/fail.

    python benchmarks/bench_glob_bounds.py
"""

from __future__ import annotations

import fnmatch
import re
import time

from tutor.sim.globmatch import compile_glob
from tutor.sim.shell import Shell
from tutor.sim.world import World


def _time(run, repeat: int = 3, loops: int = 1) -> float:
    """Best of ``repeat`` runs of ``loops`` calls, per call (small sizes loop more, so timer noise stays small)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            run()
        best = min(best, (time.perf_counter() - start) / loops)
    return best


def main() -> None:
    names = [f"myapp{i}" for i in range(1, 26)]
    print(f"{'pattern':<22}{'size':>7}{'globmatch s':>14}{'fnmatch s':>12}")
    for label, make in (("unclosed [", lambda n: "[" * n), ("*a*a...b", lambda n: "*a" * (n // 2) + "b")):
        rows = {}
        for size in (1000, 16000):
            pattern = make(size)
            ours = _time(lambda p=pattern: [match(name) for match in [compile_glob(p)] for name in names],
                         loops=16000 // size)
            theirs = _time(lambda p=pattern: (re.purge(), fnmatch._compile_pattern.cache_clear(),
                                              [fnmatch.fnmatchcase(name, p) for name in names]), repeat=1)
            rows[size] = (ours, theirs)
            print(f"{label:<22}{size:>7}{ours:>14.4f}{theirs:>12.4f}")
        (o1, t1), (o16, t16) = rows[1000], rows[16000]
        print(f"{label:<22} growth 1k->16k: globmatch x{o16 / o1:.1f}, fnmatch x{t16 / t1:.1f} (16 = linear)")
    shell = Shell(World.default())
    line = "ls " + "[" * 16000
    print(f"`ls` + 16000 unclosed brackets through the shell: {_time(lambda: shell.run(line)):.3f} s")


if __name__ == "__main__":
    main()
