"""A log filter that lets the same message through at most once a minute.

channels-redis's receive task logs a full traceback every second while Redis is down; one line
a minute says as much to whoever reads the log, and the outage itself is reported once by
coprod.realtime.layers and coprod.core.cache. Django-free.
"""

import logging
import threading
import time

WINDOW = 60.0  # seconds


class OncePerMinute(logging.Filter):
    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(key, -WINDOW) < WINDOW:
                return False
            self._last[key] = now
        return True
