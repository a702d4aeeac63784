"""The backup file: a gzipped tar holding `manifest.json`, the database (`database.sqlite3` or
`database.pgdump`), `secret_key`, `archive_key` when the server has one, and `media/`.
Pure computation and file handling: no Django, so scripts/make-upgrade-fixture can pack a
database made by older code into today's format.

The file is written beside its target and renamed into place, so a backup interrupted half-way
never leaves a truncated file under the final name; it is readable by its owner only (0600),
since it holds the secret key.
"""

import datetime as dt
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMAT_NAME = "coprod-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SECRET_KEY = "secret_key"  # noqa: S105 (a file name in the backup, not a key)
ARCHIVE_KEY = "archive_key"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# coprod-backup-20261207-231500.tar.gz: sorting the names sorts the backups by age.
NAME_PATTERN = re.compile(r"^coprod-backup-\d{8}-\d{6}(-\d+)?\.tar\.gz$")


class BackupError(Exception):
    """Why a backup file is refused: `reason` is one of the constants below."""

    MISSING = "missing"
    UNREADABLE = "unreadable"
    NEWER = "newer"
    CORRUPT = "corrupt"

    def __init__(self, reason: str, detail: str = "", version: int | None = None):
        super().__init__(detail or reason)
        self.reason = reason
        self.version = version


@dataclass(frozen=True)
class Opened:
    """A backup unpacked into a folder: what restore needs, by path."""

    manifest: dict
    database: Path
    secret_key: str
    archive_key: str
    media: Path

    @property
    def engine(self) -> str:
        return self.manifest["database"]["engine"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_manifest(
    *, engine: str, database: Path, coprod_version: str, migrations: dict, created_at=None
) -> dict:
    created_at = created_at or dt.datetime.now(dt.UTC)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "coprod_version": coprod_version,
        "created_at": created_at.isoformat(timespec="seconds"),
        "database": {
            "engine": engine,
            "file": DATABASE_FILES[engine],
            "sha256": sha256_file(database),
        },
        "migrations": migrations,
    }


def write(
    target: Path,
    manifest: dict,
    *,
    database: Path,
    secret_key: str,
    archive_key: str = "",
    media: Path | None = None,
) -> Path:
    """Pack everything into `target`, atomically and readable by its owner only."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file 0600; the dot keeps a half-written file out of NAME_PATTERN.
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            tar.add(database, arcname=manifest["database"]["file"])
            _add_bytes(tar, SECRET_KEY, secret_key.encode())
            if archive_key:
                _add_bytes(tar, ARCHIVE_KEY, archive_key.encode())
            if media is not None and media.is_dir():
                tar.add(media, arcname=MEDIA)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _add_bytes(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(body))


def open_into(path: Path, folder: Path) -> Opened:
    """Unpack the backup at `path` into `folder` (an empty temporary folder) and check it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(BackupError.MISSING, str(path))
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(BackupError.UNREADABLE, str(error)) from None
    manifest = _manifest(folder / MANIFEST)
    database = folder / manifest["database"]["file"]
    if not database.is_file() or sha256_file(database) != manifest["database"].get("sha256"):
        raise BackupError(BackupError.CORRUPT, "database file missing or altered")
    secret = folder / SECRET_KEY
    if not secret.is_file():
        raise BackupError(BackupError.CORRUPT, "no secret key")
    archive_key = folder / ARCHIVE_KEY
    return Opened(
        manifest=manifest,
        database=database,
        secret_key=secret.read_text().strip(),
        archive_key=archive_key.read_text().strip() if archive_key.is_file() else "",
        media=folder / MEDIA,
    )


def _manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text())
        engine = manifest["database"]["engine"]
        version = manifest["format_version"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(BackupError.UNREADABLE, f"manifest: {error}") from None
    if manifest.get("format") != FORMAT_NAME or engine not in DATABASE_FILES:
        raise BackupError(BackupError.UNREADABLE, "not a coprod backup")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(BackupError.NEWER, version=version if isinstance(version, int) else None)
    if manifest["database"].get("file") != DATABASE_FILES[engine]:
        raise BackupError(BackupError.UNREADABLE, "unexpected database file name")
    return manifest


def timestamped_name(now: dt.datetime, taken: set[str] = frozenset()) -> str:
    """A new name for a backup in a folder, unique even for two backups in the same second."""
    base = f"coprod-backup-{now:%Y%m%d-%H%M%S}"
    name, n = f"{base}.tar.gz", 1
    while name in taken:
        n += 1
        name = f"{base}-{n}.tar.gz"
    return name


def to_prune(names: list[str], keep: int) -> list[str]:
    """The backups beyond the `keep` newest, among the names in a folder (others are ignored)."""
    ours = sorted((name for name in names if NAME_PATTERN.match(name)), key=_age_key)
    return ours[: max(0, len(ours) - keep)]


def _age_key(name: str) -> tuple[str, int]:
    parts = name.removeprefix("coprod-backup-").removesuffix(".tar.gz").split("-")
    return "-".join(parts[:2]), int(parts[2]) if len(parts) > 2 else 1
