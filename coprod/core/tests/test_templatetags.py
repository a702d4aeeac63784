"""The timer as the board and the phones show it before any script runs."""

import pytest

from coprod.core.templatetags.coprod import mmss


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (600, "10:00"),
        (450.4, "07:30"),
        (59.6, "01:00"),
        (0, "00:00"),
        (-75, "−01:15"),  # an overrunning step counts up with a minus sign
        (None, "00:00"),
        ("", "00:00"),
    ],
)
def test_mmss(seconds, shown):
    assert mmss(seconds) == shown
