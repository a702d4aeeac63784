"""A corrupt, newer, tampered or wrongly signed archive is refused with a clear French message
and nothing is written."""

import io
import json
import zipfile

import pytest

from coprod.archives import fileformat, services
from coprod.restitution.typography import french

from .conftest import read_data, read_manifest, rewrite, row_counts

pytestmark = pytest.mark.django_db

UNREADABLE = "Ce fichier n'est pas une archive d'atelier coprod lisible."
TAMPERED = french("Cette archive a été modifiée depuis son export : import refusé.")


@pytest.fixture
def archive(complete, facilitator, no_archive_key):
    complete.workshop.process.owners.add(facilitator)
    return services.export_workshop(complete.workshop, actor=facilitator).body


def refused(body: bytes, actor) -> str:
    before = row_counts()
    with pytest.raises(services.Refused) as caught:
        services.import_archive(body, actor=actor)
    assert row_counts() == before, "a refused archive wrote something"
    return caught.value.message


def zipped(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in members.items():
            z.writestr(name.replace("_json", ".json"), body)
    return out.getvalue()


def test_a_file_that_is_not_a_zip_is_refused(archive, facilitator):
    assert refused(b"%PDF-1.7 not an archive", facilitator) == UNREADABLE
    assert refused(archive[: len(archive) // 2], facilitator) == UNREADABLE


def test_a_zip_without_the_workshop_is_refused(archive, facilitator):
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        manifest = z.read(fileformat.MANIFEST)
    assert refused(zipped(manifest_json=manifest), facilitator) == UNREADABLE
    assert refused(zipped(notes_txt=b"hello"), facilitator) == UNREADABLE
    assert refused(rewrite(archive, manifest_json=b"{not json"), facilitator) == UNREADABLE


def test_an_archive_from_a_newer_version_is_refused(archive, facilitator):
    manifest = read_manifest(archive)
    manifest["format_version"] = 2
    message = refused(rewrite(archive, manifest_json=json.dumps(manifest).encode()), facilitator)
    assert message == french(
        "Cette archive vient d'une version plus récente de coprod (format 2) : mettez ce "
        "serveur à jour avant de l'importer."
    )


def test_an_archive_changed_after_its_export_is_refused(archive, facilitator):
    data = read_data(archive)
    data["tables"]["proposals.proposal"][0]["text"] = "Une phrase ajoutée après coup"
    body = rewrite(archive, workshop_json=fileformat.canonical_json(data))
    assert refused(body, facilitator) == TAMPERED


def test_with_a_key_only_archives_signed_with_it_are_accepted(
    complete, facilitator, settings, monkeypatch
):
    """The laptop and the central server share COPROD_ARCHIVE_KEY: an unsigned archive or one
    signed with another key is refused, one signed with the key is imported."""
    complete.workshop.process.owners.add(facilitator)
    monkeypatch.delenv("COPROD_ARCHIVE_KEY", raising=False)
    settings.COPROD_ARCHIVE_KEY = ""
    unsigned = services.export_workshop(complete.workshop, actor=facilitator).body
    settings.COPROD_ARCHIVE_KEY = "another-territory"
    other = services.export_workshop(complete.workshop, actor=facilitator).body
    settings.COPROD_ARCHIVE_KEY = "vexin-2026"
    signed = services.export_workshop(complete.workshop, actor=facilitator).body
    complete.workshop.delete()

    assert "signée" in refused(unsigned, facilitator)
    assert refused(other, facilitator) == TAMPERED
    # The manifest re-signed by someone without the key does not help either.
    manifest = read_manifest(signed)
    manifest["workshop"]["title"] = "Autre"
    assert refused(rewrite(signed, manifest_json=json.dumps(manifest).encode()), facilitator) == (
        TAMPERED
    )
    assert services.import_archive(signed, actor=facilitator).workshop.title == (
        complete.workshop.title
    )


def test_the_key_can_come_from_the_environment(complete, facilitator, settings, monkeypatch):
    complete.workshop.process.owners.add(facilitator)
    settings.COPROD_ARCHIVE_KEY = ""
    monkeypatch.setenv("COPROD_ARCHIVE_KEY", "vexin-2026")
    body = services.export_workshop(complete.workshop, actor=facilitator).body
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert fileformat.SIGNATURE in z.namelist()
    monkeypatch.setenv("COPROD_ARCHIVE_KEY", "autre")
    assert refused(body, facilitator) == TAMPERED


def test_an_archive_too_big_once_uncompressed_is_refused(archive, facilitator, monkeypatch):
    """A ZIP bomb stops at the limit, whatever its headers claim."""
    monkeypatch.setattr(fileformat, "MAX_UNCOMPRESSED_BYTES", 10_000)
    assert refused(archive, facilitator) == UNREADABLE
    bomb = zipped(manifest_json=read_manifest_bytes(archive), workshop_json=b" " * 50_000)
    assert refused(bomb, facilitator) == UNREADABLE


def read_manifest_bytes(body: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return z.read(fileformat.MANIFEST)


def test_data_this_server_cannot_store_is_refused_whole(archive, facilitator):
    """An unknown voting method is refused and nothing is written, even though
    the tables before it were already loaded."""
    data = read_data(archive)
    data["tables"]["voting.poll"][0]["method"] = "tirage au sort"
    manifest = read_manifest(archive)
    body = fileformat.write(
        {k: v for k, v in manifest.items() if k not in ("files", "format", "format_version")}, data
    )
    message = refused(body, facilitator)
    assert "voting.poll n° 1, method" in message and "import refusé" in message


def test_a_broken_link_is_refused_whole(archive, facilitator):
    data = read_data(archive)
    data["tables"]["catalogue.presentation"][0]["action"] = 99
    manifest = read_manifest(archive)
    body = fileformat.write(
        {k: v for k, v in manifest.items() if k not in ("files", "format", "format_version")}, data
    )
    assert "catalogue.presentation n° 1, action" in refused(body, facilitator)


def test_replacing_a_workshop_is_for_its_facilitators(archive, stranger):
    """Someone else's workshop already on this server is not replaced by their archive."""
    message = refused(archive, stranger)
    assert "existe déjà sur ce serveur" in message


def test_joining_someone_elses_process_is_refused(archive, complete, stranger):
    complete.workshop.delete()
    assert "ni chargé·e de mission ni animateur·rice" in refused(archive, stranger)


def test_a_zip_bomb_is_stopped_after_reading_a_little(archive, facilitator):
    """20 MB of nothing deflate to 20 KB: refused by its ratio, without inflating it whole
    (the server once read up to 200 MB for a 204 KB upload)."""
    import tracemalloc

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(fileformat.MANIFEST, read_manifest_bytes(archive))
        z.writestr(fileformat.DATA, b"\0" * (20 * 1024 * 1024))
    bomb = out.getvalue()
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        assert refused(bomb, facilitator) == UNREADABLE
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_a_real_archive_is_far_from_the_ratio_bound(archive):
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        info = z.getinfo(fileformat.DATA)
    assert info.file_size < info.compress_size * fileformat.MAX_RATIO / 3
