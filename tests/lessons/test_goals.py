"""Every goal predicate, true and false, with the words a learner reads.

The ``library`` world: laptop has localhost:5000/myapp1 at 1.0 (also latest) and 3.0;
the registry's shelf myapp1 has the 1.0 edition (labels 1.0, latest) and the 3.0 edition.
"""

from __future__ import annotations

import json

import pytest

from tests.lessons.conftest import LESSONS, app_image, push, tag_local
from tutor.lessons import goals
from tutor.lessons.schema import schema

R = "localhost:5000/myapp1"


def check(world, kind, arg):
    return goals.build(kind, arg).check(world)


def short(image, n=8):
    return image.manifest_digest.split(":")[1][:n]


def test_registry_tag(library):
    ok = check(library, "registry_tag", f"{R}:1.0")
    assert ok.ok and ok.text == f"`{R}:1.0` is in the registry (label `1.0` on shelf myapp1)"
    assert ok.detail == f"label `1.0` is on edition {short(library.v1)}, along with `latest`"
    missing = check(library, "registry_tag", f"{R}:2.0")
    assert not missing.ok
    assert missing.detail == "shelf myapp1 has no label `2.0` (its labels: `1.0`, `3.0`, `latest`)"
    no_shelf = check(library, "registry_tag", "localhost:5000/myapp9:1.0")
    assert (
        no_shelf.detail
        == "there is no shelf myapp9 in localhost:5000 yet (a shelf appears with the first push to it)"
    )


def test_registry_tag_by_digest(library):
    status = check(library, "registry_tag", f"{R}@{library.v3.manifest_digest}")
    assert status.ok and status.text.endswith(f"(edition {short(library.v3)} on shelf myapp1)")


def test_registry_tag_absent(library):
    ok = check(library, "registry_tag_absent", f"{R}:2.0")
    assert ok.ok and ok.text == f"`{R}:2.0` is not in the registry (no label `2.0` on shelf myapp1)"
    still = check(library, "registry_tag_absent", f"{R}:latest")
    assert not still.ok
    assert (
        still.detail == f"label `latest` is still on shelf myapp1, on the `1.0` edition ({short(library.v1)})"
    )


def test_registry_same_words_the_issue_example(library):
    wrong = check(library, "registry_same", [f"{R}:latest", f"{R}:3.0"])
    assert not wrong.ok
    assert wrong.text == "label `latest` on shelf myapp1 is on the same edition as `3.0`"
    assert wrong.detail == (
        f"`latest` on shelf myapp1 points at the `1.0` edition ({short(library.v1)}); "
        f"the goal wants the `3.0` edition ({short(library.v3)})"
    )
    right = check(library, "registry_same", [f"{R}:latest", f"{R}:1.0"])
    assert right.ok and right.detail == f"both are on edition {short(library.v1)}"


def test_registry_same_when_a_label_is_missing(library):
    status = check(library, "registry_same", [f"{R}:stable", f"{R}:3.0"])
    assert not status.ok
    assert status.detail.startswith("shelf myapp1 has no label `stable`")
    assert status.detail.endswith(f"the goal wants it on the `3.0` edition ({short(library.v3)})")
    other_shelf = goals.build("registry_same", [f"{R}:latest", "localhost:5000/myapp2:1.0"])
    assert (
        other_shelf.describe()
        == "label `latest` on shelf myapp1 is on the same edition as `localhost:5000/myapp2:1.0`"
    )


def test_registry_says(library):
    wrong = check(library, "registry_says", {"ref": f"{R}:latest", "text": "version 3.0"})
    assert not wrong.ok
    assert wrong.text == f"the edition `{R}:latest` points at says “version 3.0” when run"
    assert wrong.detail == f"edition {short(library.v1)} says “Hello from myapp1, version 1.0”"
    assert check(library, "registry_says", {"ref": f"{R}:3.0", "text": "version 3.0"}).ok


def test_repository_exists_and_absent(library):
    ok = check(library, "repository", R)
    assert ok.ok and ok.text == f"localhost:5000 has a shelf myapp1 (repository `{R}`)"
    assert ok.detail == "shelf myapp1 holds 2 editions, labels: `1.0`, `3.0`, `latest`"
    assert not check(library, "repository", "localhost:5000/myapp2").ok
    gone = check(library, "repository_absent", "localhost:5000/myapp2")
    assert (
        gone.ok and gone.text == "localhost:5000 has no shelf myapp2 (no repository `localhost:5000/myapp2`)"
    )
    there = check(library, "repository_absent", R)
    assert not there.ok and there.detail == "shelf myapp1 is still there with 2 editions"


def test_repository_count(library):
    exact = check(library, "repository_count", 25)
    assert not exact.ok
    assert exact.text == "localhost:5000 has exactly 25 shelves (repositories)"
    assert exact.detail == "it has 1: myapp1"
    at_least = check(library, "repository_count", {"min": 1})
    assert at_least.ok and at_least.text == "localhost:5000 has at least 1 shelf (repository)"
    assert not check(library, "repository_count", {"max": 0}).ok


def test_untagged_count(library):
    none = check(library, "untagged_count", {"repository": R, "exactly": 1})
    assert not none.ok
    assert (
        none.text == "shelf myapp1 in localhost:5000 has exactly 1 edition with no label (untagged manifest)"
    )
    assert none.detail == "it has 0 unlabelled editions out of 2 editions"
    # move latest and 1.0 off the 1.0 edition: it stays on the shelf, unlabelled
    v4 = app_image("myapp1", "4.0")
    push(library, "localhost:5000", "myapp1", "latest", v4)
    push(library, "localhost:5000", "myapp1", "1.0", v4)
    one = check(library, "untagged_count", {"repository": R, "exactly": 1})
    assert one.ok and one.detail == f"it has 1 unlabelled edition ({short(library.v1)}) out of 3 editions"


def test_pushed(library):
    ok = check(library, "pushed", f"{R}:3.0")
    assert ok.ok and ok.text == f"`{R}:3.0` is pushed: the registry has the same edition as your laptop"
    assert ok.detail == f"both are edition {short(library.v3)}"
    # a new local 3.0 that was not pushed again
    tag_local(library, R, "3.0", app_image("myapp1", "3.0-fixed"))
    stale = check(library, "pushed", f"{R}:3.0")
    assert not stale.ok
    assert stale.detail.startswith(
        f"the registry's `3.0` is the edition that says “Hello from myapp1, version 3.0” ({short(library.v3)})"
    )
    assert stale.detail.endswith(": push it again")
    missing = check(library, "pushed", f"{R}:2.0")
    assert missing.detail == (
        f"there is no `{R}:2.0` on your laptop (tags of {R} there: `1.0`, `latest`, `3.0`)"
    )
    different = goals.build("pushed", {"local": "myapp1:dev", "registry": f"{R}:3.0"})
    assert different.describe() == f"`{R}:3.0` in the registry is the same edition as the local `myapp1:dev`"


def test_local_tag_and_absent(library):
    ok = check(library, "local_tag", f"{R}:1.0")
    image_id = library.v1.manifest_digest.split(":")[1][:12]
    assert ok.ok and ok.text == f"your laptop has the image `{R}:1.0` (a local tag)"
    assert ok.detail == f"`{R}:1.0` is image {image_id} ({R}:1.0, {R}:latest)"
    missing = check(library, "local_tag", "myapp1:1.0")
    assert (
        not missing.ok
        and missing.detail == "there is no `myapp1:1.0` on your laptop (no image is named myapp1 there)"
    )
    absent = check(library, "local_tag_absent", "myapp1:1.0")
    assert absent.ok and absent.text == "your laptop has no image `myapp1:1.0`"
    still = check(library, "local_tag_absent", {"ref": f"{R}:1.0", "machine": "laptop"})
    assert not still.ok and still.detail.startswith(f"`{R}:1.0` is still there: image {image_id}")


def test_local_tag_on_an_empty_laptop():
    from tutor.sim.world import World

    status = check(World.default(), "local_tag", "myapp1")
    assert status.detail == "your laptop has no images at all yet"


def test_local_same(library):
    same = check(library, "local_same", [f"{R}:latest", f"{R}:1.0"])
    assert same.ok
    assert same.text == f"on your laptop, `{R}:latest` and `{R}:1.0` are the same image (same image ID)"
    differ = check(library, "local_same", {"refs": [f"{R}:latest", f"{R}:3.0"]})
    assert not differ.ok
    assert f"`{R}:3.0` is image {short(library.v3, 12)} ({R}:3.0)" in differ.detail


def test_local_says(library):
    ok = check(library, "local_says", {"ref": f"{R}:3.0", "text": "version 3.0"})
    assert ok.ok and ok.detail == f"`{R}:3.0` says “Hello from myapp1, version 3.0”"
    assert not check(library, "local_says", {"ref": f"{R}:latest", "text": "version 3.0"}).ok


def test_local_count_and_dangling(library):
    count = check(library, "local_count", 3)
    assert (
        not count.ok
        and count.text == "your laptop has exactly 3 images"
        and count.detail == "it has 2 images"
    )
    assert check(library, "local_count", {"min": 2}).ok
    dangling = check(library, "dangling_count", 0)
    assert dangling.ok and dangling.text == "your laptop has exactly 0 untagged (dangling) images"
    # retag 3.0 onto a new image: the old 3.0 image dangles
    tag_local(library, R, "3.0", app_image("myapp1", "3.1"))
    one = check(library, "dangling_count", {"exactly": 1})
    assert one.ok and one.detail == f"it has 1 dangling image: {short(library.v3, 12)}"


def test_pulled(library):
    ok = check(library, "pulled", f"{R}:latest")
    assert ok.ok and ok.text == f"your laptop has `{R}:latest`, the same edition as the registry's (pulled)"
    mapped = check(library, "pulled", {"local": "myapp1", "registry": f"{R}:3.0"})
    assert not mapped.ok
    assert mapped.text == f"the local `myapp1` is the edition `{R}:3.0` points at in the registry"
    assert mapped.detail == (
        "there is no `myapp1` on your laptop (no image is named myapp1 there); "
        f"the registry has the `3.0` edition ({short(library.v3)})"
    )
    push(library, "localhost:5000", "myapp1", "latest", library.v3)
    behind = check(library, "pulled", f"{R}:latest")
    assert not behind.ok
    assert (
        behind.detail
        == f"the local `{R}:latest` is {short(library.v1)}; the registry has the `3.0` / `latest` edition ({short(library.v3)}): pull it"
    )


def test_file_contains(library):
    wrong = check(library, "file_contains", {"path": "~/myapp1/app.py", "text": "version 2.0"})
    assert not wrong.ok and wrong.text == "`~/myapp1/app.py` contains “version 2.0”"
    assert wrong.detail == 'it does not; its first line is “print("Hello from myapp1, version 1.0")”'
    assert check(library, "file_contains", {"path": "/home/learner/myapp1/app.py", "text": "version 1.0"}).ok
    assert (
        check(library, "file_contains", {"path": "~/nope", "text": "x"}).detail == "there is no file ~/nope"
    )


def test_other_machine_wording():
    from tutor.sim.world import World

    world = World.default()
    world.add_machine("server")
    status = check(world, "local_tag", {"ref": "myapp1:1.0", "machine": "server"})
    assert status.text == "the machine `server` has the image `myapp1:1.0` (a local tag)"
    problems = goals.build("local_tag", {"ref": "x", "machine": "ci"}).world_problems(world)
    assert problems == ["goal local_tag: there is no machine 'ci' (add it under start: machines)"]


@pytest.mark.parametrize(
    ("kind", "arg", "message"),
    [
        ("registry_tag", "myapp1:1.0", "names no registry host"),
        ("repository", f"{R}:1.0", "name a repository (shelf) only"),
        ("registry_same", [f"{R}:1.0"], "expected a list of two references"),
        ("untagged_count", {"repository": R}, "give one of exactly, min or max"),
        ("local_count", {"exactly": 1, "min": 2}, "give one of exactly, min or max"),
        ("file_contains", {"path": "app.py", "text": "x"}, "path must start with / or ~"),
        ("local_tag", "Bad Name", "is not a valid reference"),
        ("nonsense", "x", "unknown goal 'nonsense'"),
    ],
)
def test_bad_goal_arguments(kind, arg, message):
    with pytest.raises(goals.GoalArgError) as info:
        goals.build(kind, arg)
    assert message in str(info.value)


def test_schema_lists_exactly_the_goal_kinds():
    assert set(schema()["$defs"]["goal"]["properties"]) == set(goals.KINDS)


def test_published_schema_copy_is_identical():
    from tutor.lessons.schema import schema_text

    assert (LESSONS / "schema.json").read_text(encoding="utf-8") == schema_text()
    json.loads(schema_text())


def test_container_goal_checks_the_edition_it_runs_and_the_pin():
    from tutor.sim.shell import Shell
    from tutor.sim.world import World

    world = World.default()
    shell = Shell(world)
    shell.run("cd ~/myapp1 && docker build -q -t localhost:5000/myapp1:1.0 . && docker push -q localhost:5000/myapp1:1.0")
    missing = check(world, "container", {"name": "web"})
    assert not missing.ok and "there is no container named `web`" in missing.detail
    shell.run("docker run -d --name web localhost:5000/myapp1:1.0")
    assert check(world, "container", {"name": "web", "says": "version 1.0"}).ok
    loose = check(world, "container", {"name": "web", "pinned": True})
    assert not loose.ok and "a tag that can move" in loose.detail
    digest = world.registries["localhost:5000"].repositories["myapp1"].tags["1.0"]
    shell.run("docker rm web")
    shell.run(f"docker run -d --name web localhost:5000/myapp1:1.0@{digest}")
    pinned = check(world, "container", {"name": "web", "says": "version 1.0", "pinned": True})
    assert pinned.ok, pinned.detail
    assert "pinned by digest" in pinned.text
    # the image the container was created from keeps it running that edition after a re-push and pull
    shell.run("echo 'print(\"other\")' > app.py && docker build -q -t localhost:5000/myapp1:1.0 .")
    assert check(world, "container", {"name": "web", "says": "version 1.0"}).ok
    with pytest.raises(goals.GoalArgError):
        goals.build("container", {"name": "web", "color": "red"})


def test_registry_kind_and_registry_different_tell_a_box_from_a_lone_edition():
    from tutor.sim.shell import Shell
    from tutor.sim.world import World

    world = World.default("current")
    shell = Shell(world)
    for line in (
        "cd ~/myapp8",
        "docker build -q -t localhost:5000/myapp8:1.0 . && docker push -q localhost:5000/myapp8:1.0",
        "docker build -q -t localhost:5000/myapp8:again . && docker push -q localhost:5000/myapp8:again",
        "docker build -q --provenance=false -t localhost:5000/myapp8:plain . && docker push -q localhost:5000/myapp8:plain",
    ):
        assert shell.run(line).exit_code == 0, line
    box = check(world, "registry_kind", {"ref": "localhost:5000/myapp8:1.0", "is": "index"})
    assert box.ok and "application/vnd.oci.image.index.v1+json" in box.detail
    assert not check(world, "registry_kind", {"ref": "localhost:5000/myapp8:1.0", "is": "manifest"}).ok
    assert check(world, "registry_kind", {"ref": "localhost:5000/myapp8:plain", "is": "manifest"}).ok
    # an unchanged rebuild on Docker 29 is a new box around the same edition
    assert check(world, "registry_different", ["localhost:5000/myapp8:again", "localhost:5000/myapp8:1.0"]).ok
    same = check(world, "registry_different", ["localhost:5000/myapp8:1.0", "localhost:5000/myapp8:1.0"])
    assert not same.ok and "same manifest" in same.detail
    with pytest.raises(goals.GoalArgError):
        goals.build("registry_kind", {"ref": "localhost:5000/myapp8:1.0", "is": "box"})
