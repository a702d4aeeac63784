"""The `coprod` command: Django's management commands under a friendlier name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    from django.core.management import execute_from_command_line

    from coprod.config import ConfigError
    from coprod.core import readiness

    argv = list(sys.argv if argv is None else argv)
    try:
        readiness.prepare(argv)
        execute_from_command_line(["coprod", *argv[1:]])
    except ConfigError as error:  # a malformed environment variable: its name, no traceback
        sys.exit(f"coprod: {error}")


if __name__ == "__main__":
    main()
