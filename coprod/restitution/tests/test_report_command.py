"""`coprod report WORKSHOP --format … --output FILE [--public]`."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader


def test_writes_a_pdf(complete, tmp_path):
    out = tmp_path / "restitution.pdf"
    call_command(
        "report",
        str(complete.workshop.pk),
        "--format",
        "pdf",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    reader = PdfReader(out)
    assert "Participants" in "".join(page.extract_text() for page in reader.pages)


def test_writes_public_markdown(complete, tmp_path):
    out = tmp_path / "restitution.md"
    call_command(
        "report",
        str(complete.workshop.pk),
        "--format",
        "md",
        "--output",
        str(out),
        "--public",
        stdout=io.StringIO(),
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "Alice Martin" not in text  # agreed to be named, but not in the public version


def test_unknown_workshop(db, tmp_path):
    with pytest.raises(CommandError, match="Aucun atelier n° 999"):
        call_command("report", "999", "--format", "md", "--output", str(tmp_path / "x.md"))


def test_unknown_format(workshop, tmp_path):
    with pytest.raises(CommandError, match="Format inconnu"):
        call_command(
            "report", str(workshop.pk), "--format", "rtf", "--output", str(tmp_path / "x.rtf")
        )
    assert not (tmp_path / "x.rtf").exists()


def test_exit_status_on_error(tmp_path):
    """Run as a command line, an error exits with a non-zero status and a French message."""
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "report",
            "1",
            "--format",
            "rtf",
            "--output",
            str(tmp_path / "x.rtf"),
        ],
        capture_output=True,
        text=True,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "coprod.settings",
            "COPROD_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "Format inconnu" in result.stderr
