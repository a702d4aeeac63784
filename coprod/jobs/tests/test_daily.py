"""The worker's daily chores: run at start, then once a day, retried after a failure."""

from datetime import UTC, datetime, timedelta

from coprod.jobs import daily

START = datetime(2027, 7, 16, 3, 0, tzinfo=UTC)


def test_a_chore_runs_when_the_worker_starts_then_once_a_day():
    ran = []
    chores = daily.Chores(["purge"], run=ran.append)
    assert chores.tick(START) == ["purge"]
    assert chores.tick(START + timedelta(hours=1)) == []
    assert chores.tick(START + timedelta(hours=23, minutes=59)) == []
    assert chores.tick(START + timedelta(days=1)) == ["purge"]
    assert ran == ["purge", "purge"]


def test_a_failed_chore_is_tried_again_at_the_next_check_and_spares_the_others():
    calls = []

    def run(name):
        calls.append(name)
        if name == "purge" and calls.count("purge") == 1:
            raise RuntimeError("database busy")

    chores = daily.Chores(["purge", "other"], run=run)
    assert chores.tick(START) == ["other"]
    assert chores.tick(START + timedelta(hours=1)) == ["purge"]
    assert chores.tick(START + timedelta(hours=2)) == []
