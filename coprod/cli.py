"""The `coprod` command: Django's management commands under a friendlier name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    execute_from_command_line(["coprod", *argv[1:]])


if __name__ == "__main__":
    main()
