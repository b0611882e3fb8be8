"""The shortcuts the 5,000-command benchmark needed (benchmarks/bench_shell.py) answer exactly as the long way.

Every cache here is keyed by immutable input (a line's text, a Dockerfile's text, a base image's bytes, a
command's flag list) and nothing is cached on the world, so undo/redo cannot leave one stale; what a
learner would feel if one went wrong is a command answering differently the second time, or after
other worlds ran. These tests run the same commands cold and warm, and each fast path against the
general code it skips.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sim.test_fuzz_commands import LINES
from tests.sim.test_journal import MORE
from tutor.sim import builder, content, transfer
from tutor.sim import events as ev
from tutor.sim.fs import FileSystem, FsError
from tutor.sim.fs import normalize as fs_normalize
from tutor.sim.shell import Shell
from tutor.sim.shell import tokenize as tk
from tutor.sim.shell.docker import cli
from tutor.sim.workspace import Workspace
from tutor.sim.world import World


def clear_caches() -> None:
    """Every cache the fast paths keep, emptied: the next commands run the long way."""
    tk._SIMPLE_WORDS.clear()
    transfer._EXISTING.clear()
    cli._TABLES.clear()
    for cached in (builder._parsed, builder._plan, builder._base_parts, builder._normpath, builder._joined, builder._workdir_key, builder._workdir_layer,
                   content.iso_time, content._manifest_templates):  # fmt: skip
        cached.cache_clear()


def transcript(lines: list[str], profile: str = "current") -> list[tuple]:
    shell = Shell(World.default(profile))
    return [(line, r.output, r.exit_code, r.events) for line in lines for r in [shell.run(line)]]


# --- the shell's tokeniser -----------------------------------------------------------------

# bash(1) QUOTING, REDIRECTION and "Tilde Expansion": the characters that change how a line splits.
LINE_TEXT = st.lists(
    st.sampled_from(list("ab~/ \t#'\"$<>;&|()\\*?[]-:.09\x0b\xa0é\r\n") + ["> ", " >> ", "'x y'", " '' ", "~/", "2>"]),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(LINE_TEXT)
def test_the_tokeniser_fast_paths_split_every_line_as_the_scanner_does(line: str) -> None:
    """Plain words, '...' words and ` > file` skip the character scanner; the tokens must be the same."""

    def tokens(scan) -> object:
        try:
            return scan(line)
        except tk.SimError as exc:
            return type(exc), str(exc)

    assert tokens(tk._scan) == tokens(lambda text: tk._Scanner(text).scan())


@settings(max_examples=400, deadline=None)
@given(LINE_TEXT)
def test_a_line_of_words_only_parses_as_the_steps_loop_makes_it(line: str) -> None:
    """parse() gives a words-only line (no operator, no redirection) its one step directly."""

    def steps(parse) -> object:
        try:
            return parse(line)
        except tk.SimError as exc:
            return type(exc), str(exc)

    assert steps(tk.parse) == steps(lambda text: tk._steps(tk._scan(text)))


def test_a_cached_word_is_the_same_word_for_every_command_that_types_it() -> None:
    shell = Shell(World.default())
    shell.run("echo one > ~/a.txt")
    shell.run("echo one two > ~/b.txt")
    assert shell.run("cat ~/a.txt ~/b.txt").stdout == ["one", "one two"]
    assert shell.run("echo ~ '~' ~/x").stdout == ["/home/learner ~ /home/learner/x"]


# --- the same commands, caches cold and warm -------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["current", "classic"]),
    st.lists(st.one_of(LINES, MORE), min_size=1, max_size=10),
    st.lists(st.one_of(LINES, MORE), max_size=10),
)
def test_commands_answer_the_same_with_the_caches_cold_or_warmed_by_another_world(
    profile: str, lines: list[str], other: list[str]
) -> None:
    clear_caches()
    cold = transcript(lines, profile)
    transcript(other, profile)  # another world fills the caches with its own Dockerfiles, words, bases
    assert transcript(lines, profile) == cold


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINES, MORE), min_size=1, max_size=10))
def test_after_undo_and_redo_the_next_commands_answer_as_in_a_fresh_replay(lines: list[str]) -> None:
    """Undo everything, redo it all, then list images and tags: the answers of a world that ran the lines once."""
    ws = Workspace(World.default())
    for line in lines:
        ws.run(line)
    while ws.undo():
        pass
    while ws.redo():
        pass
    looks = ["docker images", "docker images --digests", "curl -s http://localhost:5000/v2/_catalog",
             "curl -s http://localhost:5000/v2/myapp1/tags/list", "curl -s http://localhost:5000/v2/myapp2/tags/list"]
    replay = Shell(World.default())
    for line in lines:
        replay.run(line)
    for look in looks:
        assert ws.run(look).output == replay.run(look).output, look


# --- docker build: the Dockerfile parsed once per text ------------------------------------------


def test_a_build_arg_naming_the_base_does_not_stick_to_the_cached_dockerfile() -> None:
    """``ARG BASE`` before ``FROM $BASE`` (BuildKit expands meta ARGs in FROM): the parsed Dockerfile is shared
    between builds, the base each one resolves is not."""
    shell = Shell(World.default())
    shell.run("echo 'ARG BASE=python:3.12-slim' > ~/myapp1/Dockerfile")
    shell.run("echo 'FROM $BASE' >> ~/myapp1/Dockerfile")
    shell.run("echo 'COPY . /app' >> ~/myapp1/Dockerfile")
    first = shell.run("docker build --build-arg BASE=alpine -t a ~/myapp1")
    assert first.exit_code == 0, first.text
    assert any("FROM docker.io/library/alpine:latest" in line for line in first.stderr)
    second = shell.run("docker build -t b ~/myapp1")
    assert second.exit_code == 0, second.text
    assert any("FROM docker.io/library/python:3.12-slim" in line for line in second.stderr)
    assert not any("alpine" in line for line in second.stderr)


def test_an_edited_dockerfile_is_read_again_and_its_warnings_follow_it() -> None:
    """BuildKit's JSONArgsRecommended check (frontend/dockerfile/linter) warns on a shell-form CMD only."""
    shell = Shell(World.default())
    plain = shell.run("docker build -t a ~/myapp1")
    assert not any("JSONArgsRecommended" in line for line in plain.stderr)
    shell.run("echo 'CMD python app.py' >> ~/myapp1/Dockerfile")
    warned = shell.run("docker build -t a ~/myapp1")
    assert any("JSONArgsRecommended" in line for line in warned.stderr)
    assert shell.run("docker image inspect -f '{{json .Config.Cmd}}' a").stdout == ['["/bin/sh","-c","python app.py"]']
    shell.run("echo 'FROM python:3.12-slim' > ~/myapp1/Dockerfile")
    again = shell.run("docker build -t a ~/myapp1")
    assert not any("JSONArgsRecommended" in line for line in again.stderr)
    assert shell.run("docker image inspect -f '{{json .Config.Cmd}}' a").stdout[0] != '["/bin/sh","-c","python app.py"]'


def test_two_bases_each_give_their_own_config() -> None:
    shell = Shell(World.default())
    for base, tag in (("python:3.12-slim", "p"), ("alpine", "a"), ("python:3.12-slim", "p2")):
        shell.run(f"echo 'FROM {base}' > ~/myapp1/Dockerfile")
        assert shell.run(f"docker build -q -t {tag} ~/myapp1").exit_code == 0
    env = {tag: shell.run(f"docker image inspect -f '{{{{json .Config.Env}}}}' {tag}").stdout[0] for tag in "p a p2".split()}
    assert "PYTHON_VERSION" in env["p"] and env["p"] == env["p2"]
    assert "PYTHON_VERSION" not in env["a"]


def test_a_stage_that_changes_the_base_config_leaves_the_next_build_from_that_base_untouched() -> None:
    """Every build from a base shares its parsed config and history (builder._base_parts): ENV, LABEL,
    EXPOSE, VOLUME, USER and CMD in one build must not show up in the next plain build, which must be the
    image a cold start builds."""
    busy = ("FROM python:3.12-slim\nENV PYTHON_VERSION=0 EXTRA=1\nLABEL a=b\nEXPOSE 80\nVOLUME /data\n"
            "USER nobody\nONBUILD RUN x\nHEALTHCHECK CMD true\nCMD [\"sh\"]\n")
    plain = ["docker build -q -t plain ~/myapp1", "docker image inspect plain", "docker history --no-trunc plain"]

    def after_busy_build(cold: bool) -> list[tuple]:
        shell = Shell(World.default())
        assert shell.run(f"echo -e '{busy}' > ~/myapp2/Dockerfile").exit_code == 0
        busy_inspect = shell.run("docker build -q -t busy ~/myapp2 && docker image inspect busy").stdout
        assert any('"EXTRA=1"' in line for line in busy_inspect) and any('"nobody"' in line for line in busy_inspect)
        if cold:
            clear_caches()
        return [(line, r.output, r.exit_code, r.events) for line in plain for r in [shell.run(line)]]

    warm = after_busy_build(cold=False)
    assert warm == after_busy_build(cold=True)
    assert not any("EXTRA" in line or "nobody" in line for _, output, _, _ in warm for _, line in output)


def test_the_attestation_manifest_and_index_written_from_templates_are_what_json_writes() -> None:
    """buildkit exporter/containerimage/writer.go: json.MarshalIndent(.., "", "  ") of ocispecs.Manifest
    (schemaVersion, mediaType, artifactType, config, layers, subject) and ocispecs.Index, fields in
    struct order; attest() writes them from constant text around the values."""
    shell = Shell(World.default())
    shell.run("docker build -q -t a ~/myapp1")
    image = next(iter(shell.world.machine.store.images.values()))
    for blob in (image.manifest_bytes, image.attestation.attestation_manifest.data):
        assert blob == json.dumps(json.loads(blob), indent=2).encode()
    manifest = json.loads(image.attestation.attestation_manifest.data)
    assert list(manifest) == ["schemaVersion", "mediaType", "artifactType", "config", "layers", "subject"]
    statement = image.attestation.statement
    assert manifest["layers"][0]["digest"] == content.sha256(statement)
    assert manifest["layers"][0]["size"] == len(statement)
    platform = image.attestation.image_manifest
    assert manifest["subject"] == {"mediaType": platform.media_type, "digest": platform.digest,
                                   "size": len(platform.data)}
    index = json.loads(image.manifest_bytes)
    assert [m["digest"] for m in index["manifests"]] == [platform.digest, image.attestation.attestation_manifest.digest]
    assert index["manifests"][1]["size"] == len(image.attestation.attestation_manifest.data)
    assert index["manifests"][1]["annotations"]["vnd.docker.reference.digest"] == platform.digest


def test_workdir_and_copy_still_expand_env_variables_when_only_plain_words_skip_the_lookup() -> None:
    """Dockerfile reference, "Environment replacement": WORKDIR and COPY expand $VAR and ${VAR}
    (buildkit frontend/dockerfile/dockerfile2llb/convert.go dispatchWorkdir / dispatchCopy ProcessWords).
    The builder builds the variable table only for a word holding a $."""
    shell = Shell(World.default())
    shell.world.machine.fs.write(
        "/home/learner/myapp3/Dockerfile",
        'FROM python:3.12-slim\nENV APP=/srv DIR=code\nWORKDIR $APP/${DIR}\nCOPY app.py ${APP}/\n'
        'CMD ["python", "/srv/app.py"]\n',
    )
    assert shell.run("docker build -q -t w ~/myapp3").exit_code == 0
    assert shell.run("docker image inspect -f '{{.Config.WorkingDir}}' w").stdout == ["/srv/code"]
    assert shell.run("docker run --rm w").stdout == ["Hello from myapp3, version 1.0"]  # /srv/app.py


# --- docker's flag parsing: the tables built once per command ----------------------------------


def test_a_repeated_flag_starts_empty_on_every_command() -> None:
    """pflag's stringArray (``-t`` of docker build) appends to a value that is new for each command line."""
    shell = Shell(World.default())
    shell.run("docker build -q -t one -t two ~/myapp1")
    shell.run("docker build -q -t three ~/myapp1")
    listed = shell.run("docker images --format '{{.Repository}}'").stdout
    assert sorted(listed) == ["one", "three", "two"]
    three = shell.run("docker image inspect -f '{{.Id}}' three").stdout
    assert shell.run("docker image inspect -f '{{.Id}}' one").stdout != three


ARGV = st.lists(st.sampled_from(["a", "b:1", "-", "--", "-q", "-t", "x", "--tag", "--tag=y", "-qt", "--quiet",
                                  "--nope", "-z", "--help", "-h", "-tq", "--quiet=false", "a\0-b", "\0-", "",
                                  "é-", "x-"]), max_size=6)


@settings(max_examples=300, deadline=None)
@given(ARGV, st.booleans())
def test_arguments_without_a_dash_parse_as_the_pflag_loop_parses_them(argv: list[str], interspersed: bool) -> None:
    """Command.parse takes an argv with no flag and no `--` as all positional, skipping the loop."""
    command = cli.Command(path="docker x", use="x", short="", handler=lambda ctx, args: 0, interspersed=interspersed,
                          flags=[cli.Flag("quiet", "q"), cli.Flag("tag", "t", kind="list")])

    def parsed(parse) -> object:
        try:
            args = parse(list(argv))
        except (cli.FlagError, cli.HelpRequested) as exc:
            return type(exc), str(exc)
        return args, vars(args)

    general = parsed(lambda words: command._parse_flags(cli._FlagParse(command.flags, words), words))
    assert parsed(command.parse) == general


def test_flag_values_read_as_attributes_are_the_parsed_ones() -> None:
    command = cli.Command(path="docker x", use="x", short="", handler=lambda ctx, args: 0,
                          flags=[cli.Flag("quiet", "q"), cli.Flag("tag", "t", kind="list"), cli.Flag("values", kind="string")])
    args = command.parse(["-q", "-t", "a", "--values", "v", "pos"])
    assert (args.quiet, args.tag, args.positional, args.values) == (True, ["a"], ["pos"], {"quiet": True, "tag": ["a"], "values": "v"})
    with pytest.raises(AttributeError):
        _ = args.nothing


# --- content: canonical JSON, the provenance statement, events ----------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(JSON)
def test_canonical_json_is_json_dumps_with_sorted_keys(value: object) -> None:
    assert content.canonical(value) == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_canonical_json_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        content.canonical({"a": object()})


@given(st.lists(st.text(min_size=1, max_size=12), max_size=3), st.text(max_size=30), st.integers(0, 10**6))
def test_the_provenance_statement_written_from_a_template_is_what_json_writes(
    names: list[str], invocation: str, finished: int
) -> None:
    """buildkit's provenance (mode=min) for a plain build; Go's json.Marshal order is the struct's, as written."""
    shell = Shell(World.default())
    shell.run("docker build -q -t a ~/myapp1")
    image = next(iter(shell.world.machine.store.images.values())).platform_image()
    request = {"frontend": "dockerfile.v0", "args": {}, "locals": [{"name": "context"}, {"name": "dockerfile"}]}
    fast = content.provenance_statement(image, names=names, started=0, finished=finished, request=request,
                                        materials=[], invocation=invocation)
    assert fast == json.dumps(json.loads(fast), separators=(",", ":"), ensure_ascii=False).encode()
    assert json.loads(fast)["predicate"]["runDetails"]["metadata"]["invocationID"] == invocation
    general = content.provenance_statement(image, names=names, started=0, finished=finished,
                                           request={**request, "args": {"target": "x"}}, materials=[],
                                           invocation=invocation)
    assert json.loads(general)["subject"] == json.loads(fast)["subject"]


@given(st.text(max_size=8), st.tuples(st.text(max_size=8), st.text(max_size=8), st.integers(0, 10**9)),
       st.text(max_size=8), st.lists(st.tuples(st.text(max_size=8), st.integers(0, 10**9)), max_size=4),
       st.sampled_from(["  ", "   "]))
def test_the_manifest_written_from_templates_is_what_json_writes_indented(
    media_type: str, config: tuple, layer_type: str, layers: list, step: str
) -> None:
    """docker/distribution manifest/schema2 and buildkit writer.go: json.MarshalIndent with three spaces
    (classic push) or two (BuildKit export), keys in struct order, every string ASCII-escaped as json.dumps does."""
    manifest = {
        "schemaVersion": 2,
        "mediaType": media_type,
        "config": {"mediaType": config[0], "digest": config[1], "size": config[2]},
        "layers": [{"mediaType": layer_type, "digest": digest, "size": size} for digest, size in layers],
    }
    expected = json.dumps(manifest, indent=len(step)).encode()
    assert content.manifest_json(media_type, config, layer_type, layers, step) == expected


def test_events_filled_positionally_take_their_defaults_and_still_check_their_fields() -> None:
    assert ev.BlobSkipped("r", "p", "d") == ev.BlobSkipped(registry="r", repository="p", digest="d", config=False,
                                                           record=False)
    assert ev.BlobSkipped("r", "p", "d", True).config
    with pytest.raises(TypeError, match="missing field 'digest'"):
        ev.BlobSkipped("r", "p")
    with pytest.raises(AttributeError):
        ev.BlobSkipped("r", "p", "d").config = True  # type: ignore[misc]


# --- the file system's quick parent check -----------------------------------------------------


def test_writing_under_a_file_or_a_missing_folder_still_fails_as_the_kernel_does() -> None:
    fs = FileSystem({"/home/a.txt": "x"}, {"/home/dir"})
    fs.write("/home/dir/new.txt", "y")
    for path, kind in (("/home/a.txt/b", "ENOTDIR"), ("/home/nope/b", "ENOENT"), ("/home/a.txt/c/d", "ENOTDIR")):
        with pytest.raises(FsError) as raised:
            fs.write(path, "z")
        assert raised.value.kind == kind, path
    shell = Shell(World.default())
    assert shell.run("echo x > ~/myapp1/app.py/oops").stderr == ["bash: /home/learner/myapp1/app.py/oops: Not a directory"]
    # the kernel resolves `..` after checking the folder before it exists (path_resolution(7))
    assert shell.run("echo x > ~/nowhere/../myapp1/x.txt").stderr == [
        "bash: /home/learner/nowhere/../myapp1/x.txt: No such file or directory"
    ]
    assert shell.run("echo x > ~/myapp1/../myapp2/x.txt").exit_code == 0
    assert shell.run("cat ~/myapp2/x.txt").stdout == ["x"]


# --- `registry-tutor shell`'s gc.freeze() ------------------------------------------------------------------


def test_a_shell_and_its_world_leave_no_cyclic_garbage_so_freezing_them_keeps_nothing_alive() -> None:
    """`registry-tutor shell` freezes what exists once its Shell is made (gc.freeze): that is only free
    if the world is a tree the reference counts free by themselves. Builds, pushes, pulls, tags, removals, a failed command and undo all run."""
    import gc

    lines = ["docker build -t localhost:5000/a:1 ~/myapp1", "docker tag localhost:5000/a:1 localhost:5000/a:2",
             "docker push -a localhost:5000/a", "docker rmi localhost:5000/a:1", "docker pull localhost:5000/a:2",
             "echo x > ~/myapp1/app.py", "docker build -q ~/myapp1", "docker push nope", "cd ~/myapp2", "ls"]
    def session() -> Workspace:
        workspace = Workspace(World.default())
        for line in lines:
            workspace.run(line)
        return workspace

    session()  # first: the modules these commands import (a module and its functions form cycles)
    gc.unfreeze()
    gc.collect()
    gc.disable()  # a collection during the run would free (and hide) a cycle
    try:
        workspace = Workspace(World.default())
        for line in lines:
            workspace.run(line)
        workspace.undo()
        gc.unfreeze()  # the session's start was frozen: let the collector see it again
        del workspace
        assert gc.collect() == 0
    finally:
        gc.enable()


# --- the shared parse of a repeated line ------------------------------------------------------


def test_a_repeated_line_runs_from_its_shared_parse_exactly_as_the_first_time() -> None:
    """Shell runs tokenize.parse_shared(line): the same steps as parse, unchanged by running them
    (an assignment prefix, a redirection, a failing && chain), and a syntax error each time."""
    lines = ["X=1 Y=2 env", "A=b", "echo $A ~ > ~/out.txt", "false && echo no || echo yes", "cat ~/out.txt"]
    once, twice = Shell(World.default()), Shell(World.default())
    first = [once.run(line).output for line in lines]
    for line in lines:
        twice.run(line)
        assert tk.parse_shared(line) == tuple(tk.parse(line))  # running did not change the shared steps
    assert [twice.run(line).output for line in lines] == first  # the second time, from the shared steps
    for _ in range(2):
        assert Shell(World.default()).run("echo (").stderr == ["bash: syntax error near unexpected token `('"]


def test_an_event_constructor_is_written_only_from_plain_identifier_fields() -> None:
    """The generated constructor's source holds nothing but field names: a name that is not a plain
    identifier is refused before any source is compiled."""
    import pytest

    from tutor.sim.events import Event

    odd = type("Odd", (Event,), {"__annotations__": {"x=1):\n    import os #": "str"}})
    with pytest.raises(TypeError, match="plain identifiers"):
        odd("value")


# --- the shell's one-command lines and commands without redirections ----------------------------------


class GeneralShell(Shell):
    """A Shell that takes the general way for every line: the steps loop and the redirection router."""

    def _run_one(self, step: tk.Step):
        return self._run_steps((step,))

    def _run_unredirected(self, argv: list[str], assignments: list, text: str):
        return self._run_redirected(tk.Command(), argv, assignments, text)


# what the fast paths must keep: exit codes through $?, NAME=value prefixes, exported variables, a failing
# expansion, clear, explain, exit, errors on stderr, and the same commands with redirections and chains
SHELL_LINES = st.sampled_from([
    "true", "false", "echo $?", "X=1 env", "export X=2", "env", "Y=3 docker images -q", "A=b", "echo $A",
    "X=$X$X$X$X$X$X$X$X$X$X$X$X docker images", "clear", "explain", "exit 3", "ls nope", "ls nope 2>&1",
    "docker tag nope:1 x:1", "docker images > ~/o.txt", "cat ~/o.txt", "false || echo $?", "true && false; echo $?",
    "cd ~/myapp1 && docker build -q -t localhost:5000/myapp1:1.0 .", "docker push -q localhost:5000/myapp1:1.0",
    "echo 'print(2)' > app.py", "docker build -t localhost:5000/myapp1:2.0 .", "docker push localhost:5000/myapp1:2.0",
    "unset X", "echo -n hi", "echo -n hi > ~/n.txt", "cat ~/n.txt", "", "   ", "docker", "docker --help",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["current", "classic"]),
    st.lists(st.one_of(SHELL_LINES, LINES, MORE), min_size=1, max_size=14),
)
def test_one_command_lines_and_unredirected_commands_answer_as_the_general_way(
    profile: str, lines: list[str]
) -> None:
    """Shell returns a one-command line's own Result and a program's own output when nothing is
    redirected; the steps loop and the redirection router give the same output, codes, events and world."""
    from tutor.sim.worldfile import dump_world

    fast, general = Shell(World.default(profile)), GeneralShell(World.default(profile))
    for line in lines:
        a, b = fast.run(line), general.run(line)
        assert (a.output, a.exit_code, a.events, a.clear) == (b.output, b.exit_code, b.events, b.clear), line
        assert (fast.last_status, fast.last_command, fast.last_errors, fast.last_events, fast.exit_requested) == (
            general.last_status, general.last_command, general.last_errors, general.last_events,
            general.exit_requested)
    assert dump_world(fast.world) == dump_world(general.world)


@pytest.mark.parametrize("context", ["-", "http://example.com/app.git", "https://github.com/x/y.git",
                                     "git@github.com:x/y.git", "github.com/x/y"])
def test_a_build_from_stdin_or_a_url_is_refused_as_not_simulated(context: str) -> None:
    """The context check is a prefix test (it was a regular expression anchored at the start)."""
    result = Shell(World.default()).run(f"docker build {context}")
    assert result.exit_code == 1
    assert result.stderr == ["registry-tutor: building from stdin or a URL is not simulated; give a folder, e.g. '.'"]


def test_a_folder_named_like_a_url_scheme_is_still_a_build_context() -> None:
    shell = Shell(World.default())
    shell.run("mkdir -p ~/http:/x ~/githubXcom")
    shell.run("echo 'FROM python:3.12-slim' > ~/githubXcom/Dockerfile")
    assert shell.run("cd ~ && docker build -q githubXcom").exit_code == 0
    assert "failed to read dockerfile" in shell.run("cd ~ && docker build -q http:/x").text  # a folder, read


def test_result_out_and_err_keep_the_order_lines_were_written_in() -> None:
    from tutor.sim.result import STDERR, STDOUT, Result

    r = Result()
    r.out()
    r.out("a", "b")
    r.err("c")
    r.out("d")
    assert r.output == [(STDOUT, "a"), (STDOUT, "b"), (STDERR, "c"), (STDOUT, "d")]
    assert (r.stdout, r.stderr) == (["a", "b", "d"], ["c"])


QUIET_CASES = [
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD [\"python\", \"app.py\"]\n",
    "FROM python:3.12-slim AS base\nARG V=1\nENV A=$V\nWORKDIR /app/$A\nCOPY . .\nFROM base\nRUN echo hi\nCMD [\"x\"]\n",
    "ARG BASE=python:3.12-slim\nFROM $BASE\nCOPY app.py nothere.txt /app/\n",
    "FROM python:3.12-slim\nCOPY missing /x\n",
    "FROM nope:1\nRUN true\n",
    "FROM scratch\nCOPY . /\n",
    "FROM python:3.12-slim\nADD https://example.com/x.tgz /tmp/\nRUN echo $HOME\n",
]


@pytest.mark.parametrize("dockerfile", QUIET_CASES)
@pytest.mark.parametrize("profile", ["current", "classic"])
def test_a_quiet_build_changes_the_world_as_the_plain_build_does(dockerfile: str, profile: str) -> None:
    """-q skips wording the progress vertices nobody reads: the image, the events, the cache and the world
    are the plain build's, and the ID it prints is the one the plain build wrote (or the same error)."""
    from tutor.sim.worldfile import dump_world

    shells = []
    for quiet in ("-q ", ""):
        shell = Shell(World.default(profile))
        shell.run("cd ~/myapp1 && echo '*.md' > .dockerignore && echo x > README.md")
        shell.run(f"printf '{dockerfile}' > Dockerfile".replace("\n", "\\n"))
        results = [shell.run(f"docker build {quiet}-t t:1 ."), shell.run(f"docker build {quiet}--build-arg V=2 .")]
        shells.append((shell, results))
    (quiet_shell, quiet), (plain_shell, plain) = shells
    for q, p in zip(quiet, plain, strict=True):
        assert (q.exit_code, q.events) == (p.exit_code, p.events)
        if q.exit_code == 0:
            assert any(q.stdout[0] in line for line in p.stderr)  # "writing image sha256:..." / "naming to"
        else:
            assert q.stderr[-1] == p.stderr[-1]  # the error line
    quiet_shell.world.machine.history.clear()  # (the typed lines differ by their -q)
    plain_shell.world.machine.history.clear()
    assert dump_world(quiet_shell.world) == dump_world(plain_shell.world)


# --- the file system's listing of a folder (docker build's context) ------------------------------

PATH_PART = st.text(alphabet="a/.0-_é\x00\U0001f600", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PATH_PART, min_size=1, max_size=3).map("/".join), max_size=12), PATH_PART)
def test_files_under_lists_what_a_startswith_filter_lists(paths: list[str], folder: str) -> None:
    """files_under compares each path against the prefix's bounds ("…/" <= path < "…0") instead of calling
    str.startswith: the same files, for folder names and paths holding characters on either side of "/"."""
    files = {fs_normalize("/" + p): "t" for p in paths}
    fs = FileSystem({p: t for p, t in files.items() if p != "/"}, set())
    directory = fs_normalize("/" + folder)
    for where in {directory, "/", *(p.rsplit("/", 1)[0] or "/" for p in fs._files)}:
        try:
            listed = fs.files_under(where)
        except FsError:
            continue
        prefix = where.rstrip("/") + "/"
        expected = sorted((p[len(prefix):], t) for p, t in fs._files.items() if p.startswith(prefix))
        assert listed == expected, where


# --- docker build: the plan shared by builds of one (Dockerfile, build args, target) -----------------------

PLAN_CASES = [
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD [\"python\", \"app.py\"]\n",
    "ARG BASE=python:3.12-slim\nFROM $BASE AS one\nARG V=1\nENV A=$V\nWORKDIR /w/$A\nCOPY . .\nFROM one\nRUN echo hi\n",
    "FROM python:3.12-slim AS a\nFROM alpine AS b\nCOPY --from=a /etc /x\nFROM b\nCOPY --from=0 / /y\n",
    "FROM python:3.12-slim\nCOPY --from=UPPER /a /b\n",
    "FROM nope:1\nCOPY --from=Bad:: /a /b\n",
    "FROM python:3.12-slim\nCOPY --from=nope:2 /a /b\n",
    "ARG B\nFROM $B\n",
    "FROM scratch\nCOPY . /\n",
    "FROM python:3.12-slim\nCOPY missing /x\n",
    "FROM python:3.12-slim\nADD https://example.com/x.tgz /tmp/\nRUN echo $HOME\n",
]
PLAN_BUILDS = ["docker build -t t:1 .", "docker build -q --build-arg V=2 --build-arg B=alpine .",
               "docker build --target one .", "docker build --target b -q .", "docker build --target nope .",
               "docker build --build-arg BASE= .", "docker build --platform linux/amd64 --no-cache .",
               "echo 'print(2)' > app.py", "docker build -t t:1 .", "docker build -t t:1 ."]


@pytest.mark.parametrize("dockerfile", PLAN_CASES)
@pytest.mark.parametrize("profile", ["current", "classic"])
def test_builds_from_a_shared_plan_answer_as_builds_planned_afresh(dockerfile: str, profile: str) -> None:
    """builder._plan (the stages with their bases, the target, the needed stages, each base parsed) is kept
    per (Dockerfile, build args, target): every build, error and world is the one a cold plan gives, in
    the order BuildKit reports them (a blank base, a missing target, then each base: resolved, or its parse
    error, in turn)."""
    from tutor.sim.worldfile import dump_world

    def session(cold: bool) -> tuple:
        shell = Shell(World.default(profile))
        shell.run("cd ~/myapp1 && echo '*.md' > .dockerignore && echo x > README.md")
        shell.run(f"echo -e '{dockerfile}' > Dockerfile")
        answers = []
        for line in PLAN_BUILDS:
            if cold:
                clear_caches()
            r = shell.run(line)
            answers.append((line, r.output, r.exit_code, r.events))
        return answers, dump_world(shell.world)

    warm = session(cold=False)
    assert warm == session(cold=True)
    assert warm == session(cold=False)  # and again, from the plans the first session left


def test_an_attested_image_keeps_the_statement_digest_a_push_would_compute() -> None:
    """attest() stores the statement's digest it hashed (the cached property's value): the same as hashing
    the statement again, and not a field (equality and the saved world ignore it)."""
    shell = Shell(World.default())
    shell.run("docker build -q -t a ~/myapp1")
    image = next(iter(shell.world.machine.store.images.values()))
    attestation = image.attestation
    assert attestation.statement_digest == content.sha256(attestation.statement)
    again = content.Attestation(attestation.image_manifest, attestation.attestation_manifest, attestation.statement)
    assert again == attestation and repr(again) == repr(attestation)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="/.a", max_size=8), st.text(alphabet="/.a", max_size=8))
def test_the_builders_kept_paths_are_posixpaths_own(folder: str, rel: str) -> None:
    """WORKDIR and COPY normalise their paths through builder._normpath/_joined (kept per path): the same
    strings posixpath gives (buildkit's path.Join/Clean for linux)."""
    import posixpath

    for _ in range(2):  # cold, then from the cache
        assert builder._normpath(folder + rel) == posixpath.normpath(folder + rel)
        assert builder._joined(folder, rel) == posixpath.normpath(posixpath.join(folder, rel))
