"""Helpers to read archives back (the complete workshop comes from coprod.testing)."""

import io
import json
import zipfile

import pytest

from .. import fileformat


def read_data(body: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return json.loads(archive.read(fileformat.DATA))


def read_manifest(body: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return json.loads(archive.read(fileformat.MANIFEST))


def rewrite(body: bytes, **replace: bytes) -> bytes:
    """The same archive with some members' bytes replaced (`workshop_json=…`, `manifest_json=…`)."""
    names = {k.replace("_json", ".json"): v for k, v in replace.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, names.get(info.filename, src.read(info.filename)))
    return out.getvalue()


@pytest.fixture
def no_archive_key(settings, monkeypatch):
    settings.COPROD_ARCHIVE_KEY = ""
    monkeypatch.delenv("COPROD_ARCHIVE_KEY", raising=False)


def row_counts() -> dict[str, int]:
    """How many rows each table of an archive holds on this server, and the accounts."""
    from django.contrib.auth import get_user_model

    from .. import schema

    counts = {schema.label(m): m.objects.count() for m in schema.all_models()}
    counts["accounts"] = get_user_model().objects.count()
    return counts
