"""`coprod tally`: tally votes from a JSON file. No Django import, so it also runs as
`python -m coprod.voting.cli`.

Inputs, by `--method`:
  majority-judgment  {"tallies": {"A": [counts per grade, WORST grade first], ...}}
                     optional: "amount_of_judges", "missing" (refuse | default_grade |
                     median_grade | normalize; default: missing judgments count as the worst
                     grade), "default_grade"
  approval           {"ballots": [["A", "B"], ...]}, optional "candidates": ["A", "B", "C"]
  dots               {"ballots": [{"A": 2}, ...], "dots": N, "max_per_item": M},
                     optional "candidates"
Output (`--json`): {"ranking": [...], "ranks": {"A": 1, ...}}, plus "scores" for approval and
dots; exact ties share a rank. Bad input: a message on standard error and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from coprod.voting import methods

METHODS = ("majority-judgment", "approval", "dots")
INPUT_ERROR = 2


class InputError(Exception):
    """The input file cannot be tallied; the message says why, in plain English."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments, shared by this module and the Django management command."""
    parser.add_argument("file", metavar="FILE", help="JSON input file, or - for standard input")
    parser.add_argument(
        "--method", choices=METHODS, default="majority-judgment", help="voting method"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def read_document(path: str) -> Any:
    """The parsed JSON of a file (or of standard input for "-")."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}.") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text.") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from error


def _field(document: Any, name: str, kind: type, description: str) -> Any:
    if not isinstance(document, dict):
        raise InputError("the input must be a JSON object.")
    if name not in document:
        raise InputError(f'the input has no "{name}" field ({description}).')
    value = document[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(f'"{name}" must be {description}.')
    return value


def _optional(document: dict, name: str, kind: type, description: str) -> Any:
    return _field(document, name, kind, description) if name in document else None


def _majority_judgment(document: Any) -> methods.Ranking:
    tallies = _field(document, "tallies", dict, "an object mapping each candidate to its counts")
    for candidate, counts in tallies.items():
        if not isinstance(counts, list):
            raise InputError(
                f'the tally of "{candidate}" must be a list of counts, worst grade first.'
            )
    options = {
        "amount_of_judges": _optional(document, "amount_of_judges", int, "a whole number"),
        "missing": _optional(document, "missing", str, "one of " + ", ".join(methods.Missing)),
        "default_grade": _optional(document, "default_grade", int, "a grade index"),
    }
    return methods.majority_judgment(
        tallies, **{name: value for name, value in options.items() if value is not None}
    )


def _candidates(document: dict) -> list[str]:
    candidates = _optional(document, "candidates", list, "a list of candidate names") or []
    if not all(isinstance(candidate, str) for candidate in candidates):
        raise InputError('"candidates" must be a list of candidate names.')
    return candidates


def _approval(document: Any) -> methods.ScoredRanking:
    ballots = _field(document, "ballots", list, "a list of ballots, each a list of names")
    for position, ballot in enumerate(ballots):
        if not isinstance(ballot, list) or not all(isinstance(item, str) for item in ballot):
            raise InputError(f"ballot {position} must be a list of candidate names.")
    return methods.approval(ballots, candidates=_candidates(document))


def _dots(document: Any) -> methods.ScoredRanking:
    ballots = _field(document, "ballots", list, "a list of ballots, each mapping names to dots")
    dots = _field(document, "dots", int, "the number of dots each participant has")
    per_item = _field(document, "max_per_item", int, "the most dots allowed on one item")
    for position, ballot in enumerate(ballots):
        if not isinstance(ballot, dict):
            raise InputError(f"ballot {position} must be an object mapping names to dots.")
    return methods.dot_tally(
        ballots, dots=dots, max_per_item=per_item, candidates=_candidates(document)
    )


TALLIES = {"majority-judgment": _majority_judgment, "approval": _approval, "dots": _dots}


def tally_document(document: Any, method: str) -> dict[str, Any]:
    """The JSON-ready result of a method applied to a parsed input document."""
    if method not in TALLIES:
        raise InputError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    try:
        result = TALLIES[method](document)
    except methods.VotingError as error:
        raise InputError(str(error)[0].lower() + str(error)[1:]) from error
    output: dict[str, Any] = {"ranking": list(result.ranking), "ranks": result.ranks}
    if isinstance(result, methods.ScoredRanking):
        output["scores"] = dict(result.scores)  # whole numbers for approval and dots
    return output


def tally_file(path: str, method: str) -> dict[str, Any]:
    """Read a JSON input file and tally it."""
    return tally_document(read_document(path), method)


def render(result: dict[str, Any], *, as_json: bool) -> str:
    """The result as JSON, or as one "rank. candidate (score)" line per candidate."""
    if as_json:
        return json.dumps(result, ensure_ascii=False, indent=2)
    scores = result.get("scores", {})
    return "\n".join(
        f"{result['ranks'][candidate]}. {candidate}"
        + (f" ({scores[candidate]})" if candidate in scores else "")
        for candidate in result["ranking"]
    )


def tally_main(
    argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run `coprod tally` with command-line arguments (without the program name); exit code."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="coprod tally", description="Tally votes from JSON.")
    add_arguments(parser)
    arguments = parser.parse_args(argv)
    try:
        result = tally_file(arguments.file, arguments.method)
    except InputError as error:
        print(f"coprod tally: error: {error}", file=stderr)
        return INPUT_ERROR
    print(render(result, as_json=arguments.json), file=stdout)
    return 0


if __name__ == "__main__":
    sys.exit(tally_main())
