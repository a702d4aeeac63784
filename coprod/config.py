"""Environment-driven configuration, kept free of Django so the CLI can read it first."""

import os
import secrets
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding the SQLite file, the secret key and uploads."""
    path = Path(os.environ.get("COPROD_DATA_DIR") or REPO_DIR / "var").resolve()
    (path / "static").mkdir(parents=True, exist_ok=True)
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
    """COPROD_HTTP_THREADS: request threads per `coprod serve` process (coprod/serving.py)."""
    raw = os.environ.get("COPROD_HTTP_THREADS", "").strip()
    if not raw:
        return 2
    if not raw.isdecimal() or int(raw) < 1:
        raise ValueError(f"COPROD_HTTP_THREADS must be a whole number of at least 1, not {raw!r}")
    return int(raw)
