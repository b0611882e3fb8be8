"""docker build's shortcuts (benchmarks/bench_shell.py, sixth pass) write exactly what the general way writes.

Each fast path is checked against the code it skips: the image config written around kept history entry
texts against canonical() of the whole dict, manifest descriptors kept per layer against json.dumps, the
clock's text by arithmetic against strftime, the context listing through C-level filters against a
str.startswith scan, kept quotes and file digests against quoting and hashing afresh. Every cache is keyed
by immutable text or numbers and bounded; a cache emptied or filled by other worlds changes no answer.
"""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim import builder, content
from tutor.sim.fs import FileSystem
from tutor.sim.shell import Shell
from tutor.sim.shell.docker import images
from tutor.sim.world import World

# Strings JSON must escape (quotes, backslashes, control and non-ASCII characters) next to plain ones.
TEXT = st.text(alphabet=st.sampled_from(list('ab/:."\\\x00\x1f\x7fé\u2028\U0001f600 ')), max_size=10)


def clear_build_caches() -> None:
    content._QUOTED.clear()
    content._QUOTED_ASCII.clear()
    content._LAYER_TEXTS.clear()
    content._PREFIXES.clear()
    content._OBJECT_TEXTS.clear()
    for prefix in (content._ATTESTATION_PREFIX, content._INDEX_PREFIX):
        prefix._state = prefix._made_by = None
    for cached in (content.iso_time, content._iso_day, content._subject_name, builder.text_digest,
                   images._build_tag, content._manifest_prefix, content.quoted_time, images._build_tag_name,
                   builder._exec_text):  # fmt: skip
        cached.cache_clear()


# --- the simulated clock's text --------------------------------------------------------------------


@given(st.integers(-(10**9), 10**10))
def test_the_clock_text_by_arithmetic_is_strftimes(clock: int) -> None:
    """RFC 3339 UTC as gmtime + strftime write it, for any clock value (days, leap years, before 1970)."""
    content.iso_time.cache_clear()
    assert content.iso_time(clock) == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(content.EPOCH + clock))


@pytest.mark.parametrize("clock", [0, 7, 86399, 86400, -1, -content.EPOCH, -content.EPOCH - 1, 59 * 86400 + 3599])
def test_the_clock_text_at_day_and_hour_boundaries(clock: int) -> None:
    content.iso_time.cache_clear()
    assert content.iso_time(clock) == content._strftime_iso(clock)


# --- JSON written around kept parts -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(TEXT, st.tuples(TEXT, TEXT, st.integers(0, 10**9)), TEXT,
       st.lists(st.tuples(TEXT, st.integers(0, 10**9)), max_size=4), st.sampled_from(["  ", "   "]))
def test_manifest_descriptors_kept_per_layer_are_what_json_writes(
    media_type: str, config: tuple, layer_type: str, layers: list, step: str
) -> None:
    """Written twice (the second time from the kept descriptors), and after the cache is emptied: the bytes
    json.dumps(indent=...) writes (schema2 / buildkit MarshalIndent, every string ASCII-escaped)."""
    manifest = {
        "schemaVersion": 2,
        "mediaType": media_type,
        "config": {"mediaType": config[0], "digest": config[1], "size": config[2]},
        "layers": [{"mediaType": layer_type, "digest": digest, "size": size} for digest, size in layers],
    }
    expected = json.dumps(manifest, indent=len(step)).encode()
    assert content.manifest_json(media_type, config, layer_type, layers, step) == expected
    assert content.manifest_json(media_type, config, layer_type, layers, step) == expected
    clear_build_caches()
    assert content.manifest_json(media_type, config, layer_type, layers, step) == expected


def test_a_kept_layer_descriptor_is_not_shared_by_another_indent_or_media_type() -> None:
    layers = [("sha256:" + "a" * 64, 93)]
    classic = content.manifest_json("m", ("c", "d", 1), content.DOCKER_LAYER, layers, "   ")
    current = content.manifest_json("m", ("c", "d", 1), content.OCI_LAYER, layers, "  ")
    assert json.loads(classic)["layers"][0]["mediaType"] == content.DOCKER_LAYER
    assert json.loads(current)["layers"][0]["mediaType"] == content.OCI_LAYER
    assert b'\n      "digest"' in classic and b'\n      "digest"' in current  # 2 x 3 spaces, 3 x 2 spaces
    assert b'\n         "digest"' not in current


@given(TEXT)
def test_kept_quotes_are_json_quotes_even_past_the_bound(text: str) -> None:
    for _ in range(2):
        assert content.quote(text) == json.dumps(text, ensure_ascii=False)
        assert content.quote_ascii(text) == json.dumps(text)
    for i in range(content._QUOTED_MAX + 1):  # the caches empty themselves when full
        content.quote(str(i))
    assert len(content._QUOTED) <= content._QUOTED_MAX
    assert content.quote(text) == json.dumps(text, ensure_ascii=False)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(TEXT, JSON_VALUE, max_size=4), st.lists(st.dictionaries(TEXT, JSON_VALUE, max_size=3), max_size=3),
       st.lists(st.tuples(TEXT, TEXT, TEXT), max_size=3), st.lists(st.tuples(TEXT, st.booleans()), max_size=3),
       st.integers(0, 10**8))
def test_the_image_config_written_around_its_parts_is_canonical_json_of_the_dict(
    container: dict, base_history: list, layers: list, entries: list, created: int
) -> None:
    """content.image_config_bytes (the builder's way) against make_image's canonical() of the same dict, with base
    history entries of any shape and builder entries written by _history_entry."""
    built_layers = tuple(content.Layer(d, diff, 1) for d, diff, _ in layers)
    when = content.iso_time(created)
    history_dicts = [*base_history, *(builder.history_entry(text, when, layer) for text, layer in entries)]
    history_texts = [*(content.canonical_text(e) for e in base_history),
                     *(builder._history_entry(text, when, layer) for text, layer in entries)]
    config = {"architecture": "amd64", "os": "linux", "config": container, "history": history_dicts,
              "created": when, "rootfs": {"type": "layers", "diff_ids": [layer.diff_id for layer in built_layers]}}
    assert content.image_config_bytes(container, history_texts, created, built_layers) == content.canonical(config)


BUILDS = [
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD ["python", "app.py"]\n',
    "FROM python:3.12-slim AS base\nARG V=1\nENV A=$V B=\"q\\\"é\"\nLABEL x=1\nWORKDIR /app/$A\nCOPY . .\n"
    "FROM base\nRUN echo hi\nEXPOSE 80\nUSER nobody\nCMD x\n",
    "FROM scratch\nCOPY . /\nENTRYPOINT [\"/app\"]\nHEALTHCHECK CMD true\nSTOPSIGNAL 9\nVOLUME /v\n",
    "FROM alpine\nMAINTAINER me\nSHELL [\"/bin/ash\", \"-c\"]\nRUN true\nONBUILD RUN x\n",
]


@pytest.mark.parametrize("dockerfile", BUILDS)
@pytest.mark.parametrize("profile", ["current", "classic"])
def test_a_built_image_is_the_one_make_image_assembles_from_its_config_dict(dockerfile: str, profile: str) -> None:
    """The builder writes the config from kept parts and the manifest from kept descriptors; content.make_image
    (the general way: canonical() of the dict, every descriptor written afresh) gives the same bytes and digests."""
    shell = Shell(World.default(profile))
    shell.run("cd ~/myapp1")
    shell.world.machine.fs.write("/home/learner/myapp1/Dockerfile", dockerfile)
    for n in range(2):
        shell.world.machine.fs.write("/home/learner/myapp1/app.py", f"print('é {n}')\n")
        result = shell.run("docker build -q --label k=v -t t:1 .")
        assert result.exit_code == 0, result.output
        image = shell.world.machine.store.images[shell.world.machine.store.tags["docker.io/library/t:1"]]
        plain = image.platform_image()
        config = json.loads(plain.config_bytes)
        assert content.canonical(config) == plain.config_bytes
        clear_build_caches()
        general = content.make_image(
            layers=plain.layers, config={k: v for k, v in config.items() if k not in ("created", "rootfs")},
            created=plain.created, classic=profile == "classic", cmd=plain.cmd, entrypoint=plain.entrypoint,
            workdir=plain.workdir, env=plain.env, files=plain.files,
        )
        assert general == plain
        assert (general.manifest_bytes, general.config_bytes) == (plain.manifest_bytes, plain.config_bytes)


# --- the context listing ---------------------------------------------------------------------------------

PATH_PART = st.text(alphabet="a/.0-_é\x00\U0001f600", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PATH_PART, min_size=1, max_size=3).map("/".join), max_size=12), PATH_PART)
def test_the_filtered_context_listing_is_a_startswith_scan(paths: list[str], folder: str) -> None:
    from tutor.sim.fs import FsError
    from tutor.sim.fs import normalize as fs_normalize

    fs = FileSystem({p: f"text of {p}" for p in {fs_normalize("/" + p) for p in paths} if p != "/"}, set())
    for where in {fs_normalize("/" + folder), "/", *(p.rsplit("/", 1)[0] or "/" for p in fs._files)}:
        try:
            listed = fs.files_under(where)
        except FsError:
            continue
        prefix = where.rstrip("/") + "/"
        assert listed == sorted((p[len(prefix):], t) for p, t in fs._files.items() if p.startswith(prefix))


# --- what a build keeps between builds ---------------------------------------------------------------------


def test_an_edited_file_gets_its_own_digest_and_an_unchanged_one_its_kept_digest() -> None:
    import hashlib

    for text in ["print(1)\n", "print(2)\n", "print(1)\n", "é\ud800"]:
        expected = "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        assert builder.text_digest(text) == expected


def test_a_refused_tag_is_refused_every_time_and_a_kept_one_is_the_parsed_reference() -> None:
    from tutor.sim import reference

    shell = Shell(World.default())
    for _ in range(2):
        bad = shell.run("docker build -t Bad:Tag ~/myapp1")
        assert bad.exit_code == 1
        assert 'invalid tag "Bad:Tag"' in bad.stderr[-1]
    assert images._build_tag("localhost:5000/a:1") == reference.parse("localhost:5000/a:1")
    assert images._build_tag("a") == reference.parse("a:latest")


def test_the_bench_script_answers_the_same_with_the_build_caches_cold() -> None:
    """The first 100 lines of the 5,000-command script (builds, tags, pushes): the same output and events with
    every build cache emptied before each line as with them warm, and the same saved world."""
    import sys
    from pathlib import Path

    from tutor.sim.worldfile import dump_world

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import bench_shell

    lines = bench_shell.script(apps=2, versions=10)

    def run(cold: bool) -> tuple:
        shell = Shell(World.default())
        answers = []
        for line in lines:
            if cold:
                clear_build_caches()
            r = shell.run(line)
            answers.append((r.output, r.exit_code, r.events))
        return answers, dump_world(shell.world)

    warm = run(cold=False)
    assert warm == run(cold=True)
    assert warm == run(cold=False)


def test_the_context_listing_follows_files_created_edited_and_removed() -> None:
    """The sorted paths are kept per tuple of the machine's paths: a new or removed file is a new tuple, an
    edited one is read from the file system itself."""
    fs = FileSystem.default_home()
    app = "/home/learner/myapp1"
    assert [p for p, _ in fs.files_under(app)] == ["Dockerfile", "app.py"]
    fs.write(f"{app}/app.py", "print(2)\n")
    fs.mkdir(f"{app}/src")
    fs.write(f"{app}/src/a.py", "a")
    fs.write(f"{app}.txt", "not inside")  # beside the folder, sorting just before its files
    assert fs.files_under(app) == [("Dockerfile", fs.read(f"{app}/Dockerfile")), ("app.py", "print(2)\n"),
                                   ("src/a.py", "a")]
    fs.remove(f"{app}/src", recursive=True)
    assert [p for p, _ in fs.files_under(app)] == ["Dockerfile", "app.py"]
    assert [p for p, _ in fs.files_under("/home/learner/myapp10")] == ["Dockerfile", "app.py"]


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(["COPY", "ADD"]), st.lists(st.tuples(TEXT, TEXT), max_size=3),
       st.dictionaries(TEXT, TEXT, max_size=2), TEXT, st.integers(0, 10**6))
def test_a_copy_steps_key_and_layer_written_around_its_pairs_are_what_canonical_writes(
    key: str, keyword: str, hashed: list, flags: dict, dest: str, size: int
) -> None:
    """The COPY step's cache key (_sha of [key, [keyword, hashed, flags, dest]]) and its layer (from its
    description {"copy": hashed}): the same key and the same layer as through canonical()."""
    pairs = builder._pairs_json(hashed)
    assert builder._sha_text(builder.copy_key_json(key, keyword, pairs, flags, dest)) == builder._sha(
        [key, [keyword, hashed, flags, dest]]
    )
    fast = content.Layer.from_body(builder.copy_layer_json(pairs), size)
    general = content.Layer.from_description({"copy": hashed}, size)
    assert (fast, fast.stand_in) == (general, general.stand_in)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT | st.integers(-3, 3) | st.none() | st.booleans(),
                       TEXT | st.lists(TEXT, max_size=3) | JSON_VALUE, max_size=5))
def test_a_container_config_written_from_kept_quotes_is_canonical_json(obj: dict) -> None:
    try:
        expected = content.canonical_text(obj)
    except TypeError:  # keys of mixed types json cannot sort
        with pytest.raises(TypeError):
            content._object_json(obj)
        return
    assert content._object_json(obj) == expected
