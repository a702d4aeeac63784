"""`coprod archive export` and `coprod archive import`, as a server's operator runs them."""

import pytest
from django.core.management import CommandError, call_command

from coprod.workshops.models import Workshop

from .conftest import read_data, row_counts

pytestmark = pytest.mark.django_db


def test_export_then_import_from_the_command_line(complete, facilitator, tmp_path, capsys):
    path = tmp_path / "atelier.zip"
    call_command("archive", "export", str(complete.workshop.pk), "--output", str(path))
    assert read_data(path.read_bytes())["tables"]["workshops.workshop"][0]["title"] == (
        complete.workshop.title
    )
    uuid = complete.workshop.uuid
    complete.workshop.delete()
    call_command("archive", "import", str(path))
    out = capsys.readouterr().out
    imported = Workshop.objects.get(uuid=uuid)
    assert f"importé : n° {imported.pk}" in out
    assert list(imported.facilitators.all()) == [facilitator]
    before = row_counts()
    call_command("archive", "import", str(path), "--user", "camille")
    assert "remplacé" in capsys.readouterr().out
    assert row_counts() == before


def test_command_errors_are_plain_french(complete, tmp_path, stranger):
    with pytest.raises(CommandError, match="Aucun atelier n° 999"):
        call_command("archive", "export", "999", "--output", str(tmp_path / "a.zip"))
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"rien")
    with pytest.raises(CommandError, match="pas une archive d'atelier coprod lisible"):
        call_command("archive", "import", str(bad))
    with pytest.raises(CommandError, match="Aucun compte « personne »"):
        call_command("archive", "import", str(bad), "--user", "personne")
    path = tmp_path / "atelier.zip"
    call_command("archive", "export", str(complete.workshop.pk), "--output", str(path))
    with pytest.raises(CommandError, match="existe déjà sur ce serveur"):
        call_command("archive", "import", str(path), "--user", stranger.username)
