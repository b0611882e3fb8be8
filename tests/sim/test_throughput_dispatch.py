"""The dispatch shortcuts of the 5,000-command benchmark (benchmarks/bench_shell.py, sixth pass) answer
exactly as the general way they skip.

What every line pays was cut by paths that skip general machinery for the common case: the shell runs a
line of plain and '...' words (with at most a final ``> file``) from its raw tokens without building
Words; docker's flag parsing of an argv without flags; the reference parser's split of ``name:tag``.
Each test here runs the same input both ways (the shortcut turned off by patching its entry point) and
compares everything a learner or a lesson could observe: output, exit status, events, what ``explain``
and the next command would read from the shell, and the saved world.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sim.test_fuzz_commands import LINES
from tests.sim.test_journal import MORE
from tests.sim.test_throughput_caches import LINE_TEXT
from tutor.sim import reference
from tutor.sim import shell as shell_module
from tutor.sim.shell import Shell, docker
from tutor.sim.shell import tokenize as tk
from tutor.sim.shell.docker import cli
from tutor.sim.world import World

# --- the shell's direct path -------------------------------------------------------------------

# Words that a direct line can hold, and some that send it the general way (keywords, assignments, globs,
# $, quotes of the other kind, operators glued to words, `>` in the wrong place).
DIRECT_WORDS = st.sampled_from(
    ["echo", "cat", "ls", "ls -l", "cd", "pwd", "true", "false", "touch", "mkdir", "rm", "docker", "images", "tag",
     "explain", "history", "clear", "export", "unset", "whoami", "nosuchcmd", "./run.sh", "ssh", "exit",
     "-n", "-e", "-ne", "~", "~/x", "~/myapp1", "~/myapp1/app.py", "~x", "a~b", "/tmp", "/tmp/f", "/nowhere/f",
     "~/myapp1/Dockerfile/x", "..", "'a b'", "''", "'~'", "'\\n'", "'x\"y'", "\"q\"", "A=1", "HOME=/tmp", "'A=1'",
     "if", "{", "done", "*", "~/*", "$HOME", "a>b", ">", ">>", "> ~/out.txt", ">> ~/out.txt", "> /tmp",
     "> ''", "> /nowhere/f", "2>", "&&", ";", "#", "\t", "é", "\x1b[1m", "ls\x0b", "\xa0"]
)  # fmt: skip


REDIRECTIONS = st.sampled_from(["", "> ~/out.txt", ">> ~/out.txt", "> '~/q t'", ">> /tmp", "> ~/myapp1/app.py",
                                "> ''", "> /nowhere/f", "> ~", ">> ~/README.md/x", "> ~x"])


@st.composite
def direct_line(draw) -> str:
    if draw(st.booleans()):  # a program writing into a file: echo's -n and -e decide how the file ends
        words = ["echo", *draw(st.lists(st.sampled_from(["-n", "-e", "-ne", "-E"]), max_size=1)),
                 *draw(st.lists(st.sampled_from(["hi", "'a b'", "'x\\n'", "'x\\c'", "''", "~"]), max_size=3)),
                 draw(REDIRECTIONS)]
    else:
        words = draw(st.lists(DIRECT_WORDS, min_size=1, max_size=6))
    return draw(st.sampled_from([" ", "  ", "\t"])).join(words) + draw(st.sampled_from(["", " ", "\t"]))


def observed(shell: Shell, lines: list[str]) -> list[tuple]:
    """What each line shows and leaves behind: its Result, then what explain and the next command read."""
    seen = []
    for line in lines:
        r = shell.run(line)
        seen.append((line, r.output, r.exit_code, r.events, r.clear, shell.last_status, shell.last_command,
                     shell.last_exit, shell.last_errors, shell.last_events, dict(shell.vars), shell.oldpwd,
                     shell.exit_requested, shell.explain().output))
    seen.append(shell.world.to_dict())
    return seen


def general_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line the general way: parsed into Words, expanded, routed (the direct path never taken)."""
    monkeypatch.setattr(shell_module, "direct_tokens", lambda line: None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["current", "classic"]), st.lists(direct_line(), min_size=1, max_size=8))
def test_a_direct_line_answers_as_the_parsed_line(profile: str, lines: list[str]) -> None:
    direct = observed(Shell(World.default(profile)), lines)
    with pytest.MonkeyPatch.context() as mp:
        general_only(mp)
        assert observed(Shell(World.default(profile)), lines) == direct


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINES, MORE, direct_line()), min_size=1, max_size=10))
def test_docker_and_file_commands_answer_the_same_both_ways(lines: list[str]) -> None:
    direct = observed(Shell(World.default()), lines)
    with pytest.MonkeyPatch.context() as mp:
        general_only(mp)
        assert observed(Shell(World.default()), lines) == direct


def test_the_direct_path_is_taken_for_the_benchmark_lines() -> None:
    """The lines the benchmark types are the ones the direct path is for (else it measures nothing)."""
    for line in ("echo 'print(\"myapp1 version 1.0\")' > ~/myapp1/app.py",
                 "docker build -q -t localhost:5000/myapp1:latest ~/myapp1",
                 "docker tag localhost:5000/myapp1:latest localhost:5000/myapp1:1.0",
                 "docker push -q localhost:5000/myapp1:1.0"):  # fmt: skip
        assert tk.direct_tokens(line), line


def test_direct_tokens_are_the_scanners_words_and_operators() -> None:
    """bash(1) QUOTING: a '...' word keeps its blanks; `>` between blanks is an operator."""
    line = "echo  'a  b' ''\t~/x > ~/out.txt"
    assert tk.direct_tokens(line) == ["echo", "'a  b'", "''", "~/x", ">", "~/out.txt"]
    scanned = tk._Scanner(line).scan()
    assert [t.raw if isinstance(t, tk.Word) else t.text for t in scanned] == tk.direct_tokens(line)
    for general in ("echo a>b", "echo 'a'b", "echo b'a'", "echo 'a''b'", "echo 'a", "ls *.py", "echo $HOME",
                    'echo "x"', "a && b", "echo a # c", "echo >'x'", "echo 'x'>f"):
        assert tk.direct_tokens(general) is None, general


# quoted words next to each other, to words, to `>` and to blanks: where a quote splits or glues words
QUOTES_AND_BLANKS = st.lists(st.sampled_from(["'a'", "'x y'", "''", "'", " ", "\t", "a", ">", ">>", "~", "~/"]),
                             max_size=8).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.lists(DIRECT_WORDS, max_size=6).map(" ".join), LINE_TEXT, QUOTES_AND_BLANKS))
def test_direct_tokens_split_a_line_as_the_scanner_does(line: str) -> None:
    """Each direct token is the scanner's token: a word of one literal part (quoted exactly when it is a
    '...' word), or ``~`` and a literal, or the operator ``>``/``>>``."""
    tokens = tk.direct_tokens(line)
    if tokens is None:
        return
    scanned = tk._Scanner(line).scan()
    assert [t.raw if isinstance(t, tk.Word) else t.text for t in scanned] == tokens
    for token, word in zip(tokens, scanned, strict=True):
        if isinstance(word, tk._Op):
            assert word.text in (">", ">>")
        elif token[0] == "'":
            assert word.parts == (tk.Part("lit", token[1:-1], True),)
        elif token == "~" or token[:2] == "~/":
            assert word.parts[0].kind == "tilde" and all(p.kind == "lit" and not p.quoted for p in word.parts[1:])
        else:
            assert word.parts == (tk.Part("lit", token, False),)
            assert tk.GLOB_CHARS.isdisjoint(token)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE_TEXT, min_size=1, max_size=5))
def test_any_line_answers_the_same_with_or_without_the_direct_path(lines: list[str]) -> None:
    direct = observed(Shell(World.default()), lines)
    with pytest.MonkeyPatch.context() as mp:
        general_only(mp)
        assert observed(Shell(World.default()), lines) == direct


def test_only_blank_and_tab_part_the_words_of_a_direct_line() -> None:
    """bash splits words at blanks (space, tab) only; str.split() also splits at these, so they keep a
    line without quotes from the direct path (one with quotes is tokenised by regex: one word)."""
    import sys

    for c in map(chr, range(sys.maxunicode + 1)):
        if len(f"a{c}b".split()) > 1 and c not in " \t":
            assert tk.direct_tokens(f"echo a{c}b") is None, hex(ord(c))
            assert tk.direct_tokens(f"echo 'q' a{c}b") in (None, ["echo", "'q'", f"a{c}b"]), hex(ord(c))


def test_a_home_too_long_for_the_expansion_budget_is_refused_as_the_general_way_refuses_it() -> None:
    shell = Shell(World.default())
    shell.vars["HOME"] = "/h" * 40_000
    for line in ("echo ~ ~", "echo hi > ~/x", "echo ~"):
        r = shell.run(line)
        with pytest.MonkeyPatch.context() as mp:
            general_only(mp)
            other = Shell(World.default())
            other.vars["HOME"] = shell.vars["HOME"]
            assert other.run(line).output == r.output
    assert "expands to more than 128 KiB" in shell.run("echo ~ ~").text


# --- references: name and tag matched apart ----------------------------------------------------

# distribution/reference regexp.go: the characters its grammar gives meaning to, and some it rejects
REFERENCE_TEXT = st.one_of(
    st.text(alphabet="ab09AZ:/._-@", max_size=24),
    st.lists(st.sampled_from(["localhost", ":5000", "/", "myapp1", ":", "1.0", "latest", "@", "sha256:" + "a" * 64,
                              "docker.io", "library", "Foo", "[::1]", "__", "--", ".", "x" * 130, "é", "\n",
                              "\u0130", "index.docker.io", "b" * 64, "MyApp"]),
             max_size=6).map("".join),
)


def outcome(parse, text: str) -> object:
    try:
        return parse(text)
    except reference.InvalidReference as exc:
        return type(exc), str(exc)


@settings(max_examples=1500, deadline=None)
@given(REFERENCE_TEXT)
def test_a_reference_split_at_its_tag_parses_as_the_whole_grammar_parses_it(text: str) -> None:
    """reference.go Parse: ReferenceRegexp's name, tag and digest submatches; errors in its order."""
    assert outcome(reference.parse_strict.__wrapped__, text) == outcome(reference._parse_by_grammar, text)


def parse_the_long_way(text: str) -> reference.Reference:
    """normalize.go ParseNormalizedNamed step by step: every check by its regex, Go's ToLower, the whole grammar."""
    if reference._ANCHORED_IDENTIFIER_RE.fullmatch(text) is not None:
        raise reference.InvalidReference(
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = reference._split_docker_domain(text)
    tag_sep = remainder.find(":")
    remote = remainder[:tag_sep] if tag_sep > -1 else remainder
    if reference._go_to_lower(remote) != remote:
        raise reference.InvalidReference(f"invalid reference format: repository name ({remote}) must be lowercase")
    return reference._parse_by_grammar(domain + "/" + remainder)


@settings(max_examples=1500, deadline=None)
@given(REFERENCE_TEXT)
def test_a_normalised_reference_parses_as_the_long_way_parses_it(text: str) -> None:
    assert outcome(reference.parse.__wrapped__, text) == outcome(parse_the_long_way, text)


@settings(max_examples=500, deadline=None)
@given(REFERENCE_TEXT)
def test_parse_any_answers_the_same_cached(text: str) -> None:
    """normalize.go ParseAnyReference, called twice (the second answer comes from the cache)."""
    first = outcome(reference.parse_any, text)
    assert outcome(reference.parse_any, text) == first == outcome(reference.parse_any.__wrapped__, text)


def test_a_repository_name_too_long_is_refused_on_the_short_way_too() -> None:
    """reference.go: ErrNameTooLong counts the path (255), with or without a tag."""
    long_name = "localhost:5000/" + "a" * 256
    for text in (long_name, long_name + ":1.0"):
        assert outcome(reference.parse_strict.__wrapped__, text) == (reference.InvalidReference,
                                                                     reference.ERR_NAME_TOO_LONG)
    assert reference.parse_strict("localhost:5000/myapp1:1.0") == reference.Reference("localhost:5000", "myapp1", "1.0")


# --- docker's flag parsing: an argv without flags ----------------------------------------------

# every kind of flag pflag knows here, each with a letter: bool, string, list (with a default), int, deprecated
EVERY_KIND = [cli.Flag("quiet", "q"), cli.Flag("name", "n", kind="string"), cli.Flag("tag", "t", kind="list"),
              cli.Flag("label", "l", kind="list", default=["a=b"]), cli.Flag("last", "i", kind="int", default=-1),
              cli.Flag("old", "o", deprecated="use --name"), cli.Flag("trust", "T", kind="string", deprecated="gone")]
SYNTHETIC = [cli.Command(path="docker x", use="x", short="", handler=lambda ctx, args: 0, flags=EVERY_KIND,
                         interspersed=interspersed) for interspersed in (True, False)]


@st.composite
def command_and_argv(draw) -> tuple[cli.Command, list[str]]:
    """A docker command and words mixing its own flags (short, long, --x=v, clusters) with values and strays."""
    command = draw(st.one_of(st.sampled_from(SYNTHETIC),
                             st.sampled_from(sorted(docker.command_table())).map(docker.command_table().get)))
    own = [f"-{f.short}" for f in command.flags if f.short] + [f"--{f.long}" for f in command.flags]
    shorts = "".join(f.short for f in command.flags if f.short)
    words = st.one_of(
        st.sampled_from(own or ["-q"]),
        st.sampled_from(["localhost:5000/myapp1", "a", "", "x-y", "--", "-", "-h", "--help", "-z", "--nope", "1",
                         "false", "-q=false", "--quiet=0", "é", "a\0-b"]),
        st.text(alphabet=shorts or "q", min_size=2, max_size=3).map(lambda letters: "-" + letters),
    )
    return command, draw(st.lists(words, max_size=5))


@settings(max_examples=600, deadline=None)
@given(command_and_argv())
def test_an_argv_of_words_and_lone_letters_parses_as_pflags_loop_parses_it(case: tuple) -> None:
    """spf13/pflag flag.go Parse/parseShortArg: Command.parse's one loop for words and lone letters (-q,
    -t VALUE) gives what the general loop (_parse_flags, with its errors) gives for every argv."""
    command, argv = case
    fast = outcome_of(lambda: command.parse(list(argv)))
    general = outcome_of(lambda: command._parse_flags(cli._FlagParse(command.flags, list(argv)), list(argv)))
    assert fast == general


def outcome_of(parse) -> object:
    try:
        args = parse()
    except (cli.FlagError, cli.HelpRequested) as exc:
        return type(exc), str(exc)
    return list(args.__dict__.items())


def test_two_parses_share_no_list() -> None:
    """--build-arg a --build-arg b appends to the flag's list: a parse without flags must not hand out a list
    the next parse appends to."""
    build = docker.command_table()["docker build"]
    first = build.parse(["."])
    build.parse(["-t", "x", "--build-arg", "A=1", "."])
    assert first.values == build.parse(["."]).values
    assert build.parse(["."]).tag is not build.parse(["."]).tag


@given(st.dictionaries(st.sampled_from(["values", "positional", "changed", "notices", "tag", "quiet", "all"]),
                       st.integers(), max_size=4))
def test_flags_read_as_attributes_never_hide_the_args_fields(values: dict) -> None:
    """Args holds its four fields and each flag as an attribute (a field wins a clash), as __post_init__ has it."""
    args = cli.Args(values, ["p"])
    expected = {"values": values, "positional": ["p"], "changed": set(), "notices": []}
    expected.update((k, v) for k, v in values.items() if k not in expected)
    assert vars(args) == expected
    twin = cli.Args.__new__(cli.Args)
    twin.__dict__.update(values=values, positional=["p"], changed=set(), notices=[])
    twin.__post_init__()
    assert vars(twin) == vars(args)
    assert (args.values, args.positional, args.changed, args.notices) == (values, ["p"], set(), [])
