"""Environment-driven configuration, kept free of Django so the CLI can read it first."""

import ipaddress
import math
import os
import secrets
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding the SQLite file, the secret key and uploads."""
    path = Path(os.environ.get("COPROD_DATA_DIR") or REPO_DIR / "var").resolve()
    (path / "static").mkdir(parents=True, exist_ok=True)
    return path


def static_root() -> Path:
    """COPROD_STATIC_ROOT, else static/ in the data folder: where the static files are collected
    (several data folders may share one, as the tests' servers do)."""
    path = os.environ.get("COPROD_STATIC_ROOT")
    if not path:
        return data_dir() / "static"
    path = Path(path).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = data_dir() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def http_threads() -> int:
    """COPROD_HTTP_THREADS: request threads per `coprod serve` process (coprod/server/tuned.py)."""
    raw = os.environ.get("COPROD_HTTP_THREADS", "").strip()
    if not raw:
        return 2
    if not raw.isdecimal() or int(raw) < 1:
        raise ValueError(f"COPROD_HTTP_THREADS must be a whole number of at least 1, not {raw!r}")
    return int(raw)


SERVER_MODES = ("tuned", "stock")


def server_mode() -> str:
    """COPROD_SERVER: "tuned" (default) serves through coprod.server's tricks, "stock" runs the
    plain Django ASGI handler and Channels, touching nothing private of any library."""
    raw = os.environ.get("COPROD_SERVER", "").strip().lower() or "tuned"
    if raw not in SERVER_MODES:
        raise ValueError(f"COPROD_SERVER must be 'tuned' or 'stock', not {raw!r}")
    return raw


def trusted_proxies() -> list[str]:
    """COPROD_TRUSTED_PROXIES: addresses or networks (comma-separated) of the reverse proxies
    whose X-Forwarded-For and X-Forwarded-Proto are believed; none by default, so the client is
    the TCP peer. `*` believes every peer: only for a port that the proxy alone can reach."""
    raw = os.environ.get("COPROD_TRUSTED_PROXIES", "")
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    if entries == ["*"]:
        return entries
    for entry in entries:
        try:
            ipaddress.ip_network(entry) if "/" in entry else ipaddress.ip_address(entry)
        except ValueError:
            raise ValueError(
                "COPROD_TRUSTED_PROXIES must list IP addresses or networks "
                f"(e.g. 127.0.0.1,10.0.0.0/8), not {entry!r}"
            ) from None
    return entries


def max_connections() -> int:
    """COPROD_MAX_CONNECTIONS: open connections (WebSockets included) per server process past
    which HTTP requests are answered 503 at once."""
    raw = os.environ.get("COPROD_MAX_CONNECTIONS", "").strip()
    if not raw:
        return 2000
    if not raw.isdecimal() or int(raw) < 1:
        raise ValueError(
            f"COPROD_MAX_CONNECTIONS must be a whole number of at least 1, not {raw!r}"
        )
    return int(raw)


def header_timeout() -> float:
    """COPROD_HEADER_TIMEOUT: seconds a connection has to send a request's head (its request
    line and headers) before it is closed."""
    raw = os.environ.get("COPROD_HEADER_TIMEOUT", "").strip()
    if not raw:
        return 10.0
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise ValueError(f"COPROD_HEADER_TIMEOUT must be a number of seconds above 0, not {raw!r}")
    return seconds
