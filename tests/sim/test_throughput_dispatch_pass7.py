"""The seventh pass's shortcuts (benchmarks/bench_shell.py, "Seventh pass, dispatch") answer exactly as the
general way they skip.

Each shortcut here is held against the code path it replaced or skips: an already-normal path against the
part-by-part normaliser, ``set_tag``'s inline index against ``ImageStore._index``, ``docker tag``'s direct look-up
of a tagged source against ``find_local_image``, docker's arity check in ``main`` against
``Command.check_arity``, the shell's one-line output and inlined program call against the comprehension and
``Shell._call``, ``echo``'s one-line answer against its split, an unattached world's clock against the journaled
one. Where a learner could see a difference, the comparison is of what they would see.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sim.test_throughput_dispatch import observed
from tutor.sim import fs as fs_module
from tutor.sim.errors import SimError
from tutor.sim.image_store import ImageStore, split_key
from tutor.sim.journal import Journal
from tutor.sim.result import STDERR, STDOUT, Result
from tutor.sim.shell import PROGRAMS, Shell, ShellContext, builtins, docker
from tutor.sim.shell.docker import images
from tutor.sim.shell.docker.context import COMMAND_SECONDS, DockerContext
from tutor.sim.workspace import Workspace
from tutor.sim.world import World

# --- fs.normalize: an already-normal path is returned as it is ---------------------------------------------

SEGMENTS = st.sampled_from(["", ".", "..", "a", "b", ".a", "a.", "..a", "a..", "...", "x y", "é"])
PATHS = st.tuples(st.sampled_from(["", "/", "//"]), st.lists(SEGMENTS, max_size=6), st.sampled_from(["", "/"])).map(
    lambda t: t[0] + "/".join(t[1]) + t[2]
)


@settings(max_examples=2000, deadline=None)
@given(PATHS)
def test_normalize_answers_as_the_part_by_part_way(path: str) -> None:
    """POSIX pathname resolution, lexically: an empty part and ``.`` vanish, ``..`` goes up (``/..`` is ``/``)."""
    assert fs_module.normalize(path) == fs_module._normalize_parts(path)


@pytest.mark.parametrize("path", ["/a/./b", "/a/../b", "/a//b", "/a/b/", "/.", "/..", "/", "a/b", "/a/.b/.."])
def test_a_path_that_is_not_normal_is_normalised(path: str) -> None:
    assert fs_module.normalize(path) == fs_module._normalize_parts(path)
    assert fs_module.normalize(path) != path or fs_module._normalize_parts(path) == path


@settings(max_examples=500, deadline=None)
@given(PATHS.filter(lambda p: p.startswith("/") and ".." not in p.split("/")))
def test_lookup_path_takes_an_absolute_path_as_the_joined_one(path: str) -> None:
    """builtins.lookup_path normalises an absolute path itself; it used to normalise "/" + "/" + path."""
    ctx = ShellContext(World.default(), Shell(World.default()))
    try:
        got = builtins.lookup_path(ctx, path)
    except SimError as exc:
        got = str(exc)
    expected = fs_module._normalize_parts("/" + "/" + path)
    if path.endswith("/") and ctx.world.machine.fs.is_file(expected):
        return  # ENOTDIR either way (the error names the same path)
    assert got == expected


# --- ImageStore.set_tag: its index kept inline ---------------------------------------------------------------


def set_tag_through_index(store: ImageStore, name: str, tag: str, digest: str) -> list:
    """set_tag as it was before the pass: the index kept by ImageStore._index (split_key of the key)."""
    from tutor.sim import events as ev

    key = f"{name}:{tag}"
    old = store.tags.get(key)
    if old == digest:
        return []
    store.tags[key] = digest
    if old is not None:
        store._unindex(key, old)
    store._index(key, digest)
    if old is None:
        return [ev.LocalTagAdded(store.machine, name, tag, digest)]
    events = [ev.LocalTagMoved(store.machine, name, tag, old, digest)]
    if store.is_dangling(old):
        events.append(ev.ImageDangling(store.machine, old))
    return events


TAG_OPS = st.lists(
    st.tuples(st.sampled_from(["set", "set", "set", "remove"]),
              st.sampled_from(["localhost:5000/a", "localhost:5000/b", "docker.io/library/c"]),
              st.sampled_from(["latest", "1.0", "2.0"]), st.sampled_from(["sha256:1", "sha256:2", "sha256:3"])),
    max_size=25,
)


def index_of(store: ImageStore) -> tuple:
    return ({d: list(keys) for d, keys in store._keys_by_digest.items()},
            {n: list(tags) for n, tags in store._tags_by_name.items()}, dict(store.tags))


@settings(max_examples=400, deadline=None)
@given(TAG_OPS, st.booleans())
def test_set_tag_keeps_the_index_as_index_did(ops: list[tuple], journaled: bool) -> None:
    inline, indexed = ImageStore("laptop"), ImageStore("laptop")
    if journaled:  # a workspace's store: its index dicts are journaled twins, setdefault hands back the stored one
        Journal().attach(inline)
        Journal().attach(indexed)
    for op, name, tag, digest in ops:
        if op == "set":
            assert inline.set_tag(name, tag, digest) == set_tag_through_index(indexed, name, tag, digest)
        elif f"{name}:{tag}" in inline.tags:
            assert inline.remove_tag(name, tag) == indexed.remove_tag(name, tag)
        assert index_of(inline) == index_of(indexed)
        assert all(split_key(key) in {(n, t) for n, ts in index_of(inline)[1].items() for t in ts}
                   for key in inline.tags)


# --- docker tag: a tagged source looked up without parsing it again --------------------------------------------

TAG_SOURCES = st.sampled_from([
    "localhost:5000/myapp1:1.0", "localhost:5000/myapp1", "localhost:5000/myapp1:latest", "myapp1", "nosuch:1",
    "python:3.12-slim", "python", "docker.io/library/python:3.12-slim", "sha256", "abc", "Bad:Name", "",
    "localhost:5000/myapp1@sha256:" + "0" * 64, "localhost:5000/myapp2:2.0",
])
TAG_TARGETS = st.sampled_from(["localhost:5000/myapp1:2.0", "copy", "sha256", "x@sha256:" + "1" * 64, "UP:1"])


@st.composite
def tag_lines(draw) -> list[str]:
    lines = ["docker pull python:3.12-slim", "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1"]
    if draw(st.booleans()):
        lines.append("docker build -q -t localhost:5000/myapp2:2.0 ~/myapp2")
    for _ in range(draw(st.integers(1, 4))):
        source, target = draw(TAG_SOURCES), draw(TAG_TARGETS)
        lines.append(f"docker tag '{source}' '{target}'")
    lines.append("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'")
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["current", "classic"]), tag_lines())
def test_docker_tag_finds_its_source_as_find_local_image_does(profile: str, lines: list[str]) -> None:
    """moby daemon/images/image.go GetImage (graphdriver) and daemon/containerd/image.go (containerd) resolve
    the source; the shortcut must answer every source as that look-up does (errors included)."""
    shortcut = observed(Shell(World.default(profile)), lines)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(images, "_tagged_image", lambda store, parsed: None)
        assert observed(Shell(World.default(profile)), lines) == shortcut


def test_docker_tag_by_image_id_still_goes_the_general_way() -> None:
    shell = Shell(World.default())
    shell.run("docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
    image_id = shell.run("docker images -q localhost:5000/myapp1:1.0").stdout[0]
    r = shell.run(f"docker tag {image_id} localhost:5000/copy:1")
    assert r.exit_code == 0, r.output
    assert shell.run("docker images -q localhost:5000/copy:1").stdout == [image_id]


# --- docker main: the arity check's usual answers --------------------------------------------------------------


def test_main_reports_arity_exactly_as_check_arity_words_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """docker/cli cli/required.go (ExactArgs, RequiresMinArgs, RequiresMaxArgs, RequiresRangeArgs, NoArgs):
    main's inline check for "any" and a matching "exact" must not swallow any other verdict."""
    table = docker.command_table()
    kinds_seen = set()
    for path, command in table.items():
        monkeypatch.setattr(command, "handler", lambda ctx, args: 0)
        words = path.split()[1:]
        for n in range(4):
            positional = [f"p{i}" for i in range(n)]
            result = docker.main(ShellContext(World.default(), Shell(World.default())), [*words, *positional])
            try:
                command.check_arity(positional)
            except SimError as exc:
                assert (result.exit_code, result.stderr) == (exc.exit_code, str(exc).split("\n")), (path, n)
            else:
                assert (result.exit_code, result.stderr) == (0, []), (path, n)
            kinds_seen.add(command.arity.kind)
    assert {"exact", "any", "min", "max"} <= kinds_seen


# --- Shell.run and the inlined program call --------------------------------------------------------------------

TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "é", "\x1b", "\x07", "\t", "\u202e", "[", "\x00"]), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([STDOUT, STDERR]), TEXTS), max_size=3))
def test_a_programs_output_reaches_the_screen_rewritten_as_before(output: list[tuple[int, str]]) -> None:
    """Shell.run shows a control character (visible()) instead of sending it, and keeps the error lines for
    explain: one line or many."""
    from tutor.textsafe import visible as shown

    def program(ctx, argv):
        return Result(list(output))

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(PROGRAMS, "prog", program)
        shell = Shell(World.default())
        got = shell.run("prog").output
    assert got == [(stream, text if text.isprintable() else shown(text)) for stream, text in output]
    assert got is not output
    assert shell.last_errors == [text for stream, text in output if stream == STDERR]  # what explain retells


def raising(exc: BaseException):
    def program(ctx, argv):
        raise exc

    return program


@pytest.mark.parametrize("program", [
    raising(SimError("Error response from daemon: nope", 125)), raising(RecursionError("deep")),
    raising(ValueError("bad\nvalue")), raising(KeyError("k")), lambda ctx, argv: "not a result",
    lambda ctx, argv: Result([(STDOUT, "fine")], 3),
])
@pytest.mark.parametrize("line", ["prog a", "prog a > ~/out.txt"])
def test_a_program_in_the_table_fails_as_shell_call_words_it(program, line: str) -> None:
    """The direct path calls a table program itself; what a failing one shows is still Shell._call's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(PROGRAMS, "prog", program)
        shell = Shell(World.default())
        got = shell.run(line)
        expected = Shell(World.default())._call(ShellContext(World.default(), shell), ["prog", "a"])
    if ">" in line:
        assert got.stderr == expected.stderr and got.exit_code == expected.exit_code
    else:
        assert (got.output, got.exit_code) == (expected.output, expected.exit_code)


# --- echo: one line without the split --------------------------------------------------------------------------


def echo_the_general_way(args: list[str]) -> tuple[list[str], bool]:
    """echo's lines and whether its output ends open, as echo split them before the pass (bash builtin echo)."""
    result = Result()
    ctx = ShellContext(World.default(), Shell(World.default()))
    newline, escapes = True, False
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(ch in "neE" for ch in args[0][1:]):
        for ch in args[0][1:]:
            if ch == "n":
                newline = False
            elif ch == "e":
                escapes = True
            else:
                escapes = False
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, go_on = builtins._echo_escapes(text)
        newline = newline and go_on
    if newline:
        text += "\n"
    if not text:
        return result.stdout, ctx.no_trailing_newline
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    else:
        ctx.no_trailing_newline = True
    return lines, ctx.no_trailing_newline


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["-n", "-e", "-E", "-ne", "-", "--", "a", "b c", "", "x\ny", "\\n", "\\c", "é",
                                 "a\n"]), max_size=4))
def test_echo_prints_what_its_split_printed(args: list[str]) -> None:
    ctx = ShellContext(World.default(), Shell(World.default()))
    r = builtins.echo(ctx, ["echo", *args])
    assert (r.stdout, ctx.no_trailing_newline) == echo_the_general_way(args)
    assert all(stream == STDOUT for stream, _ in r.output)


# --- the clock: an unattached world ticks without the journal ---------------------------------------------------


def test_a_docker_context_ticks_the_clock_journaled_or_not() -> None:
    """Each docker command moves the clock COMMAND_SECONDS; in a workspace that move is journaled (undone)."""
    bare = World.default()
    before = bare.clock
    DockerContext(bare, docker.command_table()["docker images"], Result(), {})
    assert bare.clock == before + COMMAND_SECONDS
    assert bare.tick(3) == before + COMMAND_SECONDS + 3

    ws = Workspace(World.default())
    start = ws.world.clock
    ws.run("docker tag python:3.12-slim x:1")  # fails (no such image) but still asks the daemon: the clock moves
    ws.run("docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
    moved = ws.world.clock
    assert moved > start
    ws.undo()
    assert ws.world.clock < moved  # the journal put the clock back with the build


# --- Command.parse: fresh lists for list flags, made in C -------------------------------------------------------


def test_each_parse_has_its_own_list_flag_values() -> None:
    build = docker.command_table()["docker build"]
    first = build.parse(["-t", "a:1", "-t", "b:2", "."])
    assert first.tag == ["a:1", "b:2"]
    first.tag.append("c:3")
    second = build.parse(["."])
    assert second.tag == [] and second.values["tag"] is not first.values["tag"]
    list_dests = [f.dest for f in build.flags if f.kind == "list"]
    assert all(second.values[d] == list(next(f.default or () for f in build.flags if f.dest == d))
               for d in list_dests)
    assert len({id(second.values[d]) for d in list_dests}) == len(list_dests)


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_a_source_by_digest_is_not_taken_for_its_tag(profile: str) -> None:
    """``name@digest`` names that manifest (moby GetImage by digest), not what the name's ``latest`` tag names."""
    lines = ["docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1", "docker push -q localhost:5000/myapp1:1.0",
             "echo 'print(2)' > ~/myapp1/app.py", "docker build -q -t localhost:5000/myapp1:latest ~/myapp1"]
    shell = Shell(World.default(profile))
    for line in lines:
        assert shell.run(line).exit_code == 0, line
    digest = shell.world.machine.store.tags["localhost:5000/myapp1:1.0"]
    tagging = [*lines, f"docker tag localhost:5000/myapp1@{digest} localhost:5000/copy:1",
               "docker images --digests --format '{{.Repository}}:{{.Tag}} {{.ID}}'"]
    shortcut = observed(Shell(World.default(profile)), tagging)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(images, "_tagged_image", lambda store, parsed: None)
        assert observed(Shell(World.default(profile)), tagging) == shortcut
