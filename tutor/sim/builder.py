"""A simulated BuildKit: Dockerfile parsing, layering, the build cache and the plain progress output.

Pure: no I/O, no clock of its own. The caller (``docker build`` in ``shell/docker/images.py``)
hands in the Dockerfile text, the context files, the store's build cache and a function that
finds base images; this module returns the image and the lines BuildKit's plain progress printer
(``moby/buildkit util/progress/progressui/printer.go``) would have written.

How content addressing works here:

* every layer-making step (``WORKDIR``, ``COPY``, ``ADD``, ``RUN``) has a cache key chained from
  the base image's digest and the step's inputs (the instruction, the hashes of the files it
  copies, the environment a ``RUN`` sees);
* the first build that runs a step stores the step's time under its key; later builds with the
  same key show ``CACHED`` and reuse that time, so an unchanged rebuild produces byte-identical
  config and image manifest (the classic store's image ID stays the same; on the current profile
  the caller wraps it in a new attested index, a new image ID around the same image manifest),
  while any edited file, build argument or instruction changes a key and gives a new image;
* ``--no-cache`` runs every step again: new times, new config, new image ID (as BuildKit does).

Simplifications the help states: ``RUN`` is not executed (only its text matters), layers carry no
real bytes, every image is linux/amd64.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import field

from tutor.sim import reference
from tutor.sim import sha256 as _sha256  # not hashlib: its module builds every OpenSSL digest at import
from tutor.sim.content import (
    Image,
    Layer,
    canonical,
    canonical_text,
    image_config_bytes,
    image_from_config,
    quote,
    quoted_time,
)
from tutor.sim.errors import InvalidReference, SimError
from tutor.sim.globmatch import compile_glob, glob_regex
from tutor.sim.history_words import (  # noqa: F401 (HISTORY_COMMENT and go_quote_list re-exported)
    HISTORY_COMMENT,
    copy_created_by,
    exec_created_by,
    expose_created_by,
    go_quote_list,
    pairs_created_by,
    run_created_by,
    volume_created_by,
)
from tutor.sim.lazy import LazyPattern
from tutor.sim.records import record

DEFAULT_SHELL = ["/bin/sh", "-c"]
PLATFORM_ARGS = {
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
}
INSTRUCTIONS = (
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
)
# Instructions BuildKit counts in "[i/n]" (the ones that become build steps).
STEP_KINDS = {"RUN", "COPY", "ADD", "WORKDIR"}
# Flags each instruction accepts (frontend/dockerfile/instructions/parse.go); values are not simulated.
KNOWN_FLAGS = {
    "FROM": {"platform"},
    "COPY": {"from", "chown", "chmod", "link", "parents", "exclude"},
    "ADD": {"chown", "chmod", "link", "keep-git-dir", "checksum", "exclude", "unpack"},
    "RUN": {"mount", "network", "security", "device"},
    "HEALTHCHECK": {"interval", "timeout", "start-period", "start-interval", "retries"},
}
WORKDIR_LAYER_SIZE = 93  # a gzipped tar holding one empty directory


class BuildFailed(SimError):
    """A build that stopped, with what was printed before the final ``ERROR:`` line.

    ``message`` is BuildKit's error chain without buildx's ``ERROR: failed to build: `` prefix
    (``failed to solve: ...``); the command layer adds it. ``progress`` is the plain progress
    output (with the failed step's ``------`` summary), ``snippet`` the Dockerfile excerpt buildx
    prints from the error's source location (shown even with ``--quiet``).
    """

    def __init__(
        self, message: str, progress: list[str] | None = None, snippet: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.progress = list(progress or [])
        self.snippet = list(snippet or [])

    @property
    def lines(self) -> list[str]:
        return self.progress + self.snippet


class BaseNotFound(Exception):
    """Raised by the base resolver: ``detail`` is what containerd's resolver reports."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class DockerfileError(Exception):
    """A Dockerfile the frontend rejects, with the lines it points at (for the source snippet)."""

    def __init__(self, message: str, start: int = 0, end: int = 0, parse_error: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end or start
        self.parse_error = parse_error  # wrapped as "dockerfile parse error on line N: ..."

    def text(self) -> str:
        if self.parse_error and self.start:
            return f"dockerfile parse error on line {self.start}: {self.message}"
        return self.message


# --------------------------------------------------------------------------- small helpers


def _sha(data: object) -> str:
    return _sha256.hexdigest(canonical(data))


def _sha_text(text: str) -> str:
    return _sha256.hexdigest(text.encode())


def _pairs_json(pairs: list[tuple[str, str]]) -> str:
    """canonical() of a list of (path, digest) pairs without its brackets: written between quotes when no text
    needs escaping (paths and digests seldom do), each quoted otherwise."""
    flat = "".join([a + b for a, b in pairs])
    if '"' not in flat and "\\" not in flat and flat.isprintable():
        return ",".join([f'["{a}","{b}"]' for a, b in pairs])
    return ",".join([f"[{quote(a)},{quote(b)}]" for a, b in pairs])


def copy_key_json(key: str, keyword: str, pairs: str, flags: dict[str, str], dest: str) -> str:
    """canonical_text([key, [keyword, hashed, flags, dest]]) (what _sha hashes for a COPY step), ``pairs``
    being _pairs_json(hashed)."""
    flags_text = canonical_text(flags) if flags else "{}"
    return f"[{quote(key)},[{quote(keyword)},[{pairs}],{flags_text},{quote(dest)}]]"


def copy_layer_json(pairs: str) -> bytes:
    """canonical({"copy": hashed}) (a COPY layer's description), ``pairs`` being _pairs_json(hashed)."""
    return f'{{"copy":[{pairs}]}}'.encode()


@functools.lru_cache(maxsize=256)
def text_digest(text: str) -> str:
    """A file's digest, kept per text: a build hashes every context file, and most are unchanged."""
    return "sha256:" + _sha256.hexdigest(text.encode("utf-8", "surrogatepass"))


def go_quote(s: str) -> str:
    """Go's %q for a string (strconv.Quote) - close enough for Dockerfile text."""
    if type(s) is str:
        return json.encoder.encode_basestring(s)  # what json.dumps(s, ensure_ascii=False) returns for a str
    return json.dumps(s, ensure_ascii=False)


@functools.lru_cache(maxsize=256)
def _exec_text(keyword: str, args: tuple[str, ...]) -> str:
    """A CMD or ENTRYPOINT history entry's text (``CMD ["python" "app.py"]``), kept: the same every build."""
    return exec_created_by(keyword, list(args))


def progress_bytes(n: int) -> str:
    """tonistiigi/units Bytes with %.2f, as BuildKit's plain printer shows transfer sizes."""
    if n < 1000:
        return f"{n}B"
    value = float(n)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000:
            return f"{value:.2f}{unit}"
    return f"{value:.2f}TB"


def seconds(value: float) -> str:
    return f"{value:.1f}s"


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _suggest(word: str) -> str:
    """BuildKit's suggest.WrapError: `` (did you mean copy?)`` for a near miss (distance < 3, chosen)."""
    best, dist = "", 3
    for option in INSTRUCTIONS:
        d = _levenshtein(word, option)
        if d < dist:
            best, dist = option, d
    return f" (did you mean {best}?)" if best else ""


# --------------------------------------------------------------------------- shell words


_NAME_RE = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*")  # only a $ in a word needs it


def _expand_var(word: str, i: int, env: Mapping[str, str]) -> tuple[str, int]:
    """Expand the ``$...`` at word[i]; returns (text, next index)."""
    if i + 1 < len(word) and word[i + 1] == "{":
        close = word.find("}", i + 2)
        if close < 0:
            return word[i:], len(word)
        body = word[i + 2 : close]
        m = _NAME_RE.match(body)
        if not m:
            return "", close + 1
        name, rest = m.group(0), body[m.end() :]
        value = env.get(name)
        for op in (":-", ":+", "-", "+"):
            if rest.startswith(op):
                alt = process_word(rest[len(op) :], env)
                if op == ":-":
                    return (value if value else alt), close + 1
                if op == "-":
                    return (value if value is not None else alt), close + 1
                if op == ":+":
                    return (alt if value else ""), close + 1
                return (alt if value is not None else ""), close + 1
        return (value or ""), close + 1
    m = _NAME_RE.match(word, i + 1)
    if not m:
        return "$", i + 1
    return env.get(m.group(0)) or "", m.end()


def process_word(word: str, env: Mapping[str, str]) -> str:
    """BuildKit's shell lexer ProcessWord: quotes removed, ``$VAR``/``${VAR:-x}`` expanded."""
    if "'" not in word and '"' not in word and "\\" not in word and "$" not in word:
        return word  # nothing to remove or expand (the loop below would copy it character by character)
    out: list[str] = []
    i = 0
    while i < len(word):
        c = word[i]
        if c == "'":
            j = word.find("'", i + 1)
            j = len(word) if j < 0 else j
            out.append(word[i + 1 : j])
            i = j + 1
        elif c == '"':
            i += 1
            while i < len(word) and word[i] != '"':
                if word[i] == "\\" and i + 1 < len(word) and word[i + 1] in '"\\$':
                    out.append(word[i + 1])
                    i += 2
                elif word[i] == "$":
                    text, i = _expand_var(word, i, env)
                    out.append(text)
                else:
                    out.append(word[i])
                    i += 1
            i += 1
        elif c == "\\" and i + 1 < len(word):
            out.append(word[i + 1])
            i += 2
        elif c == "$":
            text, i = _expand_var(word, i, env)
            out.append(text)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_words(text: str) -> list[str]:
    """Split on white space outside quotes, keeping quotes and escapes for process_word."""
    if "'" not in text and '"' not in text and "\\" not in text:
        return text.split()  # nothing quoted: str.split's white space is str.isspace's, as below
    words: list[str] = []
    cur: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if c == "\\" and quote == '"' and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
            cur.append(c)
        elif c == "\\" and i + 1 < len(text):
            cur.append(c + text[i + 1])
            i += 1
        elif c.isspace():
            if cur:
                words.append("".join(cur))
                cur = []
        else:
            cur.append(c)
        i += 1
    if cur:
        words.append("".join(cur))
    return words


# --------------------------------------------------------------------------- parsing


def _healthcheck_test(args: str) -> list[str]:
    """buildkit frontend/dockerfile/instructions/parse.go parseHealthcheck: NONE, CMD ["exec", "form"]
    (Test ["CMD", ...]) or CMD shell form (Test ["CMD-SHELL", "the command"])."""
    kind, _, command = args.strip().partition(" ")
    if kind.upper() == "NONE":
        return ["NONE"]
    command = command.strip()
    if command.startswith("["):
        try:
            words = json.loads(command)
        except ValueError:
            words = None
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            return ["CMD", *words]
    return ["CMD-SHELL", command]


@record
class Instruction:
    """One Dockerfile instruction, as parsed (keyword, arguments, line span)."""

    keyword: str  # upper case: "COPY"
    typed: str  # as written: "copy"
    args: str  # the text after the keyword and its flags
    start: int  # 1-based line numbers
    end: int
    original: str  # the whole instruction, continuation lines joined
    flags: dict[str, str] = field(default_factory=dict)
    json_args: list[str] | None = None  # exec (JSON) form

    def __init__(self, keyword: str, typed: str, args: str, start: int, end: int, original: str,
                 flags: dict[str, str] | None = None, json_args: list[str] | None = None) -> None:
        self.keyword = keyword
        self.typed = typed
        self.args = args
        self.start = start
        self.end = end
        self.original = original
        self.flags = {} if flags is None else flags
        self.json_args = json_args


def _split_flags(keyword: str, rest: str, line: int) -> tuple[dict[str, str], str]:
    flags: dict[str, str] = {}
    while rest.startswith("--"):
        word, _, remainder = rest.partition(" ")
        name, eq, value = word[2:].partition("=")
        if keyword in KNOWN_FLAGS and name not in KNOWN_FLAGS[keyword]:
            raise DockerfileError(f"unknown flag: {name}", line)
        if keyword not in KNOWN_FLAGS:
            raise DockerfileError(f"unknown flag: {name}", line)
        flags[name] = value if eq else "true"
        rest = remainder.lstrip()
    return flags, rest


def _json_form(rest: str) -> list[str] | None:
    if not rest.startswith("["):
        return None
    try:
        value = json.loads(rest)
    except (ValueError, RecursionError):  # "[[[[…": not a JSON array of strings, so shell form, as BuildKit
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def parse_dockerfile(text: str) -> list[Instruction]:
    """The Dockerfile's instructions; raises DockerfileError as BuildKit's parser words it."""
    if text == "":
        raise DockerfileError("the Dockerfile cannot be empty", parse_error=False)
    lines = text.split("\n")
    out: list[Instruction] = []
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        if not raw.strip() or raw.lstrip().startswith("#"):
            i += 1
            continue
        start = i + 1
        parts: list[str] = []
        cur = raw.lstrip()
        while True:
            stripped = cur.rstrip()
            if stripped.endswith("\\"):
                parts.append(stripped[:-1])
                i += 1
                while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
                    i += 1
                if i >= len(lines):
                    break
                cur = lines[i].rstrip("\r")
                continue
            parts.append(stripped)
            break
        end = min(i + 1, len(lines))
        i += 1
        joined = "".join(parts)
        typed, _, rest = joined.partition(" ")
        if "\t" in typed:
            typed, _, more = typed.partition("\t")
            rest = more + " " + rest
        rest = rest.strip()
        keyword = typed.upper()
        if typed.lower() not in INSTRUCTIONS:
            raise DockerfileError(
                f"unknown instruction: {typed.lower()}{_suggest(typed.lower())}", start, end
            )
        flags: dict[str, str] = {}
        if keyword in ("FROM", "COPY", "ADD", "RUN", "HEALTHCHECK"):
            flags, rest = _split_flags(keyword, rest, start)
        json_args = (
            _json_form(rest)
            if keyword in ("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME")
            else None
        )
        out.append(Instruction(keyword, typed, rest, start, end, joined, flags, json_args))
    if not out:
        raise DockerfileError("file with no instructions", parse_error=False)
    return out


# --------------------------------------------------------------------------- stages


@record
class StageSpec:
    """One build stage: its FROM and the instructions after it."""

    index: int
    name: str  # lower case; "" for an unnamed stage
    base_typed: str  # FROM's argument as written
    base: str  # after meta-arg expansion
    from_instr: Instruction
    commands: list[Instruction]

    def __init__(self, index: int, name: str, base_typed: str, base: str, from_instr: Instruction,
                 commands: list[Instruction]) -> None:
        self.index = index
        self.name = name
        self.base_typed = base_typed
        self.base = base
        self.from_instr = from_instr
        self.commands = commands

    @property
    def label(self) -> str:
        return self.name or f"stage-{self.index}"


def _stages(instructions: list[Instruction]) -> tuple[list[Instruction], list[StageSpec]]:
    meta: list[Instruction] = []
    stages: list[StageSpec] = []
    for ins in instructions:
        _check_arity(ins)
        if ins.keyword == "FROM":
            words = split_words(ins.args)
            name = ""
            if len(words) == 3 and words[1].lower() == "as":
                name = words[2].lower()
                if not re.fullmatch(r"[a-z][a-z0-9\-_\.]*", name):
                    raise DockerfileError(
                        f"invalid name for build stage: {go_quote(words[2])}, "
                        "name can't start with a number or contain symbols",
                        ins.start,
                        ins.end,
                    )
            elif len(words) != 1:
                raise DockerfileError("FROM requires either one or three arguments", ins.start, ins.end)
            stages.append(StageSpec(len(stages), name, words[0], words[0], ins, []))
        elif not stages:
            if ins.keyword != "ARG":
                raise DockerfileError(
                    "no build stage in current context", ins.start, ins.end, parse_error=False
                )
            meta.append(ins)
        else:
            stages[-1].commands.append(ins)
    return meta, stages


def _arg_pairs(ins: Instruction) -> list[tuple[str, str | None]]:
    words = split_words(ins.args)
    if not words:
        raise DockerfileError("ARG requires at least one argument", ins.start, ins.end)
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        key, eq, value = word.partition("=")
        if not key:
            raise DockerfileError("ARG names can not be blank", ins.start, ins.end)
        pairs.append((key, value if eq else None))
    return pairs


def _name_vals(ins: Instruction) -> tuple[list[tuple[str, str]], bool]:
    """ENV/LABEL pairs (raw, unexpanded) and whether the legacy ``KEY value`` form was used."""
    words = split_words(ins.args)
    if not words:
        raise DockerfileError(f"{ins.keyword} requires at least one argument", ins.start, ins.end)
    if "=" not in words[0]:
        if ins.keyword == "LABEL" or len(words) < 2:
            if ins.keyword == "ENV" and len(words) < 2:
                raise DockerfileError("ENV must have two arguments", ins.start, ins.end)
            raise DockerfileError(
                f"Syntax error - can't find = in {go_quote(words[0])}. Must be of the form: name=value",
                ins.start,
                ins.end,
            )
        key = words[0]
        value = ins.args[len(key) :].strip()
        return [(key, value)], True
    pairs = []
    for word in words:
        key, eq, value = word.partition("=")
        if not eq:
            raise DockerfileError(
                f"Syntax error - can't find = in {go_quote(word)}. Must be of the form: name=value",
                ins.start,
                ins.end,
            )
        if not key:
            raise DockerfileError(f"{ins.keyword} names can not be blank", ins.start, ins.end)
        pairs.append((key, value))
    return pairs, False


def _check_arity(ins: Instruction) -> None:
    kw = ins.keyword
    words = ins.json_args if ins.json_args is not None else split_words(ins.args)
    if kw in ("WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER") and len(words) != 1:
        raise DockerfileError(f"{kw} requires exactly one argument", ins.start, ins.end)
    if kw in ("EXPOSE", "VOLUME", "ONBUILD", "HEALTHCHECK") and not words:
        raise DockerfileError(f"{kw} requires at least one argument", ins.start, ins.end)
    if kw in ("COPY", "ADD") and len(words) < 2:
        raise DockerfileError(
            f"{kw} requires at least two arguments, but only one was provided. Destination could not be determined.",
            ins.start,
            ins.end,
        )
    if kw == "SHELL" and ins.json_args is None:
        raise DockerfileError("SHELL requires the arguments to be in JSON form", ins.start, ins.end)
    if kw in ("ENV", "LABEL"):
        _name_vals(ins)
    if kw == "ARG":
        _arg_pairs(ins)


# --------------------------------------------------------------------------- context files


def _dockerignore_patterns(files: Mapping[str, str]) -> list[tuple[bool, str]]:
    patterns = []
    for line in files.get(".dockerignore", "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = posixpath.normpath(line.lstrip("!").strip().lstrip("/"))
        patterns.append((negate, pattern))
    return patterns


@functools.lru_cache(maxsize=256)
def _ignore_regex(pattern: str) -> re.Pattern[str]:
    """Compiled once per pattern, in linear time (fnmatch.translate is quadratic on unclosed `[`)."""
    return re.compile(glob_regex(pattern, star="[^/]*"))


def _ignored(path: str, patterns: list[tuple[bool, str]]) -> bool:
    ignored = False
    for negate, pattern in patterns:
        regex = _ignore_regex(pattern)
        parts = path.split("/")
        prefixes = ["/".join(parts[: k + 1]) for k in range(len(parts))]
        if any(regex.fullmatch(p) for p in prefixes):
            ignored = not negate
    return ignored


def context_view(files: list[tuple[str, str]]) -> dict[str, str]:
    """The context BuildKit sees: every file, minus what .dockerignore excludes."""
    all_files = dict(files)
    patterns = _dockerignore_patterns(all_files)
    if not patterns:  # no .dockerignore (or only comments): nothing is ignored
        return all_files
    return {path: text for path, text in all_files.items() if not _ignored(path, patterns)}


# --------------------------------------------------------------------------- progress output


class Progress:
    """BuildKit's plain printer: ``#N name``, its status lines, ``#N DONE 0.0s``; a blank line between."""

    def __init__(self, quiet: bool = False) -> None:
        self.lines: list[str] = ['#0 building with "default" instance using docker driver']
        self.count = 0
        self.quiet = quiet  # nobody will read the lines (docker build -q): only count the vertices

    def vertex(self, name: str, statuses: list[str] | tuple[str, ...] = (), end: str = "DONE 0.0s") -> int:
        self.count += 1
        n = self.count
        if self.quiet:
            return n
        self.lines.append("")
        self.lines.append(f"#{n} {name}")
        self.lines += [f"#{n} {s}" for s in statuses]
        if end:
            self.lines.append(f"#{n} {end}")
        return n


def source_snippet(filename: str, text: str, start: int, end: int) -> list[str]:
    """buildkit solver/errdefs/source.go Source.Print: the lines around the failing instruction."""
    lines = text.split("\n")
    if start < 1 or start > len(lines):
        return []
    end = min(max(end, start), len(lines))
    first, last = start, end
    pad = 4 if first == last else 2
    p = 0
    while p < pad:
        if first > 1:
            first -= 1
            p += 1
        if last != len(lines):
            last += 1
            p += 1
        p += 1
    out = [f"{filename}:{start}", "--------------------"]
    for i in range(first, last + 1):
        marker = ">>>" if start <= i <= end else "   "
        out.append(f" {i:3d} | {marker} {lines[i - 1]}")
    out.append("--------------------")
    return out


def failed_vertex_block(name: str) -> list[str]:
    """The printer's summary of a failed step (its last log lines; ours have none)."""
    return ["------", f" > {name}:", "------"]


def warning_lines(warnings: list[str]) -> list[str]:
    """buildx printWarnings: a blank line, the count, one `` - `` line each."""
    if not warnings:
        return []
    count = "1 warning found" if len(warnings) == 1 else f"{len(warnings)} warnings found"
    return ["", f" {count} (use docker --debug to expand):", *[f" - {w}" for w in warnings]]


def export_lines(vertex: int, image: Image, names: list[str], classic: bool, new_layers: bool) -> list[str]:
    """The ``exporting to image`` vertex: moby's exporter (classic) or containerd's image exporter."""
    n = f"#{vertex}"
    lines = ["", f"{n} exporting to image", f"{n} exporting layers {'0.1s ' if new_layers else ''}done"]
    if classic:
        lines.append(f"{n} writing image {image.config_digest} done")
        lines += [f"{n} naming to {name} done" for name in names]
    else:
        # buildkit exporter/containerimage/writer.go Commit: the image manifest and config, then (attested)
        # the attestation manifest and the index ("manifest list"); export.go names and unpacks it
        lines.append(f"{n} exporting manifest {image.platform_digest} done")
        lines.append(f"{n} exporting config {image.config_digest} done")
        if image.attestation is not None:
            lines.append(f"{n} exporting attestation manifest {image.attestation.attestation_manifest.digest} done")
            lines.append(f"{n} exporting manifest list {image.manifest_digest} done")
        for name in names:
            lines.append(f"{n} naming to {name} done")
            lines.append(f"{n} unpacking to {name} done")
    lines.append(f"{n} DONE {'0.1s' if new_layers else '0.0s'}")
    return lines


# --------------------------------------------------------------------------- building


@record
class BuildInput:
    """What a build reads: the Dockerfile, the context files, build args and cache."""

    dockerfile: str | None  # None: the file does not exist
    dockerfile_name: str  # as BuildKit names it: "Dockerfile", "Dockerfile.dev"
    context: list[tuple[str, str]]  # every file in the context folder (relative path, text)
    build_args: dict[str, str]
    clock: int
    cache: dict[str, str]  # the image store's build_cache; updated in place
    classic: bool = False
    no_cache: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    target: str = ""
    quiet: bool = False  # the progress lines will not be shown (-q): they need not be written

    def __init__(self, dockerfile: str | None, dockerfile_name: str, context: list[tuple[str, str]],
                 build_args: dict[str, str], clock: int, cache: dict[str, str], classic: bool = False,
                 no_cache: bool = False, labels: dict[str, str] | None = None, target: str = "",
                 quiet: bool = False) -> None:
        self.dockerfile = dockerfile
        self.dockerfile_name = dockerfile_name
        self.context = context
        self.build_args = build_args
        self.clock = clock
        self.cache = cache
        self.classic = classic
        self.no_cache = no_cache
        self.labels = {} if labels is None else labels
        self.target = target
        self.quiet = quiet


@record
class BuildOutput:
    """What a build made: the image, its progress lines and warnings."""

    image: Image
    lines: list[str]  # progress up to (not including) the export vertex
    next_vertex: int
    executed: int  # steps that ran (0: everything came from the build cache)
    warnings: list[str]

    def __init__(self, image: Image, lines: list[str], next_vertex: int, executed: int, warnings: list[str]) -> None:
        self.image = image
        self.lines = lines
        self.next_vertex = next_vertex
        self.executed = executed
        self.warnings = warnings


@record
class _State:
    """One stage while it is being built."""

    config: dict
    layers: list[Layer]
    history: list[str]  # each entry's canonical JSON text (content.image_config_bytes joins them)
    files: dict[str, str]
    key: str
    last_time: int  # when the newest layer of this stage was made
    args: dict[str, str] = field(default_factory=dict)  # ARGs declared in this stage
    cmd_set: bool = False

    def __init__(self, config: dict, layers: list[Layer], history: list[str], files: dict[str, str], key: str,
                 last_time: int, args: dict[str, str] | None = None, cmd_set: bool = False) -> None:
        self.config = config
        self.layers = layers
        self.history = history
        self.files = files
        self.key = key
        self.last_time = last_time
        self.args = {} if args is None else args
        self.cmd_set = cmd_set

    @property
    def env(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for item in self.config.get("Env") or []:
            k, _, v = item.partition("=")
            out[k] = v
        return out

    def lookup(self) -> dict[str, str]:
        """Variables a Dockerfile word can use: declared ARGs, overridden by ENV."""
        return {**self.args, **self.env}

    def set_env(self, key: str, value: str) -> None:
        env = [e for e in self.config.get("Env") or [] if e.partition("=")[0] != key]
        env.append(f"{key}={value}")
        self.config["Env"] = env


def _commit(state: _State, text: str, when: int, layer: bool) -> None:
    # _history_entry(text, iso_time(when), layer), the time's quoted text kept per clock value
    state.history.append(
        f'{{"comment":{_Q_HISTORY_COMMENT},"created":{quoted_time(when)},"created_by":{quote(text)}'
        f'{"}" if layer else _EMPTY_LAYER_TAIL}'
    )


def history_entry(created_by: str, created: str, layer: bool) -> dict:
    """A history entry of the image config (the general form of _history_entry's text)."""
    entry = {"created": created, "created_by": created_by, "comment": HISTORY_COMMENT}
    if not layer:
        entry["empty_layer"] = True
    return entry


def _history_entry(created_by: str, created: str, layer: bool) -> str:
    """canonical(history_entry(...)) as text, written out: keys in sorted order (comment, created,
    created_by, empty_layer), the two strings quoted as canonical() quotes them."""
    return (
        f'{{"comment":{_Q_HISTORY_COMMENT},"created":{quote(created)},"created_by":{quote(created_by)}'
        f'{"}" if layer else _EMPTY_LAYER_TAIL}'
    )


_Q_HISTORY_COMMENT = json.dumps(HISTORY_COMMENT)
_EMPTY_LAYER_TAIL = ',"empty_layer":true}'


class _Builder:
    def __init__(self, inp: BuildInput, resolve: Callable[[reference.Reference], Image]) -> None:
        self.inp = inp
        self.resolve = resolve
        self.progress = Progress(inp.quiet)
        self.executed = 0
        self.warnings: list[str] = []
        self.context = context_view(inp.context)
        self.bases: dict[str, tuple[reference.Reference, Image]] = {}  # typed base -> resolved
        self.states: dict[int, _State] = {}
        self.context_loaded = False
        self.text = inp.dockerfile or ""

    # --- errors -------------------------------------------------------------

    def fail(self, message: str, at: Instruction | None = None, vertex_name: str = "") -> BuildFailed:
        progress = list(self.progress.lines)
        if vertex_name:
            progress += failed_vertex_block(vertex_name)
        snippet = (
            source_snippet(self.inp.dockerfile_name, self.text, at.start, at.end) if at is not None else []
        )
        return BuildFailed(message, progress, snippet)

    # --- the build ----------------------------------------------------------

    def run(self) -> BuildOutput:
        inp = self.inp
        # (-q: a vertex only counts, so the wording below is not made)
        if self.progress.quiet:
            self.progress.count += 1  # (what vertex() does when quiet)
        else:
            size = len(self.text.encode()) if inp.dockerfile is not None else 2
            self.progress.vertex(
                f"[internal] load build definition from {inp.dockerfile_name}",
                [f"transferring dockerfile: {progress_bytes(size)} done"],
            )
        if inp.dockerfile is None:
            raise BuildFailed(
                f"failed to solve: failed to read dockerfile: open {inp.dockerfile_name}: no such file or directory",
                self.progress.lines,
            )
        try:
            warnings = _parsed(self.text)[2]
        except DockerfileError as exc:
            snippet = source_snippet(inp.dockerfile_name, self.text, exc.start, exc.end) if exc.start else []
            raise BuildFailed(f"failed to solve: {exc.text()}", self.progress.lines, snippet) from None
        self.warnings.extend(warnings)
        plan = _plan(self.text, tuple(inp.build_args.items()), inp.target)
        if plan.blank is not None:
            raise self.fail(f"failed to solve: base name ({plan.blank.base_typed}) should not be blank", plan.blank.from_instr)
        if plan.target is None:
            raise self.fail(f"failed to solve: target stage {go_quote(inp.target)} could not be found")
        stages, target, needed, meta_env = plan.stages, plan.target, plan.needed, plan.meta_env
        self._load_metadata(plan.refs)
        if self.progress.quiet:
            self.progress.count += 1  # (what vertex() does when quiet)
        else:
            ignore_size = len(self.context.get(".dockerignore", "").encode()) or 2
            self.progress.vertex(
                "[internal] load .dockerignore", [f"transferring context: {progress_bytes(ignore_size)} done"]
            )
        programs = plan.programs
        for st in stages:
            if st.index in needed:
                self.states[st.index] = self._build_stage(st, stages, programs[st.index], meta_env)
        final = self.states[target.index]
        image = self._image(final)
        return BuildOutput(image, self.progress.lines, self.progress.count + 1, self.executed, self.warnings)

    @staticmethod
    def _stage_by_ref(
        stages: list[StageSpec], ref: str, before: int, index_ok: bool = True
    ) -> StageSpec | None:
        if ref.isdigit() and index_ok:
            i = int(ref)
            return stages[i] if i < before else None
        for st in stages[:before]:
            if st.name and st.name == ref.lower():
                return st
        return None

    @staticmethod
    def _reachable(stages: list[StageSpec], target: StageSpec) -> set[int]:
        needed: set[int] = set()
        todo = [target]
        while todo:
            st = todo.pop()
            if st.index in needed:
                continue
            needed.add(st.index)
            base_stage = _Builder._stage_by_ref(stages, st.base, st.index, index_ok=False)
            if base_stage is not None:
                todo.append(base_stage)
            for ins in st.commands:
                src = ins.flags.get("from") if ins.keyword == "COPY" else None
                if src:
                    dep = _Builder._stage_by_ref(stages, src, st.index)
                    if dep is not None:
                        todo.append(dep)
        return needed

    # --- base images --------------------------------------------------------

    @staticmethod
    def _external_refs(stages: list[StageSpec], needed: set[int]) -> list[tuple[str, Instruction]]:
        refs: list[tuple[str, Instruction]] = []
        for st in stages:
            if st.index not in needed:
                continue
            if st.base.lower() != "scratch" and _Builder._stage_by_ref(stages, st.base, st.index, False) is None:
                refs.append((st.base, st.from_instr))
            for ins in st.commands:
                src = ins.flags.get("from") if ins.keyword == "COPY" else None
                if src and _Builder._stage_by_ref(stages, src, st.index) is None:
                    refs.append((src, ins))
        return refs

    def _load_metadata(self, refs: tuple[_BaseRef, ...]) -> None:
        """Resolve each base the needed stages name (the plan parsed them), in the order BuildKit loads them."""
        for typed, ins, ref, name in refs:
            if ref is None:
                raise self.fail(name, ins)  # (the parse error, worded by the plan)
            try:
                image = self.resolve(ref)
            except BaseNotFound as exc:
                self.progress.vertex(name, [], f"ERROR: {exc.detail}")
                raise self.fail(
                    f"failed to solve: {typed}: failed to resolve source metadata for {ref}: {exc.detail}",
                    ins,
                    name,
                ) from None
            self.progress.vertex(name, [], "DONE 0.4s")
            self.bases[typed] = (ref, image)

    def _base_state(self, st: StageSpec, stages: list[StageSpec], prefix: str, total: int) -> _State:
        parent = self._stage_by_ref(stages, st.base, st.index, index_ok=False)
        if parent is not None:
            src = self.states[parent.index]
            return _State(
                config=json.loads(json.dumps(src.config)),
                layers=list(src.layers),
                history=list(src.history),
                files=dict(src.files),
                key=src.key,
                last_time=src.last_time,
            )
        if st.base.lower() == "scratch":
            return _State(config={}, layers=[], history=[], files={}, key=_sha(["scratch"]), last_time=0)
        ref, image = self.bases[st.base]
        fetched_key = f"base:{image.manifest_digest}"
        if self.progress.quiet:  # the FROM vertex's wording would go unread; the cache still learns the fetch
            self.inp.cache.setdefault(fetched_key, "fetched")
            self.progress.count += 1  # (what vertex() does when quiet)
        else:
            self._from_vertex(ref, image, f"[{prefix}1/{total}] FROM ", fetched_key)
        config, history, key = _base_parts(image.config_bytes, image.manifest_digest)
        return _State(
            # shallow copies: a stage sets the config's keys (a new value each time: set_env, LABEL, EXPOSE
            # and VOLUME build new ones) and appends to the history, never changing what is shared
            config=dict(config),
            layers=list(image.layers),
            history=list(history),
            files=dict(image.files),
            key=key,
            last_time=image.created,
        )

    def _from_vertex(self, ref: reference.Reference, image: Image, prefix: str, fetched_key: str) -> None:
        """The FROM step's vertex: resolved (pinned by digest), and fetched the first time."""
        pinned = ref.with_digest(image.manifest_digest) if ref.digest is None else ref
        name = f"{prefix}{pinned}"
        statuses = [f"resolve {pinned} done"]
        if fetched_key not in self.inp.cache:
            self.inp.cache[fetched_key] = "fetched"
            statuses += [
                f"{layer.digest} {progress_bytes(layer.size)} / {progress_bytes(layer.size)} "
                f"{seconds(max(0.1, layer.size / 25e6))} done"
                for layer in image.layers
            ]
            statuses += [
                f"extracting {layer.digest} {seconds(max(0.1, layer.size / 40e6))} done"
                for layer in image.layers
            ]
            done = f"DONE {seconds(0.2 + sum(layer.size for layer in image.layers) / 20e6)}"
        else:
            done = "DONE 0.0s"
        self.progress.vertex(name, statuses, done)

    # --- one stage ----------------------------------------------------------

    def _build_stage(
        self, st: StageSpec, stages: list[StageSpec], program: _Program, meta_env: dict[str, str]
    ) -> _State:
        prefix, total, needs_context, commands = program
        state = self._base_state(st, stages, prefix, total)
        if needs_context:
            self._load_context()  # BuildKit sends the context as soon as a stage needs it
        for ins, step, name in commands:
            if step is None:
                self._metadata(state, ins, meta_env)
            else:
                step(self, state, ins, name, stages, st)
        return state

    def _run_step(
        self, state: _State, name: str, key_data: object, ins: Instruction, chained: str = ""
    ) -> tuple[int, bool]:
        """Decide CACHED or run; returns (the step's time, whether it ran). ``chained``: the new key, when
        the caller has it already."""
        state.key = chained or _sha([state.key, key_data])
        cache_key = f"step:{state.key}"
        if not self.inp.no_cache and cache_key in self.inp.cache:
            when = int(self.inp.cache[cache_key])
            self.progress.vertex(name, [], "CACHED")
            return when, False
        when = self.inp.clock
        self.inp.cache[cache_key] = str(when)
        self.executed += 1
        run_time = 0.0
        if ins.keyword == "RUN":
            run_time = 0.3 + int(state.key[:4], 16) % 90 / 10
        self.progress.vertex(name, [], "" if self.progress.quiet else f"DONE {seconds(run_time)}")
        return when, True

    def _load_context(self) -> None:
        if self.context_loaded:
            return
        self.context_loaded = True
        if self.progress.quiet:
            self.progress.count += 1  # (what vertex() does when quiet)
            return
        size = sum(len(text.encode()) for text in self.context.values()) or 2
        self.progress.vertex(
            "[internal] load build context", [f"transferring context: {progress_bytes(size)} done"]
        )

    def _step_workdir(self, state: _State, ins: Instruction, name: str, *_: object) -> None:
        word = split_words(ins.args)[0]
        raw = process_word(word, state.lookup() if "$" in word else {})  # only a $ reads the variables
        wd = raw if raw.startswith("/") else posixpath.join("/", state.config.get("WorkingDir") or "/", raw)
        wd = _normpath(wd)
        state.config["WorkingDir"] = wd
        if wd == "/":
            _commit(state, f"WORKDIR {wd}", state.last_time, layer=False)
            return
        # chained from the base alone, so the same few keys come back every build
        when, _ = self._run_step(state, name, None, ins, chained=_workdir_key(state.key, wd))
        # mkdir records the directory's time, so the layer changes only when the step runs again
        state.layers.append(_workdir_layer(wd, when))
        state.last_time = max(state.last_time, when)
        _commit(state, f"WORKDIR {wd}", when, layer=True)

    def _step_run(self, state: _State, ins: Instruction, name: str, *_: object) -> None:
        args = ins.json_args if ins.json_args is not None else [*DEFAULT_SHELL, ins.args]
        if ins.json_args is None and state.config.get("Shell"):
            args = [*state.config["Shell"], ins.args]
        env = sorted({**state.args, **state.env}.items())
        key_data = [
            "RUN",
            args,
            env,
            state.config.get("WorkingDir", ""),
            state.config.get("User", ""),
            ins.flags,
        ]
        when, _ = self._run_step(state, name, key_data, ins)
        size = 100_000 + int(state.key[4:12], 16) % 30_000_000
        state.layers.append(Layer.from_description({"run": args, "key": state.key, "at": when}, size))
        state.last_time = max(state.last_time, when)
        _commit(state, run_created_by(args, state.args), when, layer=True)

    def _step_add(
        self, state: _State, ins: Instruction, name: str, stages: list[StageSpec], st: StageSpec
    ) -> None:
        self._step_copy(state, ins, name, stages, st)

    def _step_copy(
        self, state: _State, ins: Instruction, name: str, stages: list[StageSpec], st: StageSpec
    ) -> None:
        words = ins.json_args if ins.json_args is not None else split_words(ins.args)
        # only a $ reads the variables (process_word): the usual COPY . /app skips building them
        env = state.lookup() if "$" in ins.original else {}  # (every word is in the instruction's text)
        words = [process_word(w, env) for w in words]
        sources, dest = words[:-1], words[-1]
        src_from = ins.flags.get("from")
        if src_from:
            dep = self._stage_by_ref(stages, src_from, st.index)
            files = self.states[dep.index].files if dep is not None else dict(self.bases[src_from][1].files)
            root = "/"
        else:
            if not self.context_loaded:
                self._load_context()
            files = self.context
            root = ""
        workdir = state.config.get("WorkingDir") or "/"
        dest_is_dir = dest.endswith("/") or dest in (".", "..") or len(sources) > 1
        dest_abs = dest if dest.startswith("/") else posixpath.join(workdir, dest)
        dest_abs = _normpath(dest_abs)
        if len(sources) > 1 and not (dest.endswith("/") or dest in (".", "..")):
            raise self.fail(
                f"failed to solve: When using {ins.keyword} with more than one source file, "
                "the destination must be a directory and end with a /",
                ins,
            )
        copied: dict[str, str] = {}
        for src in sources:
            if ins.keyword == "ADD" and re.match(r"^(https?|git)://", src):
                target = (
                    posixpath.join(dest_abs, posixpath.basename(src.rstrip("/")) or "__unnamed__")
                    if dest_is_dir
                    else dest_abs
                )
                copied[target] = ""
                continue
            matched = self._match(files, src, root)
            if matched is None:
                self.progress.vertex(name, [], "")
                shown = "/" + posixpath.normpath(src).lstrip("/")
                ref_id = self._ref_id(src)
                detail = f"failed to calculate checksum of ref {ref_id}: {go_quote(shown)}: not found"
                self.progress.lines.append(f"#{self.progress.count} ERROR: {detail}")
                raise self.fail(f"failed to solve: failed to compute cache key: {detail}", ins, name)
            is_dir, entries = matched
            for rel, text in entries:
                copied[_joined(dest_abs, rel) if is_dir or dest_is_dir else _normpath(dest_abs)] = text
        hashed = sorted([(p, text_digest(t)) for p, t in copied.items()])
        # canonical() of the step's key data [keyword, hashed, flags, dest] and of the layer's description
        # {"copy": hashed}, written around one text of the pairs (copy_key_json, copy_layer_json)
        pairs = _pairs_json(hashed)
        when, _ = self._run_step(
            state, name, None, ins, chained=_sha_text(copy_key_json(state.key, ins.keyword, pairs, ins.flags, dest_abs))
        )
        size = 120 + sum([len(t.encode()) // 2 + 60 for t in copied.values()])
        state.layers.append(Layer.from_body(copy_layer_json(pairs), size))
        state.files.update(copied)
        state.last_time = max(state.last_time, when)
        _commit(state, copy_created_by(ins.keyword, words), when, layer=True)

    def _ref_id(self, src: str) -> str:
        """A stable stand-in for BuildKit's random ref IDs (``<uuid>::<25 chars>``)."""
        h = _sha(["ref", sorted(self.context), src])
        uuid = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        n = int(h[32:], 16)
        tail = ""
        for _ in range(25):
            n, r = divmod(n, 36)
            tail += alphabet[r]
        return f"{uuid}::{tail}"

    @staticmethod
    def _match(files: Mapping[str, str], src: str, root: str) -> tuple[bool, list[tuple[str, str]]] | None:
        """Files a COPY source selects: (source is a folder, [(path relative to it, text)])."""
        rel = _normpath(src.lstrip("/")) if src not in ("", "/") else "."
        if root == "/":  # from a stage or an image: absolute paths
            keyed = {p.lstrip("/"): t for p, t in files.items()}
        else:
            keyed = files  # (read only here)
        if rel == ".":
            return True, sorted(keyed.items())
        if any(ch in rel for ch in "*?["):
            out: list[tuple[str, str]] = []
            matches = compile_glob(rel)  # linear in the pattern: fnmatch is quadratic on unclosed [
            for path, text in sorted(keyed.items()):
                parts = path.split("/")
                for k in range(1, len(parts) + 1):
                    if matches("/".join(parts[:k])):
                        inner = "/".join(parts[k:])
                        out.append((inner or parts[k - 1], text))
                        break
            return (True, out) if out else None
        if rel in keyed:
            return False, [(posixpath.basename(rel), keyed[rel])]
        prefix = rel.rstrip("/") + "/"
        under = [(p[len(prefix) :], t) for p, t in sorted(keyed.items()) if p.startswith(prefix)]
        return (True, under) if under else None

    # --- metadata instructions ------------------------------------------------

    def _metadata(self, state: _State, ins: Instruction, meta_env: dict[str, str]) -> None:
        kw = ins.keyword
        when = state.last_time
        cfg = state.config
        if kw == "ENV":
            pairs, _ = _name_vals(ins)
            env = state.lookup()
            shown = []
            for key, raw in pairs:
                value = process_word(raw, env)
                state.set_env(key, value)
                shown.append(f"{key}={value}")
            _commit(state, pairs_created_by("ENV", shown), when, layer=False)
        elif kw == "ARG":
            for key, default in _arg_pairs(ins):
                if key in self.inp.build_args:
                    value = self.inp.build_args[key]
                elif default is not None:
                    value = process_word(default, state.lookup())
                elif key in meta_env:
                    value = meta_env[key]
                else:
                    continue
                state.args[key] = value
                _commit(state, f"ARG {key}={value}", when, layer=False)
        elif kw == "LABEL":
            pairs, _ = _name_vals(ins)
            labels = dict(cfg.get("Labels") or {})
            shown = []
            for key, raw in pairs:
                k, v = process_word(key, state.lookup()), process_word(raw, state.lookup())
                labels[k] = v
                shown.append(f"{k}={v}")
            cfg["Labels"] = labels
            _commit(state, pairs_created_by("LABEL", shown), when, layer=False)
        elif kw == "EXPOSE":
            ports = dict(cfg.get("ExposedPorts") or {})
            for word in split_words(ins.args):
                port = process_word(word, state.lookup())
                ports[port if "/" in port else f"{port}/tcp"] = {}
            cfg["ExposedPorts"] = dict(sorted(ports.items()))
            _commit(state, expose_created_by(ports), when, layer=False)
        elif kw == "USER":
            cfg["User"] = process_word(ins.args.strip(), state.lookup())
            _commit(state, f"USER {cfg['User']}", when, layer=False)
        elif kw in ("CMD", "ENTRYPOINT"):
            args = (
                ins.json_args
                if ins.json_args is not None
                else [*(cfg.get("Shell") or DEFAULT_SHELL), ins.args]
            )
            if kw == "CMD":
                cfg["Cmd"] = args
                state.cmd_set = True
            else:
                cfg["Entrypoint"] = args
                if not state.cmd_set:
                    cfg.pop("Cmd", None)
            _commit(state, _exec_text(kw, tuple(args)), when, layer=False)
        elif kw == "VOLUME":
            volumes = dict(cfg.get("Volumes") or {})
            words = ins.json_args if ins.json_args is not None else split_words(ins.args)
            for v in words:
                volumes[process_word(v, state.lookup())] = {}
            cfg["Volumes"] = volumes
            _commit(state, volume_created_by(volumes), when, layer=False)
        elif kw == "STOPSIGNAL":
            cfg["StopSignal"] = ins.args.strip()
            _commit(state, f"STOPSIGNAL {cfg['StopSignal']}", when, layer=False)
        elif kw == "SHELL":
            cfg["Shell"] = ins.json_args
            _commit(state, f"SHELL [{' '.join(ins.json_args or [])}]", when, layer=False)
        elif kw == "MAINTAINER":
            _commit(state, f"MAINTAINER {ins.args.strip()}", when, layer=False)
        elif kw == "ONBUILD":
            cfg["OnBuild"] = [*(cfg.get("OnBuild") or []), ins.args.strip()]
        elif kw == "HEALTHCHECK":
            cfg["Healthcheck"] = {"Test": _healthcheck_test(ins.args)}
            _commit(state, f"HEALTHCHECK {ins.args}", when, layer=False)

    # --- lint (BuildKit's build checks) ----------------------------------------

    @staticmethod
    def _lint(instructions: list[Instruction], stages: list[StageSpec]) -> list[str]:
        w: list[str] = []
        for st in stages:
            words = split_words(st.from_instr.args)
            if len(words) == 3:
                from_upper = st.from_instr.typed.isupper()
                as_upper = words[1].isupper()
                if from_upper != as_upper:
                    w.append(
                        f"FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line {st.from_instr.start})"
                    )
                if words[2] != words[2].lower():
                    w.append(
                        f"StageNameCasing: Stage name '{words[2]}' should be lowercase (line {st.from_instr.start})"
                    )
            seen: dict[str, int] = {}
            for ins in st.commands:
                if ins.keyword in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
                    seen[ins.keyword] = seen.get(ins.keyword, 0) + 1
                    if seen[ins.keyword] == 2:
                        w.append(
                            f"MultipleInstructionsDisallowed: Multiple {ins.keyword} instructions should not be used "
                            f"in the same stage because only the last one will be used (line {ins.start})"
                        )
        for ins in instructions:
            if ins.keyword in ("CMD", "ENTRYPOINT") and ins.json_args is None:
                w.append(
                    f"JSONArgsRecommended: JSON arguments recommended for {ins.keyword} to prevent unintended "
                    f"behavior related to OS signals (line {ins.start})"
                )
            if ins.keyword in ("ENV", "LABEL"):
                words = split_words(ins.args)
                if words and "=" not in words[0]:
                    w.append(
                        f'LegacyKeyValueFormat: "{ins.keyword} key=value" should be used instead of legacy '
                        f'"{ins.keyword} key value" format (line {ins.start})'
                    )
            if ins.keyword == "MAINTAINER":
                w.append(
                    f"MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line {ins.start})"
                )
        for st in stages:
            absolute = False
            for ins in st.commands:
                if ins.keyword == "WORKDIR":
                    raw = (split_words(ins.args) or [""])[0]
                    if not raw.startswith("/") and not raw.startswith("$") and not absolute:
                        w.append(
                            f'WorkdirRelativePath: Relative workdir "{raw}" can have unexpected results '
                            f"if the base image changes (line {ins.start})"
                        )
                    absolute = absolute or raw.startswith("/")
        return w

    # --- the image --------------------------------------------------------------

    def _image(self, state: _State) -> Image:
        cfg = {k: v for k, v in state.config.items() if v not in _UNSET}
        if self.inp.labels:
            cfg["Labels"] = {**(cfg.get("Labels") or {}), **self.inp.labels}
        layers = tuple(state.layers)
        # canonical() of {architecture, os, config, history, created, rootfs}, around the history entries' kept text
        config_bytes = image_config_bytes(cfg, state.history, state.last_time, layers)
        # its head up to "created" (the architecture and the container config) comes back every build
        created_at = config_bytes.find(b',"created":"')
        return image_from_config(
            layers=layers,
            config_bytes=config_bytes,
            created=state.last_time,
            classic=self.inp.classic,
            cmd=tuple(cfg.get("Cmd") or ()),
            entrypoint=tuple(cfg.get("Entrypoint") or ()),
            workdir=cfg.get("WorkingDir", ""),
            env=tuple(cfg.get("Env") or ()),
            files=tuple(sorted(state.files.items())),
            config_head=created_at + 12 if created_at > 0 else 0,
        )


_UNSET = (None, [], {}, "")  # config values an image config leaves out


@functools.lru_cache(maxsize=1024)
def _normpath(path: str) -> str:
    """posixpath.normpath, kept per path: pure Python on 3.11, and a build's paths repeat every build."""
    return posixpath.normpath(path)


@functools.lru_cache(maxsize=1024)
def _joined(folder: str, rel: str) -> str:
    """normpath(join(folder, rel)): where COPY puts a file (the same few places every build)."""
    return posixpath.normpath(posixpath.join(folder, rel))


@functools.lru_cache(maxsize=256)
def _workdir_key(key: str, wd: str) -> str:
    return _sha([key, ["WORKDIR", wd]])


@functools.lru_cache(maxsize=256)
def _workdir_layer(wd: str, when: int) -> Layer:
    """The layer a WORKDIR step makes (immutable; rebuilds of a CACHED step make the same one)."""
    return Layer.from_description({"mkdir": wd, "at": when}, WORKDIR_LAYER_SIZE)


@functools.lru_cache(maxsize=64)
def _base_parts(config_bytes: bytes, manifest_digest: str) -> tuple[dict, tuple[str, ...], str]:
    """A base image's container config and history and the cache key its stage starts from: read from
    its immutable bytes once, not on every build. Shared by every build from that base: read only (each
    stage takes shallow copies and replaces, never changes, what they hold)."""
    base_config = json.loads(config_bytes)
    return (
        base_config.get("config") or {},
        tuple(canonical_text(entry) for entry in base_config.get("history") or ()),
        _sha(["base", manifest_digest]),
    )


_BaseRef = tuple  # (typed, FROM or COPY --from instruction, parsed reference or None, vertex name or parse error)


@record(frozen=True)
class _Plan:
    """What a build does before it reads the world, from (Dockerfile text, build args, target) alone:
    the stages with their bases expanded, the target, the stages it needs and the bases to resolve.
    Shared by every build with those inputs (read only: the stages are never changed after planning)."""

    meta_env: dict[str, str]
    stages: list[StageSpec]
    blank: StageSpec | None  # the first stage whose base expands to nothing (an error)
    target: StageSpec | None  # None: --target names no stage (an error)
    needed: frozenset[int]
    refs: tuple[_BaseRef, ...]
    programs: dict[int, _Program]  # each needed stage's steps, worded (_program)

    def __init__(self, meta_env: dict[str, str], stages: list[StageSpec], blank: StageSpec | None,
                 target: StageSpec | None, needed: frozenset[int], refs: tuple[_BaseRef, ...],
                 programs: dict[int, _Program]) -> None:
        object.__setattr__(self, "meta_env", meta_env)
        object.__setattr__(self, "stages", stages)
        object.__setattr__(self, "blank", blank)
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "needed", needed)
        object.__setattr__(self, "refs", refs)
        object.__setattr__(self, "programs", programs)


@functools.lru_cache(maxsize=64)
def _plan(text: str, build_args: tuple[tuple[str, str], ...], target_name: str) -> _Plan:
    """The build's plan (see _Plan); the Dockerfile parsed already (_parsed). Each stage record is new
    (its base depends on the build args); their instructions are the parse's, shared, never changed."""
    meta, templates, _ = _parsed(text)
    stages = [StageSpec(t.index, t.name, t.base_typed, t.base, t.from_instr, t.commands) for t in templates]
    args = dict(build_args)
    meta_env = dict(PLATFORM_ARGS)
    for ins in meta:
        for key, default in _arg_pairs(ins):
            if key in args:
                meta_env[key] = args[key]
            elif default is not None:
                meta_env[key] = process_word(default, meta_env)
            else:
                meta_env.setdefault(key, "")
    for st in stages:
        st.base = process_word(st.base_typed, meta_env)
        if not st.base:
            return _Plan(meta_env, stages, st, None, frozenset(), (), {})
    target = _target_stage(stages, target_name)
    if target is None:
        return _Plan(meta_env, stages, None, None, frozenset(), (), {})
    needed = _Builder._reachable(stages, target)
    multi = len(stages) > 1
    programs = {st.index: _program(st, multi) for st in stages if st.index in needed}
    return _Plan(meta_env, stages, None, target, frozenset(needed), _base_refs(stages, needed), programs)


# (the "[i/n] " prefix, n, whether the stage reads the build context, each command with its step method and
# vertex name, or None and None for a metadata instruction)
_Program = tuple


def _program(st: StageSpec, multi: bool) -> _Program:
    """What a stage's build does with each command, worded once per plan: which step runs it and the
    vertex it names (``[2/3] COPY . /app``; ``[stage-1 2/3] ...`` in a multi-stage build)."""
    prefix = f"{st.label} " if multi else ""
    total = sum(1 for ins in st.commands if ins.keyword in STEP_KINDS) + 1
    needs_context = any(ins.keyword in ("COPY", "ADD") and not ins.flags.get("from") for ins in st.commands)
    commands = []
    number = 1
    for ins in st.commands:
        if ins.keyword in STEP_KINDS:
            number += 1
            step = getattr(_Builder, f"_step_{ins.keyword.lower()}")
            commands.append((ins, step, f"[{prefix}{number}/{total}] {ins.original}"))
        else:
            commands.append((ins, None, None))
    return prefix, total, needs_context, tuple(commands)


def _target_stage(stages: list[StageSpec], target: str) -> StageSpec | None:
    if not target:
        return stages[-1]
    for st in stages:
        if st.name and st.name == target.lower():
            return st
    return None


def _base_refs(stages: list[StageSpec], needed: set[int]) -> tuple[_BaseRef, ...]:
    """Each external base once, parsed (or its parse error's words), with its metadata vertex's name."""
    refs: list[_BaseRef] = []
    seen: set[str] = set()
    for typed, ins in _Builder._external_refs(stages, needed):
        if typed in seen:
            continue
        seen.add(typed)
        try:
            ref = reference.parse(typed)
        except InvalidReference as exc:
            refs.append((typed, ins, None, f"failed to solve: failed to parse stage name {go_quote(typed)}: {exc}"))
            break  # the build stops at this one
        if ref.digest is None:
            ref = ref.tag_or_latest()
        refs.append((typed, ins, ref, f"[internal] load metadata for {ref}"))
    return tuple(refs)


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[list[Instruction], list[StageSpec], tuple[str, ...]]:
    """(meta ARGs, stage templates, lint warnings) of a Dockerfile text; raises DockerfileError.

    Keyed by the text alone (every build of an unchanged Dockerfile parses the same): callers copy
    the stage records and never change the instructions."""
    instructions = parse_dockerfile(text)
    meta, stages = _stages(instructions)
    return meta, stages, tuple(_Builder._lint(instructions, stages))


def run_build(inp: BuildInput, resolve_base: Callable[[reference.Reference], Image]) -> BuildOutput:
    """Build the Dockerfile in ``inp``; raises BuildFailed with BuildKit's words and output.

    ``resolve_base(ref)`` returns the image a FROM names (the local store first, then its
    registry) or raises BaseNotFound with the resolver's error text.
    """
    return _Builder(inp, resolve_base).run()
