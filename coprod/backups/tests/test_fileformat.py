"""Names and retention of the backups in a folder (coprod/backups/fileformat.py)."""

import datetime as dt

from coprod.backups import fileformat


def test_two_backups_in_the_same_second_get_two_names():
    now = dt.datetime(2026, 12, 7, 3, 15, 0, tzinfo=dt.UTC)
    first = fileformat.timestamped_name(now)
    second = fileformat.timestamped_name(now, {first})
    assert first == "coprod-backup-20261207-031500.tar.gz"
    assert second == "coprod-backup-20261207-031500-2.tar.gz"


def test_only_the_oldest_backups_beyond_keep_are_pruned_and_nothing_else():
    names = [
        "coprod-backup-20261205-031500.tar.gz",
        "coprod-backup-20261207-031500-2.tar.gz",
        "coprod-backup-20261207-031500.tar.gz",
        "coprod-backup-20261206-031500.tar.gz",
        ".coprod-backup-20261208-031500.tar.gz.x1.part",  # being written
        "before-upgrade.tar.gz",  # made by hand
    ]
    assert fileformat.to_prune(names, 2) == [
        "coprod-backup-20261205-031500.tar.gz",
        "coprod-backup-20261206-031500.tar.gz",
    ]
    assert fileformat.to_prune(names, 14) == []
