"""`coprod tally` (coprod/voting/cli.py): JSON in, ranking out, clear errors. No database."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management.base import CommandError

from coprod.voting.cli import tally_main
from coprod.voting.management.commands.tally import Command


def run_tally(tmp_path, document, *options):
    """Run the module in a fresh interpreter on a JSON file, as a user would."""
    path = tmp_path / "input.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), "utf-8")
    return subprocess.run(
        [sys.executable, "-m", "coprod.voting.cli", *options, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_majority_judgment_json_round_trip(tmp_path):
    """Tallies in (worst grade first), ranking and ranks out; exact ties share a rank."""
    document = {"tallies": {"A": [1, 1, 1], "B": [1, 0, 2], "C": [0, 3, 0], "D": [1, 1, 1]}}
    done = run_tally(tmp_path, document, "--method", "majority-judgment", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "ranking": ["B", "C", "A", "D"],
        "ranks": {"B": 1, "C": 2, "A": 3, "D": 3},
    }


def test_majority_judgment_is_the_default_method(tmp_path):
    """Without --method the file is read as majority-judgment tallies."""
    done = run_tally(tmp_path, {"tallies": {"A": [2, 0], "B": [0, 2]}}, "--json")
    assert json.loads(done.stdout)["ranking"] == ["B", "A"]


def test_majority_judgment_options_from_the_file(tmp_path):
    """The file may refuse unequal numbers of judgments instead of counting them as reject."""
    document = {"tallies": {"A": [0, 3], "B": [0, 1]}, "missing": "refuse"}
    done = run_tally(tmp_path, document, "--json")
    assert done.returncode == 2
    assert "different numbers of judgments" in done.stderr


def test_approval_json_round_trip(tmp_path):
    """Ballots of approved names in; scores, ranking and ranks out."""
    document = {"ballots": [["A", "B"], ["B"], []], "candidates": ["A", "B", "C"]}
    done = run_tally(tmp_path, document, "--method", "approval", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "ranking": ["B", "A", "C"],
        "ranks": {"B": 1, "A": 2, "C": 3},
        "scores": {"A": 1, "B": 2, "C": 0},
    }


def test_dots_json_round_trip(tmp_path):
    """Dot ballots within the budget and per-item cap are added up and ranked."""
    document = {"ballots": [{"A": 2, "B": 1}, {"B": 2}], "dots": 3, "max_per_item": 2}
    done = run_tally(tmp_path, document, "--method", "dots", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "ranking": ["B", "A"],
        "ranks": {"B": 1, "A": 2},
        "scores": {"A": 2, "B": 3},
    }


def test_text_output_lists_one_candidate_per_line(tmp_path):
    """Without --json: "rank. candidate (score)" lines, best first."""
    document = {"ballots": [{"A": 1}, {"A": 1, "B": 1}], "dots": 2, "max_per_item": 1}
    done = run_tally(tmp_path, document, "--method", "dots")
    assert done.stdout.splitlines() == ["1. A (2)", "2. B (1)"]


@pytest.mark.parametrize(
    ("document", "method", "message"),
    [
        ("{not json", "majority-judgment", "is not valid JSON: Expecting property name"),
        ([1, 2], "majority-judgment", "the input must be a JSON object"),
        ({}, "majority-judgment", 'the input has no "tallies" field'),
        ({"tallies": {"A": "1,2"}}, "majority-judgment", 'the tally of "A" must be a list'),
        ({"tallies": {"A": [1, -2]}}, "majority-judgment", "must not hold a negative count"),
        ({"tallies": {"A": [1, 2], "B": [1]}}, "majority-judgment", "same number of grades"),
        (
            {"tallies": {"A": [1]}, "missing": "guess"},
            "majority-judgment",
            "unknown way to fill missing judgments 'guess' (use refuse, default_grade",
        ),
        ({"tallies": {"A": [1]}, "missing": 3}, "majority-judgment", '"missing" must be one of'),
        ({"ballots": [["A"], "B"]}, "approval", "ballot 1 must be a list of candidate names"),
        ({"ballots": [["A", "A"]]}, "approval", "ballot 0 approves an item twice"),
        ({"ballots": [{"A": 2}]}, "dots", 'no "dots" field'),
        ({"ballots": [{"A": 4}], "dots": 5, "max_per_item": 3}, "dots", "at most 3 are allowed"),
        ({"ballots": [{"A": 2, "B": 2}], "dots": 3, "max_per_item": 2}, "dots", "uses 4 dots"),
        ({"ballots": [{"A": -1}], "dots": 3, "max_per_item": 2}, "dots", "must not be negative"),
    ],
)
def test_bad_input_gives_a_clear_message_and_exit_code_2(tmp_path, document, method, message):
    """Every kind of bad input ends with exit code 2 and an English message on stderr."""
    path = tmp_path / "input.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), "utf-8")
    stdout, stderr = StringIO(), StringIO()
    assert tally_main(["--method", method, str(path)], stdout=stdout, stderr=stderr) == 2
    assert stdout.getvalue() == ""
    assert stderr.getvalue().startswith("coprod tally: error: ")
    assert message in stderr.getvalue()


def test_bad_input_exits_with_code_2_from_the_command_line(tmp_path):
    """The same from a fresh interpreter: exit code 2, message on stderr, nothing on stdout."""
    done = run_tally(tmp_path, {"tallies": {"A": [1, -2]}}, "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "coprod tally: error: a tally must not hold a negative count.\n"


def test_missing_file_is_reported(tmp_path):
    """A file that does not exist: exit code 2 and its name in the message."""
    stderr = StringIO()
    assert tally_main([str(tmp_path / "nope.json")], stderr=stderr) == 2
    assert "cannot read" in stderr.getvalue() and "nope.json" in stderr.getvalue()


def test_unknown_method_is_a_usage_error(tmp_path):
    """argparse refuses an unknown method with exit code 2."""
    done = run_tally(tmp_path, {"tallies": {}}, "--method", "borda")
    assert done.returncode == 2
    assert "invalid choice: 'borda'" in done.stderr


def _command(tmp_path, document, *arguments):
    """Run the Django management command's parser and handle, as `coprod tally` will."""
    path = tmp_path / "input.json"
    path.write_text(json.dumps(document), "utf-8")
    stdout = StringIO()
    command = Command(stdout=stdout)
    options = vars(command.create_parser("coprod", "tally").parse_args([*arguments, str(path)]))
    command.execute(**{**options, "skip_checks": True})
    return stdout.getvalue()


def test_management_command_prints_the_same_json(tmp_path):
    """`coprod tally --method approval FILE --json` runs the same pure function."""
    output = _command(tmp_path, {"ballots": [["A"], ["A", "B"]]}, "--method", "approval", "--json")
    assert json.loads(output) == {
        "ranking": ["A", "B"],
        "ranks": {"A": 1, "B": 2},
        "scores": {"A": 2, "B": 1},
    }


def test_management_command_reports_bad_input_with_exit_code_2(tmp_path):
    """Bad input raises CommandError carrying the message and return code 2."""
    with pytest.raises(CommandError) as raised:
        _command(tmp_path, {"tallies": {"A": [1, -2]}})
    assert raised.value.returncode == 2
    assert "negative count" in str(raised.value)
