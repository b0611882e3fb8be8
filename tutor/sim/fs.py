"""A simulated, in-memory file system: absolute POSIX paths, text files, folders.

Nothing here touches the real disk. Paths are always absolute and normalised
(``/home/learner/myapp1/app.py``); ``resolve`` turns what a learner typed
(``~/myapp1``, ``../x``, ``.``) into such a path. Errors are ``FsError`` with an
errno-like ``kind``; the shell builtins word them as bash/coreutils would.
"""

from __future__ import annotations

from bisect import bisect_left

from tutor.sim.errors import SimError
from tutor.sim.journal import Journaled

APP_COUNT = 25

DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY . /app
CMD ["python", "app.py"]
"""

HOME_README = """\
# Your practice folders

myapp1 ... myapp25 are 25 small applications, one folder each.
Every folder holds a Dockerfile (FROM python:3.12-slim, COPY . /app, a CMD)
and app.py, which prints the app's name and version.

A registry is running at localhost:5000 (empty, deletion enabled); Docker Hub
(docker.io) is read-only here. Try:

    cd ~/myapp1
    docker build -t localhost:5000/myapp1:1.0 .
    docker push localhost:5000/myapp1:1.0

Change a file (echo 'print("hi")' >> app.py) and the next build makes a new image.
Type `help` for everything the simulator understands.
"""

#: errno-like kinds and the strerror text bash and coreutils print for them
STRERROR = {
    "ENOENT": "No such file or directory",
    "ENOTDIR": "Not a directory",
    "EISDIR": "Is a directory",
    "EEXIST": "File exists",
    "ENOTEMPTY": "Directory not empty",
    "EINVAL": "Invalid argument",
    "EBUSY": "Device or resource busy",
}


class FsError(SimError):
    """A file-system operation failed: ``kind`` is errno-like (``ENOENT``), ``path`` the absolute path."""

    def __init__(self, kind: str, path: str) -> None:
        self.kind = kind
        self.path = path
        self.strerror = STRERROR.get(kind, kind)
        super().__init__(f"{path}: {self.strerror}")


_SORTED_PATHS: dict[tuple[str, ...], list[str]] = {}  # a machine's paths (dict order) -> sorted (files_under)
_SORTED_PATHS_MAX = 16


def app_source(n: int, version: str = "1.0") -> str:
    return f'print("Hello from myapp{n}, version {version}")\n'


def normalize(path: str) -> str:
    """Normalise an absolute path lexically: collapse ``//``, ``.`` and ``..`` (``/..`` is ``/``)."""
    if path[:1] == "/" and path[-1] != "/" and "//" not in path and "/." not in path:
        return path  # already normal (no empty, ``.`` or ``..`` part): what _normalize_parts would rebuild
    return _normalize_parts(path)


def _normalize_parts(path: str) -> str:
    """normalize, part by part (the general way)."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/" + "/".join(parts)


def parent_of(path: str) -> str:
    if path == "/":
        return "/"
    head = path.rsplit("/", 1)[0]
    return head or "/"


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1] if path != "/" else "/"


class FileSystem(Journaled):
    """Folders and text files keyed by absolute, normalised paths.

    ``mtimes`` keeps a simulated modification time (the world's clock, seconds)
    for each file and folder, for ``ls -l``.
    """

    __journal_quiet__ = frozenset({"_mtimes"})  # `touch` on a file that exists is not an undo point

    def __init__(
        self,
        files: dict[str, str] | None = None,
        dirs: set[str] | None = None,
        mtimes: dict[str, int] | None = None,
    ) -> None:
        self._files: dict[str, str] = dict(files or {})
        self._dirs: set[str] = set(dirs or ()) | {"/"}
        self._mtimes: dict[str, int] = dict(mtimes or {})
        # every file's and folder's ancestors exist
        for path in list(self._files) + list(self._dirs):
            parent = parent_of(path)
            while parent not in self._dirs:
                self._dirs.add(parent)
                parent = parent_of(parent)

    # --- construction ----------------------------------------------------

    @classmethod
    def default_home(cls, home: str = "/home/learner") -> FileSystem:
        """The default world's file system: ``~/myapp1`` … ``~/myapp25`` and a README."""
        fs = cls(dirs={"/tmp", home})
        fs.write(f"{home}/README.md", HOME_README)
        for n in range(1, APP_COUNT + 1):
            folder = f"{home}/myapp{n}"
            fs.mkdir(folder)
            fs.write(f"{folder}/Dockerfile", DOCKERFILE)
            fs.write(f"{folder}/app.py", app_source(n))
        return fs

    def clone(self) -> FileSystem:
        new = FileSystem.__new__(FileSystem)
        new._files = dict(self._files)
        new._dirs = set(self._dirs)
        new._mtimes = dict(self._mtimes)
        return new

    def to_dict(self) -> dict:
        return {
            "dirs": sorted(self._dirs),
            "files": {path: self._files[path] for path in sorted(self._files)},
            "mtimes": {path: self._mtimes[path] for path in sorted(self._mtimes)},
        }

    @classmethod
    def from_dict(cls, data: dict) -> FileSystem:
        """Rebuild from ``to_dict`` output; raises ValueError on anything malformed."""
        if not isinstance(data, dict):
            raise ValueError("malformed file system: expected an object")
        dirs = data.get("dirs", [])
        files = data.get("files", {})
        mtimes = data.get("mtimes", {})
        if not isinstance(dirs, list) or not all(isinstance(d, str) and d.startswith("/") for d in dirs):
            raise ValueError("malformed file system: 'dirs' must be a list of absolute paths")
        if not isinstance(files, dict) or not all(
            isinstance(p, str) and p.startswith("/") and isinstance(t, str) for p, t in files.items()
        ):
            raise ValueError("malformed file system: 'files' must map absolute paths to text")
        if not isinstance(mtimes, dict) or not all(
            isinstance(p, str) and isinstance(t, int) for p, t in mtimes.items()
        ):
            raise ValueError("malformed file system: 'mtimes' must map paths to integers")
        norm_dirs = {normalize(d) for d in dirs}
        norm_files = {normalize(p): t for p, t in files.items()}
        clash = norm_dirs & set(norm_files)
        if clash or "/" in norm_files:
            raise ValueError(
                f"malformed file system: {sorted(clash or {'/'})[0]} is both a file and a folder"
            )
        fs = cls(norm_files, norm_dirs, {normalize(p): t for p, t in mtimes.items()})
        if set(fs._files) & fs._dirs:
            bad = sorted(set(fs._files) & fs._dirs)[0]
            raise ValueError(f"malformed file system: {bad} is both a file and a folder")
        return fs

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileSystem):
            return NotImplemented
        return self._files == other._files and self._dirs == other._dirs

    def __repr__(self) -> str:
        return f"FileSystem({len(self._dirs)} folders, {len(self._files)} files)"

    # --- paths -----------------------------------------------------------

    @staticmethod
    def resolve(cwd: str, path: str, home: str) -> str:
        """The absolute, normalised path for ``path`` typed in ``cwd`` (``~`` is ``home``)."""
        if path == "~" or path.startswith("~/"):
            path = home + path[1:]
        if not path.startswith("/"):
            path = cwd.rstrip("/") + "/" + path
        return normalize(path)

    # --- queries ---------------------------------------------------------

    def exists(self, path: str) -> bool:
        return path in self._files or path in self._dirs

    def is_dir(self, path: str) -> bool:
        return path in self._dirs

    def is_file(self, path: str) -> bool:
        return path in self._files

    def _check_parent(self, path: str) -> None:
        """Every ancestor must be a folder (``ENOENT``/``ENOTDIR`` otherwise), as the kernel checks."""
        parent = (path.rsplit("/", 1)[0] or "/") if path != "/" else "/"  # parent_of(path), without its call
        if parent in self._dirs:
            return  # a folder's ancestors are folders (the class keeps that true), so all is well
        chain = []
        while parent != "/":
            chain.append(parent)
            parent = parent_of(parent)
        for ancestor in reversed(chain):
            if ancestor in self._files:
                raise FsError("ENOTDIR", path)
            if ancestor not in self._dirs:
                raise FsError("ENOENT", path)

    def read(self, path: str) -> str:
        if path in self._files:
            return self._files[path]
        if path in self._dirs:
            raise FsError("EISDIR", path)
        self._check_parent(path)
        raise FsError("ENOENT", path)

    def size(self, path: str) -> int:
        """Bytes of a file (UTF-8), 4096 for a folder (as ext4 shows it)."""
        if path in self._dirs:
            return 4096
        return len(self.read(path).encode("utf-8", "surrogatepass"))

    def mtime(self, path: str) -> int:
        return self._mtimes.get(path, 0)

    def listdir(self, path: str) -> list[str]:
        """Names (not paths) in a folder, sorted."""
        if path in self._files:
            raise FsError("ENOTDIR", path)
        if path not in self._dirs:
            self._check_parent(path)
            raise FsError("ENOENT", path)
        prefix = path.rstrip("/") + "/"
        names = {
            p[len(prefix) :]
            for p in (*self._files, *self._dirs)
            if p.startswith(prefix) and p != prefix and "/" not in p[len(prefix) :]
        }
        return sorted(names)

    def files_under(self, directory: str) -> list[tuple[str, str]]:
        """Every file below ``directory`` as (path relative to it, text), sorted by path."""
        if directory in self._files:
            raise FsError("ENOTDIR", directory)
        if directory not in self._dirs:
            raise FsError("ENOENT", directory)
        prefix = directory.rstrip("/") + "/"
        cut = len(prefix)
        files = self._files
        # the paths that start with prefix ("…/") are those from prefix up to (not including) "…0", the next
        # character after "/": a range of the sorted paths, found by bisection. The sorted paths are kept per
        # tuple of the machine's paths (immutable, equal while no file is created or removed: a build lists
        # its context on every build, and the machine's files are scanned in C, not bytecode per path)
        paths = tuple(files)
        ordered = _SORTED_PATHS.get(paths)
        if ordered is None:
            if len(_SORTED_PATHS) >= _SORTED_PATHS_MAX:
                _SORTED_PATHS.clear()
            ordered = _SORTED_PATHS[paths] = sorted(paths)
        inside = ordered[bisect_left(ordered, prefix) : bisect_left(ordered, prefix[:-1] + "0")]
        return [(p[cut:], files[p]) for p in inside]  # (sorted by path: by the part after the prefix)

    # --- changes ---------------------------------------------------------

    def write(self, path: str, text: str, mtime: int | None = None) -> None:
        """Create or overwrite a file; its folder must exist."""
        if path in self._dirs:
            raise FsError("EISDIR", path)
        self._check_parent(path)
        self._files[path] = text
        if mtime is not None:
            self._mtimes[path] = mtime

    def append(self, path: str, text: str, mtime: int | None = None) -> None:
        if path in self._dirs:
            raise FsError("EISDIR", path)
        self._check_parent(path)
        self._files[path] = self._files.get(path, "") + text
        if mtime is not None:
            self._mtimes[path] = mtime

    def touch(self, path: str, mtime: int | None = None) -> None:
        """Create an empty file if nothing is there; update the time either way."""
        if path not in self._dirs and path not in self._files:
            self.write(path, "")
        if mtime is not None:
            self._mtimes[path] = mtime

    def mkdir(self, path: str, parents: bool = False, mtime: int | None = None) -> None:
        if parents:
            chain = []
            p = path
            while p not in self._dirs:
                if p in self._files:
                    raise FsError("ENOTDIR" if p != path else "EEXIST", path)
                chain.append(p)
                p = parent_of(p)
            for p in reversed(chain):
                self._dirs.add(p)
                if mtime is not None:
                    self._mtimes[p] = mtime
            return
        if path in self._dirs or path in self._files:
            raise FsError("EEXIST", path)
        self._check_parent(path)
        self._dirs.add(path)
        if mtime is not None:
            self._mtimes[path] = mtime

    def remove(self, path: str, recursive: bool = False) -> None:
        """Remove a file, or (``recursive``) a folder and everything in it."""
        if path in self._files:
            del self._files[path]
            self._mtimes.pop(path, None)
            return
        if path not in self._dirs:
            self._check_parent(path)
            raise FsError("ENOENT", path)
        if not recursive:
            raise FsError("EISDIR", path)
        if path == "/":
            raise FsError("EBUSY", path)
        prefix = path + "/"
        for p in [p for p in self._files if p.startswith(prefix)]:
            del self._files[p]
            self._mtimes.pop(p, None)
        for p in [p for p in self._dirs if p == path or p.startswith(prefix)]:
            self._dirs.discard(p)
            self._mtimes.pop(p, None)

    def rmdir(self, path: str) -> None:
        if path in self._files:
            raise FsError("ENOTDIR", path)
        if path not in self._dirs:
            self._check_parent(path)
            raise FsError("ENOENT", path)
        if self.listdir(path):
            raise FsError("ENOTEMPTY", path)
        if path == "/":
            raise FsError("EBUSY", path)
        self._dirs.discard(path)
        self._mtimes.pop(path, None)
