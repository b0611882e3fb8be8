"""The simulated file system: the default home, path resolution, changes, JSON, clones."""

from __future__ import annotations

import json
import re

import pytest

from tutor.sim.fs import DOCKERFILE, FileSystem, FsError

HOME = "/home/learner"


@pytest.fixture
def fs() -> FileSystem:
    return FileSystem.default_home(HOME)


def test_default_home_has_25_app_folders_and_a_readme(fs: FileSystem) -> None:
    names = fs.listdir(HOME)
    assert "README.md" in names
    apps = [n for n in names if n.startswith("myapp")]
    assert sorted(apps) == sorted(f"myapp{n}" for n in range(1, 26))
    assert fs.is_dir(f"{HOME}/myapp25")
    assert not fs.exists(f"{HOME}/myapp26")
    assert "docker" in fs.read(f"{HOME}/README.md").lower()


@pytest.mark.parametrize("n", [1, 7, 25])
def test_each_app_has_a_dockerfile_and_a_printing_app(fs: FileSystem, n: int) -> None:
    assert fs.listdir(f"{HOME}/myapp{n}") == ["Dockerfile", "app.py"]
    dockerfile = fs.read(f"{HOME}/myapp{n}/Dockerfile")
    assert dockerfile == DOCKERFILE
    assert dockerfile.splitlines()[0] == "FROM python:3.12-slim"
    assert "WORKDIR /app" in dockerfile and "COPY . /app" in dockerfile
    assert dockerfile.splitlines()[-1] == 'CMD ["python", "app.py"]'
    app = fs.read(f"{HOME}/myapp{n}/app.py")
    assert re.fullmatch(rf'print\("Hello from myapp{n}, version 1\.0"\)\n', app)


def test_apps_differ_so_their_builds_differ(fs: FileSystem) -> None:
    assert fs.files_under(f"{HOME}/myapp1") != fs.files_under(f"{HOME}/myapp2")


@pytest.mark.parametrize(
    ("cwd", "path", "expected"),
    [
        ("/home/learner", "myapp1", "/home/learner/myapp1"),
        ("/home/learner/myapp1", "..", "/home/learner"),
        ("/home/learner/myapp1", "../myapp2/./app.py", "/home/learner/myapp2/app.py"),
        ("/tmp", "~", "/home/learner"),
        ("/tmp", "~/myapp3", "/home/learner/myapp3"),
        ("/home/learner", ".", "/home/learner"),
        ("/", "../../..", "/"),
        ("/home/learner", "/etc//x/", "/etc/x"),
        ("/home/learner", "a~b", "/home/learner/a~b"),
    ],
)
def test_resolve(fs: FileSystem, cwd: str, path: str, expected: str) -> None:
    assert fs.resolve(cwd, path, HOME) == expected


def test_read_errors_have_errno_like_kinds(fs: FileSystem) -> None:
    with pytest.raises(FsError) as missing:
        fs.read(f"{HOME}/nope.txt")
    assert missing.value.kind == "ENOENT"
    assert missing.value.strerror == "No such file or directory"
    with pytest.raises(FsError) as folder:
        fs.read(f"{HOME}/myapp1")
    assert folder.value.kind == "EISDIR"
    with pytest.raises(FsError) as under_file:
        fs.read(f"{HOME}/myapp1/app.py/x")
    assert under_file.value.kind == "ENOTDIR"


def test_write_append_and_files_under_are_sorted(fs: FileSystem) -> None:
    fs.write(f"{HOME}/myapp1/b.txt", "b\n")
    fs.append(f"{HOME}/myapp1/b.txt", "more\n")
    fs.mkdir(f"{HOME}/myapp1/sub")
    fs.write(f"{HOME}/myapp1/sub/a.txt", "a")
    assert fs.read(f"{HOME}/myapp1/b.txt") == "b\nmore\n"
    assert [p for p, _ in fs.files_under(f"{HOME}/myapp1")] == ["Dockerfile", "app.py", "b.txt", "sub/a.txt"]
    assert dict(fs.files_under(f"{HOME}/myapp1"))["sub/a.txt"] == "a"


def test_write_needs_an_existing_folder(fs: FileSystem) -> None:
    with pytest.raises(FsError) as exc:
        fs.write(f"{HOME}/nope/x.txt", "x")
    assert exc.value.kind == "ENOENT"
    with pytest.raises(FsError) as exc:
        fs.write(f"{HOME}/myapp1", "x")
    assert exc.value.kind == "EISDIR"


def test_mkdir_with_and_without_parents(fs: FileSystem) -> None:
    with pytest.raises(FsError) as exc:
        fs.mkdir(f"{HOME}/a/b")
    assert exc.value.kind == "ENOENT"
    fs.mkdir(f"{HOME}/a/b", parents=True)
    assert fs.is_dir(f"{HOME}/a") and fs.is_dir(f"{HOME}/a/b")
    fs.mkdir(f"{HOME}/a/b", parents=True)  # no error, like mkdir -p
    with pytest.raises(FsError) as exists:
        fs.mkdir(f"{HOME}/a")
    assert exists.value.kind == "EEXIST"
    with pytest.raises(FsError) as exists:
        fs.mkdir(f"{HOME}/README.md")
    assert exists.value.kind == "EEXIST"


def test_remove_files_and_folders(fs: FileSystem) -> None:
    fs.remove(f"{HOME}/myapp1/app.py")
    assert not fs.exists(f"{HOME}/myapp1/app.py")
    with pytest.raises(FsError) as exc:
        fs.remove(f"{HOME}/myapp2")
    assert exc.value.kind == "EISDIR"
    fs.remove(f"{HOME}/myapp2", recursive=True)
    assert not fs.exists(f"{HOME}/myapp2")
    assert not fs.exists(f"{HOME}/myapp2/Dockerfile")
    assert fs.exists(f"{HOME}/myapp20/Dockerfile")  # a prefix is not a parent
    with pytest.raises(FsError) as exc:
        fs.remove(f"{HOME}/ghost")
    assert exc.value.kind == "ENOENT"


def test_listdir_errors(fs: FileSystem) -> None:
    with pytest.raises(FsError) as exc:
        fs.listdir(f"{HOME}/README.md")
    assert exc.value.kind == "ENOTDIR"
    with pytest.raises(FsError) as exc:
        fs.listdir(f"{HOME}/ghost")
    assert exc.value.kind == "ENOENT"


def test_json_round_trip(fs: FileSystem) -> None:
    fs.write(f"{HOME}/ünïcode.txt", "héllo ✓\n", mtime=42)
    fs.mkdir(f"{HOME}/empty")
    data = json.loads(json.dumps(fs.to_dict()))
    back = FileSystem.from_dict(data)
    assert back == fs
    assert back.read(f"{HOME}/ünïcode.txt") == "héllo ✓\n"
    assert back.is_dir(f"{HOME}/empty")
    assert back.mtime(f"{HOME}/ünïcode.txt") == 42


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"dirs": "nope"},
        {"files": {"relative/path": "x"}},
        {"files": {"/a": 3}},
        {"dirs": ["/a"], "files": {"/a": "both"}},
        {"files": {"/a": "x", "/a/b": "under a file"}},
    ],
)
def test_from_dict_rejects_malformed_data(bad: object) -> None:
    with pytest.raises(ValueError):
        FileSystem.from_dict(bad)  # type: ignore[arg-type]


def test_clone_is_independent(fs: FileSystem) -> None:
    copy = fs.clone()
    copy.write(f"{HOME}/myapp1/app.py", 'print("changed")\n')
    copy.mkdir(f"{HOME}/new")
    copy.remove(f"{HOME}/myapp2", recursive=True)
    assert fs.read(f"{HOME}/myapp1/app.py") == 'print("Hello from myapp1, version 1.0")\n'
    assert not fs.exists(f"{HOME}/new")
    assert fs.is_dir(f"{HOME}/myapp2")
    assert copy != fs
