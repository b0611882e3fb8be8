"""Shell benchmarks: start-up against a bare interpreter, and a 5,000-command script.

Run: python benchmarks/bench_shell.py [--no-instructions]
Prints figures and ratios measured in this run; it asserts nothing (targets live in issue 12:
`registry-tutor shell` start-up <= 2x a bare interpreter, the 5,000-command script < 0.5 s).

Start-up is CPU time (user + system of the child: the machine is shared) of `python -m tutor shell`
answering one piped `docker images`, against `python -c pass`, sources byte-compiled, median of 7 runs
of each taken in turn (a burst of load falls on both sides), and, when valgrind is installed, the
instructions each process executes (callgrind: the figure the load does not move; --no-instructions
skips it). It is printed twice:

- in this interpreter (first line, the figure the issue's history uses). In a development venv the
  package is an *editable* install, whose finder (a .pth file) imports pathlib, re, urllib.parse and
  more into every interpreter at start-up: `python -c pass` costs ~30 ms instead of ~12, and the shell
  finds half its standard library already loaded. That flatters the ratio.
- as installed (second line): a fresh venv without pip whose site-packages holds `tutor` (a link to
  this source tree: what a wheel puts there, minus its metadata) and the `registry-tutor` script pip
  writes for the console entry point, run as a user runs it; `python -c pass` in that same venv. This
  is the start-up a learner feels. Its floor is not ours: pip's script imports ``re`` before our code
  runs (25M instructions, 0.7x of the bare interpreter's 35M), so this line stays above 2x.

Where start-up went, by callgrind (issue 12, as installed: 206M instructions before this pass, 112M
after; dev venv 227M -> 135M, bare 88M): the simulator's 28 dataclasses exec()'d their generated
methods at import (~19 ms; now ``tutor.sim.records``: the same dataclasses, ``__init__`` written in the
class and compiled into the .pyc, repr/eq/hash/frozen shared functions, checked against real
dataclasses by tests/sim/test_records.py), regexes compiled at import (tokenize, textsafe: now on first
use, and printable text never needs textsafe's), the ``json`` package (content writes through _json's
C encoder; json loads on first read), ``importlib`` (absolute imports via ``__import__``), each event
class's constructor compiled on its first event (now after 100: the default world emits a few of four
kinds), a failing ``_sha2`` import searching the whole path on 3.11, and the cycle collector walking
the objects being loaded (paused until the world is frozen). What is left is mostly fixed cost: ~100
classes created (type_new is 16%), unmarshalling ~550 KB of our .pyc files (16%; images.py alone is
106 KB), ``dataclasses`` + ``copy`` (6M), interpreter finalisation at exit (5M), building the default
world's Docker Hub (4M).

The script line is the CPU time of the 5,000 lines through one ``Shell`` on a fresh default world, after
one command has paid the imports. On this shared machine it grows with the load (the same code measured
0.8-1.3 s within minutes), so compare runs of two trees taken back to back, or count instructions, which
the load does not change: ``valgrind --tool=callgrind python -c "..."`` over the script minus the same
process running no lines. What the script spends its time on and what was done about it (issue 12):
re-tokenising (plain words, '...' words and ``>`` now skip the character scanner; words are shared),
the Dockerfile parsed and linted on every build (now once per text), a base image's config re-read on
every build, canonical JSON building a new encoder per digest, pflag tables rebuilt per command,
progress lines and push lines built for ``-q`` and thrown away, events and flag values filled in field by
field; then (second pass) events built by a constructor each class writes for itself, a repeated line's
parse shared (keyed by its text), and what exists when a Shell starts frozen for the cycle collector
(gc.freeze: the world is acyclic); then (third pass, builds) a base image's parsed config and history shared
by every build from it, the manifest and attestation JSON written from constant templates, and Dockerfile
variables looked up only for a word holding a $; then (fourth pass, dispatch) a one-command line returning
its command's own Result and a command without redirections its program's (no copy through the redirection
router), a words-only line parsed to its one step without the steps loop, an argv without a dash taken as all
positional, -q builds not wording vertices nobody reads: 487K -> 458K instructions per command, 0.89x CPU in
interleaved runs; then (fifth pass, builds, profiled by callgrind over the script minus an empty run) a build's
plan (its stages with their bases expanded, the target, the stages it needs, each base parsed) kept per
(Dockerfile text, build args, target), the provenance statement hashed once (its digest was hashed again by
every push), the context listed by comparing each path against the folder's bounds and docker's argv checked
by slicing, not by str.startswith calls (3.11 parses their arguments the slow way: 52 calls a build), and
WORKDIR/COPY paths normalised through kept posixpath results (pure Python on 3.11): 471K -> 447K instructions
per command (callgrind, PYTHONHASHSEED=0), 0.89x CPU in interleaved runs. Callgrind overstates hashing: valgrind
hides the CPU's SHA extensions, so OpenSSL's SHA-256 counts ~30 instructions a byte (8% of the script's count,
~6.5 MB hashed) where the hardware takes well under 1% of the time. Nothing is cached on the world: every cache
is keyed by immutable input, and every fast path is tested against the general way it skips
(tests/sim/test_throughput_caches.py).

Sixth pass, dispatch (what every line pays; callgrind, each kind of line counted inside the full script):
a one-command line of plain and '...' words with at most a final ``> file`` runs from its raw tokens
(``tokenize.direct_tokens``: bytes.translate and str.split, one regex findall with quotes) straight to its
program, without Words, parse or the steps/expansion/redirection frames; docker's argv of words and lone
letters (-q, -t X) parsed in one loop (anything else by the pflag loop, from the start), Args built as one
dict, a loaded command found without _find_command; references split into name (its grammar match kept per
name) and tag, ``parse_any`` kept per text, Reference built without object.__setattr__; ``cd`` no longer
lists a folder to check it. echo lines 180K -> 84K instructions, tag lines 189K -> 109K, a docker line's
dispatch (its handler a no-op) push 122K -> 55K, tag 112K -> 53K, build 122K -> 76K; builds 1,179K ->
1,133K and pushes 375K -> 333K per line; ``cd ~`` 285K -> 43K. Every shortcut is tested against the way it
skips (tests/sim/test_throughput_dispatch.py). Whole script: 2,347M -> 2,027M instructions (469K -> 405K a line). Left: DockerContext (8K a docker line: Result, world.tick's
journaled clock) and image_store.set_tag (15K a tag) are other files'.

Sixth pass, builds (callgrind toggled on the build lines only): an image config is no longer a dict walked by
canonical() but written around kept parts (each history entry's text written once by the step that makes it, a
base's entries once per base, the container config and the diff IDs from kept quotes); manifest descriptors are
kept per (layer digest, size), digests and media types quoted once (bounded dicts of immutable text), the
provenance statement and attestation written around constant text, a COPY step's cache key and layer
description written around one text of its hashed pairs instead of two canonical() walks, the clock's text by
arithmetic from a per-day strftime (gmtime + strftime was ~11K instructions per new clock value), an
unchanged file's digest kept per text, each -t value parsed once, each stage's steps and vertex names worded
once per plan, and the build context listed by bisecting the machine's sorted paths (kept per tuple of its
paths) instead of a bytecode loop over every file: 1,100K -> 942K instructions per build line (first 2,500
lines), 469.6K -> 441.0K per command over the 5,000 (tools' count, sources not byte-compiled). What is left of
a build line: ~220K is SHA-256 (11 OpenSSL calls of ~6K instructions each plus ~5.8 KB at ~27 a byte, all
new content: nothing hashed twice), ~130K the shell's dispatch before the handler, the rest one
interpreted pass over a flat profile (base resolution through DockerContext.registry, the store and its
events, Image records); tests/sim/test_throughput_build.py checks each shortcut against the general way.

Sixth pass, pushes (the two ``docker push -q`` lines; instructions of those lines only, callgrind toggled
around them, PYTHONHASHSEED=0, 5,000 lines, push code imported first; before the dispatch and build passes were
merged): push version 368K -> 217K, push latest
327K -> 188K (counted with the first push's import, as a per-kind count of the plain script sees it: version
429K -> ~279K; that import compiles all of push_pull.py when no .pyc can be written, ~68M once, 14M with
its .pyc). ``transfer.push_image`` no longer calls a helper per blob or re-makes each attestation event with
``record=True`` (the events are made so), notes each blob's sources in the push loop with one shared
(registry, repository) pair (a set lookup then matches by identity), keeps the immutable "Layer already
exists" events per repository and blob (every push of a repository skips the same base layers), and makes
its per-blob results only when read (``-q`` never does). A moved tag's "untagged?" search looks at the tags
newest first (it was a scan of every version tag of the repository per ``latest`` push). ``docker push``
keeps its parsed target per text, skips the platform checks without ``--platform``, looks the tag up once,
and the docker context's reference parse is kept per text and its registry lookup imports nothing per call.
Tried and dropped: making an all-there push's events and source checks with C iterator chains (map,
compress, repeat: fewer bytecodes, ~13K more instructions a push). Tests: tests/sim/test_throughput_push.py
holds push_image against the blob-by-blob way it replaced (hypothesis: mounts, lost blobs, a layer listed
twice, attested or not, journaled and undone). Whole script then: 2,349M -> 2,065M instructions (469.8K -> 412.9K a
line, tools' count).

The three sixth passes merged (the lead, callgrind over all 5,000 lines minus an empty run, PYTHONHASHSEED=0,
sources byte-compiled): 444K -> 302K instructions a line (0.68x; this count includes the Hub images' build
history that ``docker history`` brought, which every build now carries in its config). CPU, interleaved runs of
the code before the passes and after, quiet machine (load average 0.4): 0.74-1.01 s -> 0.52-0.68 s (0.64x);
the same old code measured 0.65-0.72 s at the start of that session, when the machine ran ~1.4x faster, which
puts the new code at ~0.42-0.46 s there; later, at load 0.3, 0.36-0.53 s (median
0.45) against 0.58-0.81 s in six interleaved pairs, then 0.41-0.65 s in ten more runs. What a line costs now: a build ~0.28 ms (59% of the script; SHA-256,
the image's JSON, and the first build's import of the builder), a push ~0.06 ms, a tag ~0.04 ms, an
``echo > file`` ~0.03 ms.

Seventh pass, dispatch (the four kinds of line that are not builds, and what every line pays before its
handler; callgrind over the 5,000 lines, PYTHONHASHSEED=0, each kind run through its own C wrapper whose inclusive
count callgrind_annotate reports): the first ``docker push`` no longer imports two dataclasses that exec() their
methods (``transfer``'s BlobResult and PullOutcome are records) nor base64 (lazy): 10.1M -> 2.7M instructions once;
an unattached world's clock moves without Journaled.__setattr__ (World.tick, inlined in DockerContext);
``world.machine`` (a property: ~870 instructions, ~290 read inline) is read inline on every hot path; a table
program is called without Shell._call's frame (its failure wording kept in _program_failed); docker main answers
arity's usual cases itself; a line of plain words is its own argv; ``echo`` of one line skips its split; an
already-normal path skips normalize's part loop; ``set_tag`` indexes without split_key; ``docker tag`` looks a
tagged source up by its tag (find_local_image for anything else); a push uploads a never-seen blob without
_send's and _repo_for_push's calls and makes no closure; one output line skips two comprehensions. Per line:
echo 83.7K -> 67.8K instructions (0.81x), tag 105.1K -> 87.6K (0.83x), push version 183.0K -> 160.7K (0.88x),
push latest 150.8K -> 143.5K (0.95x), build 944.6K -> 930.0K; a docker line's dispatch (handler a no-op, the
line repeated) tag 52.5K -> 46.7K, push 54.7K -> 48.9K, build 71.7K -> 66.9K. Whole script (tools' count):
301.3K -> 285.6K a line (0.95x); CPU in 5 interleaved pairs at load average 6.5: 0.400-0.441 s (median 0.429)
-> 0.382-0.407 s (median 0.387), 0.90x. The 0.65x aimed at is not reached: on this interpreter (shared
libpython, no PGO) a bytecode costs ~65 instructions, a call ~400 and an object made through a Python __init__
~2.3K (a docker line makes a ShellContext, a Result, Args, a DockerContext and its events), and what is left is
~750 bytecodes in 14 frames of dispatch per docker line (a bare ``true`` costs 19K). Tried and dropped: keeping
Command.parse's answer per argv and direct_tokens' per line (a repeated line, build or push latest, -9K; a new
one, echo, tag or push version, +5-8K for the keeping: nothing for the script, a loss for typed lines); the list
flags' fresh lists by dict.update(zip(..., map(list, ...))) (twice the loop's cost: build's dispatch +1.7K);
splitting a quoted line at its quotes in Python instead of _DIRECT_TOKEN.findall (17.9K against 10.2K for the
echo line); bytes.translate through a mapping table (3.6K against 2.7K with deletechars), frozenset.isdisjoint
(6.6K) or a character-class search (4.2K) for the direct line's check; Result and ShellContext made by
object.__new__ and a __dict__ (3.0-4.0K against 2.3-2.7K: 3.11's inline attribute values beat a dict).
Every shortcut is held against the way it skips in tests/sim/test_throughput_dispatch_pass7.py.

Seventh pass, builds (callgrind toggled on the build lines only, PYTHONHASHSEED=0, sources byte-compiled; the
first build's imports counted): 943K -> 838K instructions a build line over the 5,000 lines (steady builds,
lines 1,005-1,505: 890K -> 819K; the first build 39.0M -> 15.4M). The builder's five dataclasses are records
(no exec() of generated methods at import) and it hashes through tutor.sim.sha256, not hashlib (whose import
builds every OpenSSL digest; OpenSSL itself still loads when the builtin budget is spent, in build line 181);
SHA-256 skips kept heads (sha256.Prefix: a hash object that hashed a constant head, copied for each digest)
for the attestation manifest (7 blocks), the index and the image manifest (2 each), the config up to "created"
(its architecture and container config, ~4 blocks) and the statement up to its first subject's digest (~3
blocks; a Prefix kept per head text); the container config's JSON is kept per value (its key holds each list
item's type: 1, 1.0 and True are equal keys), digests and paths are joined between quotes when none needs
escaping, the clock's quoted text is kept per value and its digits come from a table (f"{n:02d}" parses a
format spec each time), a plain build writes its provenance statement without building and comparing the
request dict, -t names and CMD texts are kept per text, frozen records fill their instance dict directly
(object.__setattr__ is a slot-wrapper call per field), and a quiet vertex is counted inline.
tests/sim/test_throughput_build2.py holds each against the general way. Not reached: <= 650K a build. What is
left of a steady build (~819K): SHA-256 ~225K (config 2.4 KB, manifest 1.4 KB, statement, attestation, index,
COPY key and layer: all new bytes; under callgrind OpenSSL runs without SHA-NI), the shell's dispatch ~76K,
the cycle collector ~20K (45 gen-0 and 5 gen-1 collections a script, collecting nothing; most start in a build
line; with it disabled the script's CPU moved within noise in one in-process comparison), and ~6,200 bytecodes
over ~200 Python calls spread thin (only docker's argv parser above 5%). Other kinds of line, same count
(before the statement's prefix): echo 84.0K -> 84.1K, tag 105.6K -> 105.4K, push version 182.3K -> 194.1K,
push latest 152.7K -> 157.3K (a collection costs 2-4M and lands on whichever line allocates past the
threshold, so a kind's average moves by ~10K when one moves: compare the whole script). Whole script (tools'
cgcount): 301.1K -> 281.4K a line (0.93x). CPU of bench_script(), 5 interleaved pairs (old tree, new tree) at
load average 4.6-4.8: 0.460/0.396, 0.435/0.369, 0.382/0.342, 0.420/0.386, 0.404/0.402 s (median 0.420 ->
0.386, 0.92x). Tried and dropped: making the first build skip the ``json`` import (the first push imports it
anyway: it would move, not go), a per-digest layer descriptor dict (~1K), prefix-hashing a COPY step's key
(its changed file's pair need not come last: a new head every build).

Both seventh passes merged (the lead), with the Hub images' real build history (hub.py: each official image's
config now carries its Dockerfile's steps, so every build writes and hashes a longer config) and the build-cache
record (images.hold_built_layers: chain IDs built on the kept chains of the lower layers, written top down only
where new; it first cost ~11K instructions a line, now ~1K): 302K -> 279K instructions a line over the 5,000
(callgrind, sources byte-compiled). CPU, 6 interleaved pairs against the code before the passes (80021ba), load
average 1.4: 0.31-0.39 s (median 0.314 s) vs 0.33-0.36 s (median 0.339 s); 10 more runs 0.31-0.38 s (median 0.32 s).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7


def _run_once(args: list[str], stdin: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one fresh process.

    CPU time (user + system, from the child's rusage) is what start-up costs; wall time on this
    shared 2-core machine also measures whoever else is running."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, input=stdin, text=True, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _time_pair(bare_cmd: list[str], shell_cmd: list[str]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Medians (wall, CPU) of the bare interpreter and the shell, RUNS each, interleaved: a burst of load
    from other work on the machine falls on both sides of the ratio."""
    bare, shell = [], []
    for _ in range(RUNS):
        bare.append(_run_once(bare_cmd, ""))
        shell.append(_run_once(shell_cmd, "docker images\n"))
    return ((statistics.median(w for w, _ in bare), statistics.median(c for _, c in bare)),
            (statistics.median(w for w, _ in shell), statistics.median(c for _, c in shell)))


def instructions(args: list[str], stdin: str = "") -> int | None:
    """Instructions one process executes (valgrind --tool=callgrind), or None without valgrind.

    Unlike time, the count does not move with the machine's load (a few tenths of a per cent apart
    from run to run: hash seeds, addresses)."""
    import re
    import shutil
    import tempfile

    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="bench-shell-cg-") as tmp:
        out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", *args],
                             input=stdin, text=True, capture_output=True, check=False)
    found = re.search(r"Collected : (\d+)", out.stderr)
    return int(found.group(1)) if found else None


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


# pip's console-script template (distlib ScriptMaker.script_template), for the entry point tutor.cli:main
CONSOLE_SCRIPT = """\
# -*- coding: utf-8 -*-
import re
import sys
from tutor.cli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""


def installed(root: Path, into: Path) -> tuple[str, str]:
    """(python, registry-tutor script) of a fresh venv where ``tutor`` sits in site-packages (POSIX)."""
    import sysconfig
    import venv

    venv.create(into, with_pip=False, symlinks=True)
    python = into / "bin" / "python"
    purelib = sysconfig.get_path("purelib", vars={"base": str(into), "platbase": str(into)})
    Path(purelib, "tutor").symlink_to(root / "tutor", target_is_directory=True)
    script = into / "bin" / "registry-tutor"
    script.write_text(f"#!{python}\n{CONSOLE_SCRIPT}")
    return str(python), str(script)


def _startup_line(label: str, bare_cmd: list[str], shell_cmd: list[str], count: bool) -> str:
    (bare, bare_cpu), (shell, shell_cpu) = _time_pair(bare_cmd, shell_cmd)
    line = (f"{label} (median of {RUNS}, interleaved): python -c pass {bare * 1000:.1f} ms wall, "
            f"{bare_cpu * 1000:.1f} ms CPU | registry-tutor shell (one command) {shell * 1000:.1f} ms wall, "
            f"{shell_cpu * 1000:.1f} ms CPU | ratio {shell / bare:.2f}x wall, {shell_cpu / bare_cpu:.2f}x CPU "
            f"(target <= 2x)")
    bare_ir = instructions(bare_cmd) if count else None
    shell_ir = instructions(shell_cmd, "docker images\n") if bare_ir else None
    if bare_ir and shell_ir:
        line += (f"\n  instructions (callgrind): python -c pass {bare_ir / 1e6:.1f}M | shell {shell_ir / 1e6:.1f}M"
                 f" | ratio {shell_ir / bare_ir:.2f}x")
    return line


def main() -> None:
    # Byte-compile first: an installed package has its .pyc files, and a PYTHONDONTWRITEBYTECODE
    # environment would otherwise charge the compiler to every start-up.
    import compileall
    import tempfile

    root = Path(__file__).resolve().parent.parent
    compileall.compile_dir(str(root / "tutor"), quiet=1)
    env_note = " [PYTHONDONTWRITEBYTECODE set]" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""
    count = "--no-instructions" not in sys.argv
    load = os.getloadavg()[0]
    print(f"[load average {load:.1f}]{env_note}")
    print(_startup_line("start-up, this interpreter", [sys.executable, "-c", "pass"],
                        [sys.executable, "-m", "tutor", "shell"], count))
    with tempfile.TemporaryDirectory(prefix="bench-shell-") as tmp:
        python, script = installed(root, Path(tmp) / "venv")
        print(_startup_line("start-up, as installed", [python, "-c", "pass"], [python, script, "shell"], count))
    count, seconds, failures = bench_script()
    print(f"script: {count} commands in {seconds:.3f} s CPU ({seconds / count * 1e6:.0f} us/command), "
          f"{failures} failed (target < 0.5 s)")


if __name__ == "__main__":
    main()
