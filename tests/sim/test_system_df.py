"""docker system df stays "not covered".

docker/cli v29.7.2 cli/command/system/df.go + formatter/disk_usage.go print four rows (Images, Containers,
Local Volumes, Build Cache). The simulator models no volumes and no BuildKit cache records with sizes
(its build cache is a step -> image map), so the Local Volumes and Build Cache rows could not be what Docker
prints: the whole command says it is not covered rather than print numbers Docker would not.
"""

from __future__ import annotations

import pytest

from tutor.sim.shell import Shell
from tutor.sim.world import World


@pytest.mark.parametrize("line", ["docker system df", "docker system df -v", "docker system df --format json"])
def test_system_df_says_it_is_not_covered(line: str) -> None:
    r = Shell(World.default()).run(line)
    assert r.exit_code == 1
    assert r.stderr[0] == "registry-tutor: 'docker system' is a real Docker command, but this simulator does not cover it."
    assert "image prune" in r.stderr[1]  # the covered list names the new commands
