"""`coprod group` (coprod/grouping/cli.py): one proposal per line in, groups out. No database."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management.base import CommandError

from coprod.grouping.cli import group_main
from coprod.grouping.management.commands.group import Command

PROPOSALS = [
    "Mettre en place un transport à la demande pour les personnes sans voiture",
    "Créer un service de minibus à la demande pour ceux qui n'ont pas de véhicule",
    "Lancer un chantier d'insertion pour les chômeurs de longue durée",
    "Proposer des chantiers d'insertion aux personnes éloignées de l'emploi",
]


def write(tmp_path, lines):
    path = tmp_path / "proposals.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_group(*arguments, stdin=None):
    """Run the module in a fresh interpreter, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "coprod.grouping.cli", *map(str, arguments)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_json_output_from_a_file(tmp_path):
    """Labels per proposal, the groups as index lists, and the backend used."""
    done = run_group(write(tmp_path, PROPOSALS), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["backend"] == "use_tfidf"
    assert result["labels"] == [0, 0, 1, 1]
    assert result["groups"] == [[0, 1], [2, 3]]


def test_standard_input_and_blank_lines_are_skipped():
    done = run_group("-", "--json", "--k", "1", stdin="\n".join(["", *PROPOSALS, "  ", ""]))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["labels"] == [0, 0, 0, 0]


def test_threshold_and_backend_options(tmp_path):
    path = write(tmp_path, PROPOSALS)
    done = run_group(path, "--json", "--threshold", "0", "--backend", "tfidf")
    result = json.loads(done.stdout)
    assert result["backend"] == "tfidf"
    assert result["labels"] == [0, 1, 2, 3]


def test_plain_text_output(tmp_path, capsys):
    assert group_main([str(write(tmp_path, PROPOSALS)), "--k", "2"]) == 0
    output = capsys.readouterr().out
    assert output.startswith("Group 1 (2)\n  0: Mettre en place")
    assert "Group 2 (2)" in output


def test_empty_file(tmp_path, capsys):
    assert group_main([str(write(tmp_path, [""])), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "labels": [],
        "groups": [],
        "backend": "use_tfidf",
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["/no/such/file.txt"], "cannot read /no/such/file.txt"),
        (["{file}", "--k", "0"], "--k must be at least 1"),
        (["{file}", "--threshold", "3"], "between 0 and 2"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, arguments, message):
    path = str(write(tmp_path, PROPOSALS))
    assert group_main([a.format(file=path) for a in arguments]) == 2
    assert message in capsys.readouterr().err


def test_k_and_threshold_are_exclusive(tmp_path):
    done = run_group(write(tmp_path, PROPOSALS), "--k", "2", "--threshold", "0.5")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


def test_not_utf8(tmp_path, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Un café pour les aînés\n".encode("latin-1"))
    assert group_main([str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def _command(*arguments):
    stdout = StringIO()
    command = Command(stdout=stdout)
    options = vars(command.create_parser("coprod", "group").parse_args(list(arguments)))
    command.execute(**{**options, "skip_checks": True})
    return stdout.getvalue()


def test_management_command_prints_the_same_json(tmp_path):
    """`coprod group FILE --json` runs the same function as the module."""
    output = _command(str(write(tmp_path, PROPOSALS)), "--json")
    assert json.loads(output)["groups"] == [[0, 1], [2, 3]]


def test_management_command_bad_input_raises_command_error():
    with pytest.raises(CommandError) as raised:
        _command("/no/such/file.txt", "--json")
    assert raised.value.returncode == 2
    assert "cannot read" in str(raised.value)
