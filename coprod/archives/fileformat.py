"""The archive file: a ZIP holding `manifest.json`, `workshop.json` and, when the server has a
key, `signature` (HMAC-SHA256 of the manifest). Pure computation: no Django.

The manifest lists the SHA-256 of every data file, so checking the manifest's signature covers
the whole archive. Limits guard the server against huge uploads and ZIP bombs.
"""

import hashlib
import hmac
import io
import json
import zipfile
from dataclasses import dataclass

FORMAT_NAME = "coprod-workshop-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "signature"
DATA = "workshop.json"

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# A workshop's JSON compresses about tenfold: these bounds leave room for the largest ones while
# a ZIP bomb (a few KB inflating to gigabytes) is stopped after reading a little.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 16


class ArchiveError(Exception):
    """Why an archive is refused: `reason` is one of the constants below; `detail` is for logs."""

    UNREADABLE = "unreadable"
    NEWER = "newer"
    TAMPERED = "tampered"
    UNSIGNED = "unsigned"

    def __init__(self, reason: str, detail: str = "", version: int | None = None):
        super().__init__(detail or reason)
        self.reason = reason
        self.version = version


@dataclass(frozen=True)
class Opened:
    manifest: dict
    data: dict
    signed: bool


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def sign(manifest: bytes, key: str) -> str:
    return hmac.new(key.encode(), manifest, hashlib.sha256).hexdigest()


def canonical_json(value) -> bytes:
    """Sorted keys and fixed separators: the same content always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def write(manifest: dict, data: dict, *, key: str = "") -> bytes:
    """The archive's bytes; `manifest` gets the data file's digest and the format fields."""
    body = canonical_json(data)
    manifest = {
        **manifest,
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "files": {DATA: {"sha256": sha256(body), "size": len(body)}},
    }
    manifest_bytes = canonical_json(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(DATA, body)
        if key:
            archive.writestr(SIGNATURE, sign(manifest_bytes, key))
    return buffer.getvalue()


def _read_member(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """A member's bytes, stopping at the size budget or at MAX_RATIO times its compressed size,
    whatever its header claims."""
    try:
        info = archive.getinfo(name)
        allowed = min(budget[0], info.compress_size * MAX_RATIO + 4096)
        with archive.open(info) as member:
            body = member.read(allowed + 1)
    except KeyError:
        raise ArchiveError(ArchiveError.UNREADABLE, f"missing {name}") from None
    if len(body) > allowed:
        raise ArchiveError(ArchiveError.UNREADABLE, "too large once uncompressed")
    budget[0] -= len(body)
    return body


def _json(body: bytes, name: str):
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ArchiveError(ArchiveError.UNREADABLE, f"{name} is not JSON") from None


def read(raw: bytes, *, key: str = "") -> Opened:
    """Check and open an archive. Raises ArchiveError; checks the format version before the
    digests, so a newer archive is reported as such even if its layout changed."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ArchiveError(ArchiveError.UNREADABLE, "upload too large")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ArchiveError(ArchiveError.UNREADABLE, "not a zip file") from None
    if len(infos) > MAX_ENTRIES:
        raise ArchiveError(ArchiveError.UNREADABLE, "too many files")
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES or any(
        i.file_size > i.compress_size * MAX_RATIO + 4096 for i in infos
    ):
        raise ArchiveError(ArchiveError.UNREADABLE, "too large once uncompressed")
    budget = [MAX_UNCOMPRESSED_BYTES]
    try:
        with archive:
            manifest_bytes = _read_member(archive, MANIFEST, budget)
            manifest = _json(manifest_bytes, MANIFEST)
            _check_format(manifest)
            names = {i.filename for i in infos}
            signature = (
                _read_member(archive, SIGNATURE, budget).decode("ascii", "replace").strip()
                if SIGNATURE in names
                else ""
            )
            files = manifest.get("files")
            if not isinstance(files, dict) or DATA not in files:
                raise ArchiveError(ArchiveError.UNREADABLE, "manifest lists no data")
            bodies = {name: _read_member(archive, name, budget) for name in files}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
        if isinstance(error, ArchiveError):
            raise
        raise ArchiveError(ArchiveError.UNREADABLE, str(error)) from None
    if key and not signature:
        raise ArchiveError(ArchiveError.UNSIGNED, "no signature")
    if key and not hmac.compare_digest(signature, sign(manifest_bytes, key)):
        raise ArchiveError(ArchiveError.TAMPERED, "wrong signature")
    for name, body in bodies.items():
        expected = files[name].get("sha256") if isinstance(files[name], dict) else None
        if not isinstance(expected, str) or not hmac.compare_digest(expected, sha256(body)):
            raise ArchiveError(ArchiveError.TAMPERED, f"digest of {name}")
    data = _json(bodies[DATA], DATA)
    if not isinstance(data, dict):
        raise ArchiveError(ArchiveError.UNREADABLE, "data is not an object")
    return Opened(manifest=manifest, data=data, signed=bool(signature))


def _check_format(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ArchiveError(ArchiveError.UNREADABLE, "not a coprod workshop archive")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ArchiveError(ArchiveError.UNREADABLE, "bad format version")
    if version > FORMAT_VERSION:
        raise ArchiveError(ArchiveError.NEWER, "newer format", version=version)
