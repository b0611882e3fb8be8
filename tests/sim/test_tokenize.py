"""The shell tokeniser: bash's quoting, operators, redirections and its error wording."""

from __future__ import annotations

import pytest

from tutor.sim.fs import FileSystem
from tutor.sim.shell.tokenize import NotSimulated, ShellSyntaxError, glob_paths, parse, split

ENV = {"HOME": "/home/learner", "REG": "localhost:5000", "TWO": "a  b"}


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("docker push localhost:5000/myapp1:1.0", ["docker", "push", "localhost:5000/myapp1:1.0"]),
        ("echo 'a  b' \"c  d\" e\\ f", ["echo", "a  b", "c  d", "e f"]),
        ("echo 'it''s'", ["echo", "its"]),
        ('echo "say \\"hi\\" \\$HOME"', ["echo", 'say "hi" $HOME']),
        ("echo 'no $HOME here'", ["echo", "no $HOME here"]),
        ("echo a#b # a comment", ["echo", "a#b"]),
        ("# only a comment", []),
        ("echo '#not a comment'", ["echo", "#not a comment"]),
        (
            "echo ~ ~/myapp1 a~ '~' \"~/x\"",
            ["echo", "/home/learner", "/home/learner/myapp1", "a~", "~", "~/x"],
        ),
        (
            "docker tag myapp1 $REG/myapp1:${REG}",
            ["docker", "tag", "myapp1", "localhost:5000/myapp1:localhost:5000"],
        ),
        ('echo $TWO "$TWO"', ["echo", "a", "b", "a  b"]),
        ("echo $UNSET end", ["echo", "end"]),
        ('echo "$UNSET" end', ["echo", "", "end"]),
        ("echo '' \"\"", ["echo", "", ""]),
        ("echo $ 5$", ["echo", "$", "5$"]),
        ("echo $'tab\\there'", ["echo", "tab\there"]),
        ("echo héllo 'wörld' ✓", ["echo", "héllo", "wörld", "✓"]),
        ("  \t ", []),
    ],
)
def test_words(line: str, words: list[str]) -> None:
    assert split(line, ENV) == words


def test_list_operators_become_steps() -> None:
    steps = parse("docker build -t x . && docker push x || echo failed ; ls")
    assert [s.op for s in steps] == ["", "&&", "||", ";"]
    assert [s.command.words[0].raw for s in steps] == ["docker", "docker", "echo", "ls"]


def test_operators_need_no_spaces_and_quoted_ones_are_words() -> None:
    assert [s.op for s in parse("true&&echo a;echo b||echo c")] == ["", "&&", ";", "||"]
    assert split("echo '&&' \";\" \\;") == ["echo", "&&", ";", ";"]


def test_trailing_semicolon_and_newlines() -> None:
    assert len(parse("ls ;")) == 1
    steps = parse("ls\npwd")
    assert [s.op for s in steps] == ["", ";"]
    assert [s.op for s in parse("ls &&\npwd")] == ["", "&&"]


def test_redirections() -> None:
    (step,) = parse("docker images > out.txt 2>&1")
    assert [w.raw for w in step.command.words] == ["docker", "images"]
    first, second = step.command.redirects
    assert (first.fd, first.append, first.target.raw) == (1, False, "out.txt")
    assert (second.fd, second.dup) == (2, 1)
    (step,) = parse("echo hi>>notes.txt 2>err.txt &>both")
    fds = [(r.fd, r.append, r.target.raw) for r in step.command.redirects]
    assert fds == [(1, True, "notes.txt"), (2, False, "err.txt"), (-1, False, "both")]


def test_a_number_glued_to_a_word_is_not_a_file_descriptor() -> None:
    (step,) = parse("echo a2>f")
    assert [w.raw for w in step.command.words] == ["echo", "a2"]
    assert step.command.redirects[0].fd == 1
    (step,) = parse("echo '2'>f")
    assert step.command.redirects[0].fd == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("&& ls", "bash: syntax error near unexpected token `&&'"),
        ("ls && && pwd", "bash: syntax error near unexpected token `&&'"),
        ("|| ls", "bash: syntax error near unexpected token `||'"),
        ("; ls", "bash: syntax error near unexpected token `;'"),
        ("ls ;; pwd", "bash: syntax error near unexpected token `;;'"),
        ("echo >", "bash: syntax error near unexpected token `newline'"),
        ("echo > && ls", "bash: syntax error near unexpected token `&&'"),
        ("echo a )", "bash: syntax error near unexpected token `)'"),
        ('echo "unterminated', "bash: unexpected EOF while looking for matching `\"'"),
        ("echo 'unterminated", "bash: unexpected EOF while looking for matching `''"),
        ("ls &&", "bash: syntax error: unexpected end of file"),
    ],
)
def test_syntax_errors_are_worded_as_bash(line: str, message: str) -> None:
    with pytest.raises(ShellSyntaxError) as exc:
        parse(line)
    assert str(exc.value) == message
    assert exc.value.exit_code == 2


@pytest.mark.parametrize(
    ("line", "mentions"),
    [
        ("echo $(docker images -q)", "command substitution"),
        ("echo `ls`", "command substitution"),
        ('echo "x $(pwd)"', "command substitution"),
        ("docker images | grep myapp", "pipe"),
        ("docker push x &", "background"),
        ("cat < Dockerfile", "input redirection"),
        ("(cd myapp1)", "subshell"),
    ],
)
def test_features_not_simulated_say_so_plainly(line: str, mentions: str) -> None:
    with pytest.raises(NotSimulated) as exc:
        parse(line)
    assert mentions in str(exc.value)
    assert "not simulated" in str(exc.value)


def test_glob_paths_against_the_simulated_tree() -> None:
    fs = FileSystem.default_home("/home/learner")
    home = "/home/learner"
    assert glob_paths("myapp2?", home, fs) == [f"myapp2{n}" for n in range(0, 6)]
    assert glob_paths("myapp1/*", home, fs) == ["myapp1/Dockerfile", "myapp1/app.py"]
    assert glob_paths("myapp*/app.py", home, fs)[:2] == ["myapp1/app.py", "myapp10/app.py"]
    assert glob_paths("/home/*/README.md", "/", fs) == ["/home/learner/README.md"]
    assert glob_paths("*.nothing", home, fs) == []
