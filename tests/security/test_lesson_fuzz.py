"""Issue 16, tracebacks on hostile lesson files: mutated lessons give `file:line: message`, never a traceback.

The audit mutated the shipped lessons 20,000 times and 8.4% crashed the loader: PyYAML's reader was built
outside the error handler and refused control characters with an exception nobody caught; a hex number of
3,600 digits got past the decimal-only cap. The mutations here are seeded (the same every run) and bounded.
"""

from __future__ import annotations

import random
import re

import pytest

from tests.security.cli_run import LESSONS, tutor
from tutor.lessons.loader import load_lesson_file, load_lesson_text
from tutor.lessons.model import LessonError

SHIPPED = sorted(LESSONS.glob("*.yaml"))
# Pieces that broke (or could break) a YAML reader or the builder behind it.
SPICE = [
    "\x1b", "\x00", "\x07", "\x0c", "\r", "\x85", "\x9b", "\x7f", "\ufffe", "\ud800", "\ufeff", "\t", "\n",
    ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object/apply:os.system ['id']", "!!binary ",
    "0x" + "f" * 3600, "0o" + "7" * 3000, "9" * 5000, "-" + "1" * 40, "1e99999", ".inf", ".nan",
    '"\\e[2J"', '"\\x9b"', '"\\u001b]52;c;eA==\\a"', "'", '"', "---\n", "...\n", "? ", "|", ">", "%YAML 1.1\n",
    "~", "<<: *a", "#", "\\",
]


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(chars) + 1)
        roll = rng.random()
        if roll < 0.45:
            chars[at:at] = rng.choice(SPICE)
        elif roll < 0.6:
            del chars[at : at + rng.randint(1, 20)]
        elif roll < 0.8:
            chars[at:at] = chr(rng.randrange(0, 0x110000))
        else:
            start = rng.randrange(len(chars) + 1)
            chars[at:at] = chars[start : start + rng.randint(1, 60)]
    return "".join(chars)


def mutants(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in SHIPPED]
    return [mutate(rng.choice(texts), rng) for _ in range(count)]


def test_the_mutations_reach_the_cases_that_used_to_crash():
    # Guard against a fuzz test that quietly stopped fuzzing: raw controls and long numbers are in the mix.
    sample = mutants(16, 400)
    assert sum(any(c in m for c in "\x1b\x00\x07\x9b") for m in sample) > 20
    assert any("f" * 3600 in m for m in sample)


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_lessons_load_or_fail_with_file_line_problems(seed):
    for n, text in enumerate(mutants(seed, 500)):
        try:
            load_lesson_text(text, f"mutant-{n}.yaml")
        except LessonError as exc:
            assert exc.problems, n
            for problem in exc.problems:
                assert problem.file == f"mutant-{n}.yaml" and problem.line >= 0 and problem.message, problem


def test_mutated_lesson_bytes_from_disk_never_crash(tmp_path):
    rng = random.Random(3)
    originals = [path.read_bytes() for path in SHIPPED]
    for n in range(300):
        data = bytearray(rng.choice(originals))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data) + 1)
            data[at:at] = bytes([rng.randrange(256)]) * rng.randint(1, 3)  # invalid UTF-8 and raw controls
        path = tmp_path / f"m{n}.yaml"
        path.write_bytes(bytes(data))
        try:
            load_lesson_file(path)
        except LessonError as exc:
            assert all(p.file == str(path) and p.line >= 1 for p in exc.problems)


def test_each_old_crash_is_now_a_line_numbered_problem():
    base = SHIPPED[0].read_text(encoding="utf-8")
    lines = base.splitlines(keepends=True)
    cases = {
        "raw ESC": (lines[0] + "note: a\x1b[2Jb\n", 2, "control character U+001B (\\x1b)"),
        "raw C1": (lines[0] + "note: \x9b\n", 2, "control character U+009B (\\x9b)"),
        "lone CR": (lines[0] + "note: a\rb\n", 2, "a carriage return without a newline"),
        "hex": (lines[0] + "par: 0x" + "f" * 3600 + "\n", 2, "number too long (3602 characters; at most 40)"),
        "octal": (lines[0] + "par: 0o" + "7" * 50 + "\n", 2, "number too long"),
        "64 bits": (lines[0] + "par: 0xffffffffffffffffff\n", 2, "number too large (whole numbers fit in 64 bits)"),
        "escape": (lines[0] + 'note: "\\e]52;c;eA==\\a"\n', 2, "control character U+001B (\\x1b) in the text"),
        # not a control character, but PyYAML's reader refuses it as it is built (once outside the handler)
        "surrogate": (lines[0] + "note: \ud800\n", 2, "the file contains a character YAML does not allow"),
    }
    for name, (text, line, words) in cases.items():
        with pytest.raises(LessonError) as caught:
            load_lesson_text(text, "x.yaml")
        first = caught.value.problems[0]
        assert (first.line, words in first.message) == (line, True), (name, str(first))


PROBLEM_LINE = re.compile(r"^.+\.yaml:\d+: \S.*$")


def test_validate_on_mutated_lessons_prints_only_file_line_problems(tmp_path):
    """Through `python -m tutor validate`, as an author would run it (one process, 40 mutants)."""
    folder = tmp_path / "mutants"
    folder.mkdir()
    for n, text in enumerate(mutants(4, 40)):
        # lone surrogates cannot be written as UTF-8: write them as the broken bytes a stranger's file has
        (folder / f"{n:02}.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    proc = tutor("validate", *sorted(str(p) for p in folder.iterdir()), data=tmp_path / "data", timeout=600)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) >= 30
    assert [line for line in lines if not PROBLEM_LINE.match(line)] == []
    assert re.fullmatch(r"\d+ problems? found\.\n", proc.stderr)
