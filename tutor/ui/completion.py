"""Tab completion for the simulated terminal: programs, docker subcommands, flags, images, repos, paths.

Pure (no Textual): given the text left of the cursor and the world, say which
words could finish the word being typed. The input widget decides how to
apply them (insert the common prefix, or list the choices as bash does).
"""

from __future__ import annotations

from dataclasses import dataclass

# What the simulated shell runs (design.md contract 5) plus docker and curl.
PROGRAMS = (
    "cat", "cd", "clear", "curl", "docker", "echo", "explain", "help", "history", "ls", "pwd",
)
PATH_PROGRAMS = {"cat", "cd", "ls"}
SEPARATORS = ("&&", "||", ";", "|")
# docker commands whose positional arguments are local images
LOCAL_IMAGE_ARGS = {"push", "tag", "rmi", "run", "inspect", "history", "rm", "save"}
HOST_PREFIXES = ("localhost:5000/",)


@dataclass(frozen=True)
class Completion:
    """Replace ``text[start:cursor]`` (the word being typed) with one of ``candidates``."""

    start: int
    word: str
    candidates: tuple[str, ...]

    @property
    def common(self) -> str:
        """The longest prefix all candidates share (what one Tab inserts)."""
        if not self.candidates:
            return self.word
        first, last = min(self.candidates), max(self.candidates)
        n = 0
        while n < min(len(first), len(last)) and first[n] == last[n]:
            n += 1
        return first[:n]

    @property
    def unique(self) -> bool:
        return len(self.candidates) == 1


def complete(text: str, world=None) -> Completion:
    """Completion for the last word of ``text`` (the text left of the cursor)."""
    start = len(text) - len(text.split(" ")[-1]) if text and not text.endswith(" ") else len(text)
    word = text[start:]
    words = _current_segment(text[:start].split())
    candidates = sorted(set(c for c in _candidates(words, word, world) if c.startswith(word)))
    return Completion(start, word, tuple(candidates))


def _programs() -> list[str]:
    from tutor.sim.shell import PROGRAMS as SHELL_PROGRAMS

    return sorted(set(SHELL_PROGRAMS) | set(PROGRAMS))


def _current_segment(words: list[str]) -> list[str]:
    """Words after the last ``&&`` / ``;`` (the command the cursor is in)."""
    for i in range(len(words) - 1, -1, -1):
        if words[i] in SEPARATORS or words[i].endswith(";"):
            return words[i + 1 :]
    return words


def _candidates(words: list[str], word: str, world) -> list[str]:
    if not words:
        return _programs()
    program = words[0]
    if program == "docker":
        return _docker(words[1:], word, world)
    if program in PATH_PROGRAMS:
        return _paths(word, world, dirs_only=program == "cd")
    if program == "curl":
        return _curl(word, world)
    if program == "help":
        return ["docker", "curl", "shell", "explain", "simplifications"]
    return []


# --- docker ---------------------------------------------------------------


def _docker_table():
    from tutor.sim.shell import docker

    return docker.command_table(), docker.MANAGEMENT


def _docker(args: list[str], word: str, world) -> list[str]:
    commands, management = _docker_table()
    positional = [a for a in args if not a.startswith("-")]
    if not positional:
        if word.startswith("-"):
            return ["--help", "--version"]
        tops = {path.split()[1] for path in commands if path.count(" ") == 1}
        return sorted(tops | set(management))
    path = f"docker {positional[0]}"
    used = 1
    if positional[0] in management:
        if len(positional) == 1:
            if word.startswith("-"):
                return ["--help"]
            return [p.split()[2] for p in commands if p.startswith(path + " ") and p.count(" ") == 2]
        path, used = f"{path} {positional[1]}", 2
    command = commands.get(path)
    if command is None:
        return []
    if word.startswith("-"):
        flags = ["--help"]
        for flag in command.flags:
            if flag.deprecated:  # cobra completes no deprecated (hidden) flag
                continue
            flags.append(f"--{flag.long}")
            if flag.short and not word.startswith("--"):
                flags.append(f"-{flag.short}")
        return flags
    last = args[-1] if args else ""
    if last in ("-t", "--tag"):
        return _image_names(world, tags=False)
    if last in ("-f", "--file"):
        return _paths(word, world, dirs_only=False)
    verb = path.split()[-1]
    if verb in ("build",):
        return _paths(word, world, dirs_only=True)
    if verb in ("pull",):
        return _registry_refs(world) + _image_names(world, tags=True)
    if verb in ("login", "logout"):
        return ["localhost:5000", "docker.io"]
    if verb == "tag" and len(positional) - used >= 1:
        # the target: keep the source's name, or prefix a registry host
        return list(HOST_PREFIXES) + _registry_refs(world, tags=False) + _image_names(world, tags=True)
    if verb in LOCAL_IMAGE_ARGS or verb in ("ls", "images"):
        return _image_names(world, tags=True)
    if verb == "inspect" and path.startswith("docker manifest"):
        return _registry_refs(world)
    return []


def _image_names(world, tags: bool) -> list[str]:
    """Local images as the learner types them: ``myapp1:1.0`` (tags) or ``myapp1`` (names)."""
    if world is None:
        return []
    from tutor.sim.query import local_images

    out: set[str] = set()
    for image in local_images(world):
        for ref in image.tags:
            out.add(ref if tags else ref.rpartition(":")[0])
    return sorted(out)


def _registry_refs(world, tags: bool = True) -> list[str]:
    """``localhost:5000/myapp1`` and ``localhost:5000/myapp1:1.0``, plus Hub's official images."""
    if world is None:
        return []
    from tutor.sim.query import shelves

    out: list[str] = []
    for host in world.registries:
        for shelf in shelves(world, host):
            name = shelf.path.removeprefix("library/") if host == "docker.io" else f"{host}/{shelf.path}"
            out.append(name)
            if tags:
                out.extend(f"{name}:{tag}" for edition in shelf.editions for tag in edition.tags)
    return out


# --- files and URLs -------------------------------------------------------


def _paths(word: str, world, dirs_only: bool) -> list[str]:
    if world is None:
        return []
    machine = world.machine
    head, _, _ = word.rpartition("/")
    folder_typed = head + "/" if "/" in word else ""
    from tutor.sim.fs import FileSystem

    folder = FileSystem.resolve(machine.cwd, folder_typed or ".", machine.home) if folder_typed != "/" else "/"
    try:
        names = machine.fs.listdir(folder)
    except Exception:  # noqa: BLE001 - a bad folder simply completes nothing
        return []
    out = []
    for name in names:
        full = folder.rstrip("/") + "/" + name
        if machine.fs.is_dir(full):
            out.append(folder_typed + name + "/")
        elif not dirs_only:
            out.append(folder_typed + name)
    return out


def _curl(word: str, world) -> list[str]:
    base = "http://localhost:5000/v2/"
    out = [base, base + "_catalog"]
    if world is not None:
        from tutor.sim.query import shelves

        for shelf in shelves(world, "localhost:5000"):
            out.append(f"{base}{shelf.path}/tags/list")
            out.extend(f"{base}{shelf.path}/manifests/{tag}" for e in shelf.editions for tag in e.tags)
    if word.startswith("-"):
        return ["-I", "-X", "-H", "-s", "-i", "-v"]
    return out
