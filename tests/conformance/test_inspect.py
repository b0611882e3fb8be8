"""`registry-tutor inspect URL` against a real registry holding a small fleet (design.md contract 11)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conformance.test_against_distribution import build_fleet


def inspect(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "inspect", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def fleet_registry(real_registry):
    world = build_fleet("current")
    real_registry.mirror(world.registries["localhost:5000"])
    return real_registry, world.registries["localhost:5000"]


def test_json_report_draws_every_shelf_and_finds_each_stale_latest(fleet_registry):
    real, simulated = fleet_registry
    done = inspect(real.url, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["registry"] == real.url
    shelves = {shelf["name"]: shelf for shelf in report["repositories"]}
    assert set(shelves) == {"myapp1", "myapp2", "myapp3"}
    for name, shelf in shelves.items():
        assert shelf["tags"] == simulated.repositories[name].tags
        assert shelf["highest_version"] == "2.0"
        assert shelf["stale_latest"] is True  # latest was pushed with 1.0 and never moved
        editions = {e["digest"]: sorted(e["tags"]) for e in shelf["editions"]}
        assert editions[shelf["tags"]["1.0"]] == ["1.0", "latest"]
    stale = [f for f in report["findings"] if f["kind"] == "stale-latest"]
    assert sorted(f["repository"] for f in stale) == ["myapp1", "myapp2", "myapp3"]


def test_text_report_reads_as_the_library_and_fail_on_stale_sets_the_exit_code(fleet_registry):
    real, simulated = fleet_registry
    done = inspect(real.url, "--fail-on-stale")
    assert done.returncode == 3, done.stderr
    assert "shelf myapp1" in done.stdout
    v1 = simulated.repositories["myapp1"].tags["1.0"].split(":")[1][:12]
    assert f"▣ {v1}  [1.0] [latest]" in done.stdout
    assert "highest version 2.0" in done.stdout


def test_moving_latest_clears_the_finding_and_since_reports_the_move_and_the_untagged_edition(fleet_registry, tmp_path):
    real, simulated = fleet_registry
    before = tmp_path / "before.json"
    assert inspect(real.url, "--json", "-o", str(before)).returncode == 0
    repo = simulated.repositories["myapp1"]
    v2 = repo.manifests[repo.tags["2.0"]]
    assert real.put_manifest("myapp1", "latest", v2.manifest_media_type, v2.manifest_bytes).status == 201
    done = inspect(real.url, "--json", "--repo", "myapp1", "--since", str(before))
    report = json.loads(done.stdout)
    kinds = {f["kind"] for f in report["findings"]}
    assert "stale-latest" not in kinds
    moved = [f for f in report["findings"] if f["kind"] == "tag-moved"]
    assert [f["tags"] for f in moved] == [["latest"]]
    # 1.0 still labels the old edition, so nothing became untagged yet; drop the 1.0 label's edition:
    old = repo.tags["1.0"]
    assert real.request("DELETE", f"/v2/myapp1/manifests/{old}").status == 202
    done = inspect(real.url, "--json", "--repo", "myapp1", "--since", str(before))
    untagged = [f for f in json.loads(done.stdout)["findings"] if f["kind"] == "untagged"]
    assert [f["digest"] for f in untagged] == [old]
    assert "no longer in the registry" in untagged[0]["message"]


def test_errors_are_clear_and_never_a_traceback(real_registry, tmp_path):
    refused = inspect("http://127.0.0.1:9")
    assert refused.returncode == 1
    assert "connection refused" in refused.stderr and "Traceback" not in refused.stderr
    tls = inspect(f"https://127.0.0.1:{real_registry.port}")
    assert tls.returncode == 1 and "TLS error" in tls.stderr and f"http://127.0.0.1:{real_registry.port}" in tls.stderr
    missing = inspect(real_registry.url, "--repo", "nope")
    assert missing.returncode == 1 and "NAME_UNKNOWN" in missing.stderr
    assert inspect("ftp://x").returncode == 2
    assert "never on the command line" in inspect(real_registry.url, "--username", "ada").stderr
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    assert "cannot read the earlier report" in inspect(real_registry.url, "--since", str(bad)).stderr
