"""Why a command failed, retold in library words, and what would work (what ``explain`` says after an error).

Pure: it reads the failed command line and the error text the simulator printed (worded as
Docker 29.7 and Distribution v3.1 word them; see /work/shared/docker-reference) and matches
the known refusals. Nothing here decides whether a command fails: the simulator did that.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

Story = tuple[str, str]  # (why Docker refused, in library words; what would work)


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def _first_ref(command: str) -> str | None:
    """The first argument of a docker command that looks like an image reference."""
    words = _words(command)
    for word in words[2:] if words[:1] == ["docker"] else words[1:]:
        if not word.startswith("-") and ("/" in word or ":" in word or word.isalnum()):
            return word
    return None


def _hub_push(command: str, error: str) -> Story:
    ref = _first_ref(command) or "NAME"
    shelf = ref.split(":", 1)[0] if "/" not in ref else ref.rsplit(":", 1)[0]
    return (
        f"A name with no registry host in front (like `{ref}`) means Docker Hub: "
        f"docker.io/library/{shelf.removeprefix('docker.io/').removeprefix('library/')}. "
        "That library is read-only here and refuses a push from someone without an account.",
        f"Put your library's address in the name: `docker tag {ref} localhost:5000/{ref}` "
        f"and then `docker push localhost:5000/{ref}`.",
    )


def _pull_denied(command: str, error: str) -> Story:
    ref = _first_ref(command) or "NAME"
    return (
        f"With no registry host, `{ref}` was looked up on Docker Hub, and Hub has no such shelf "
        "(or it is private).",
        f"If it lives in your own library, name it: `localhost:5000/{ref}`. "
        "`curl http://localhost:5000/v2/_catalog` lists the shelves there.",
    )


def _manifest_unknown(command: str, error: str) -> Story:
    ref = _first_ref(command) or "NAME"
    tag = "latest"
    match = re.search(r"(?::([\w][\w.-]{0,127}))$", ref.rsplit("/", 1)[-1])
    if match:
        tag = match.group(1)
    no_tag = not match
    why = f"The library has no edition labelled `{tag}` on that shelf (or no such shelf at all)."
    if no_tag:
        why += " A name without a tag means `:latest`, and `latest` is only there if someone pushed it."
    repo = ref.rsplit(":", 1)[0] if match else ref
    host, _, path = repo.partition("/")
    return (
        why,
        f"See which labels the shelf has: `curl http://{host}/v2/{path}/tags/list`, then ask for one of them."
        if "." in host or ":" in host or host == "localhost"
        else "Ask for a label the shelf has, or push the one you need first.",
    )


def _repo_unknown(command: str, error: str) -> Story:
    return (
        "The library has no shelf with that name: a shelf only appears with its first push.",
        "`curl http://localhost:5000/v2/_catalog` lists the shelves; check the spelling, or push to it first.",
    )


def _no_such_image(command: str, error: str) -> Story:
    return (
        "Your laptop has no image under that name, so there is nothing to stick a label on (or remove).",
        "`docker images` lists what the laptop has. Pull it first if it is only in the library, "
        "or build it.",
    )


def _tag_does_not_exist(command: str, error: str) -> Story:
    ref = _first_ref(command) or "NAME"
    return (
        f"`docker push` sends an image your laptop already has under that exact name; there is no `{ref}` here.",
        "Label the image with that name first (`docker tag SOURCE "
        f"{ref}`), then push it. `docker images` shows the names you have.",
    )


def _bad_reference(command: str, error: str) -> Story:
    why = "Docker could not read the name as an image reference: "
    if "lowercase" in error:
        why += "repository (shelf) names must be all lowercase."
        fix = "Write the name in lowercase; tags may have capitals, shelf names may not."
    else:
        why += (
            "it is HOST[:PORT]/SHELF[:LABEL] — lowercase shelf names, a label of at most 128 letters, "
            "digits, `_`, `.` and `-`, and a digest written in full (sha256: and 64 hex digits)."
        )
        fix = "Fix the name, e.g. `localhost:5000/myapp1:1.0`; `help docker` shows examples."
    return why, fix


def _connection_refused(command: str, error: str) -> Story:
    return (
        "Nothing answered at that address: there is no library (registry) running there. "
        "`localhost` always means the machine you are on.",
        "Use the address of a registry that exists: `localhost:5000` on your laptop, or the team "
        "registry's host name from another machine.",
    )


def _conflict(command: str, error: str) -> Story:
    return (
        "Docker refused to throw the image away: it still has other names, or a container uses it.",
        "Remove the other tags one by one (`docker rmi NAME:TAG`), remove the container, or add `-f` "
        "if you really mean it.",
    )


KNOWN_PROGRAMS = ("docker", "curl", "ls", "cd", "cat", "echo", "pwd", "registry", "ssh")


def _not_found_command(command: str, error: str) -> Story:
    program = (_words(command) or ["?"])[0]
    if program != program.lower() and program.lower() in KNOWN_PROGRAMS:
        return (
            f"Commands are case-sensitive: `{program}` is not `{program.lower()}`.",
            f"Type it in lowercase: `{program.lower()}{command.strip()[len(program):]}`.",
        )
    return (
        f"`{program}` is not a program this simulated shell has.",
        "`help` lists what it can run; the tutor's own words (hint, undo, …) work at a lesson's prompt.",
    )


def _no_such_file(command: str, error: str) -> Story:
    return (
        "That file or folder does not exist where the command looked (paths are relative to the current folder).",
        "`pwd` shows where you are and `ls` what is there; `cd ~/myapp1` goes to an app folder.",
    )


RULES: tuple[tuple[re.Pattern[str], Callable[[str, str], Story]], ...] = (
    (re.compile(r"push access denied|denied: requested access to the resource is denied"), _hub_push),
    (re.compile(r"pull access denied"), _pull_denied),
    (re.compile(r"manifest unknown|MANIFEST_UNKNOWN|: not found"), _manifest_unknown),
    (re.compile(r"name unknown|repository name not known"), _repo_unknown),
    (re.compile(r"No such image|An image does not exist locally"), _no_such_image),
    (re.compile(r"tag does not exist"), _tag_does_not_exist),
    (re.compile(r"invalid reference format|not a valid repository/tag|must be lowercase|invalid tag"), _bad_reference),
    (re.compile(r"connection refused|no such host|server gave HTTP response"), _connection_refused),
    (re.compile(r"conflict: unable to (delete|remove)"), _conflict),
    (re.compile(r"command not found"), _not_found_command),
    (re.compile(r"No such file or directory"), _no_such_file),
)


def failure_story(command: str, exit_code: int, errors: list[str]) -> list[str]:
    """Lines for ``explain`` after a failed command: what was said, why, in library words, and what works."""
    said = next((line.strip() for line in errors if line.strip()), "")
    lines = [f"`{command}` failed (exit status {exit_code}) and changed nothing."]
    if said:
        lines.append(f"  It said: {said}")
    text = "\n".join(errors)
    for pattern, story in RULES:
        if pattern.search(text):
            why, fix = story(command, text)
            lines.append(f"  Why: {why}")
            lines.append(f"  What would work: {fix}")
            return lines
    lines.append("  Read the error above: it names what was missing or refused. `help` lists the commands.")
    return lines
