"""Each server process keeps a core of its own (coprod.server.cores), one per process."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity"), reason="pinning to a core needs Linux"
)

# A server process in miniature: claims a core, says which and where its threads may run, then
# holds the core until its input closes.
CLAIMANT = textwrap.dedent(
    """
    import json, os, sys, threading
    from pathlib import Path
    from coprod.server.cores import claim_core

    waiting = threading.Event()
    early = threading.Thread(target=waiting.wait)
    early.start()  # a thread already running when the process claims its core
    core = claim_core(Path(sys.argv[1]))
    later = threading.Thread(target=waiting.wait)
    later.start()
    cores = [sorted(os.sched_getaffinity(t.native_id)) for t in (threading.main_thread(), early, later)]
    print(json.dumps([core, cores]), flush=True)
    sys.stdin.read()
    waiting.set()
    """
)


class Claimant:
    def __init__(self, lock_dir, cores):
        self.process = subprocess.Popen(
            [sys.executable, "-c", CLAIMANT, str(lock_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: os.sched_setaffinity(0, cores),
        )
        self.core, self.threads = json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.communicate("")


@pytest.fixture
def cores():
    """Up to two of the cores this test may use, so that it takes two processes to hold them."""
    return sorted(os.sched_getaffinity(0))[-2:]


def test_each_process_holds_its_own_core_until_it_ends(tmp_path, cores):
    holders = [Claimant(tmp_path, cores) for _ in cores]
    try:
        assert sorted(h.core for h in holders) == cores
        for holder in holders:
            # The main thread, a thread started before and one started after: all on its core.
            assert holder.threads == [[holder.core]] * 3

        latecomer = Claimant(tmp_path, cores)
        latecomer.stop()
        assert latecomer.core is None
        assert latecomer.threads == [cores] * 3  # left where the kernel may put it

        holders[0].stop()
        successor = Claimant(tmp_path, cores)
        successor.stop()
        assert successor.core == holders[0].core
    finally:
        for holder in holders:
            holder.stop()


def test_without_a_lock_folder_the_process_runs_unpinned(tmp_path, cores):
    not_a_folder = tmp_path / "locks"
    not_a_folder.write_text("")
    claimant = Claimant(not_a_folder, cores)
    claimant.stop()
    assert claimant.core is None
    assert claimant.threads == [cores] * 3
