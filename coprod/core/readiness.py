"""Commands on a fresh data folder: a database with no tables yet, or behind the code.

`coprod demo` alone on a new COPROD_DATA_DIR crashed with « no such table: auth_user ». coprod/
cli.py asks here, before running a command, whether its database is ready: the first commands
of a laptop migrate it first; the others say in one French line what to run, since on a server
the migrations belong to coprod-migrate.service and must not race between processes.
"""

import sys

# Commands a person runs first on a new instance: they migrate the database themselves.
MIGRATE_FIRST = {"demo", "createsuperuser", "changepassword", "archive"}
# Commands that use existing data (tally and group read files only): on a database not
# migrated they say so.
NEED_MIGRATED = {"token", "report", "worker"}


def pending_migrations() -> list:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def prepare(argv: list[str]) -> None:
    """Before `coprod COMMAND …`: migrate or stop with one line, as the command needs."""
    command = argv[1] if len(argv) > 1 else ""
    if command not in MIGRATE_FIRST | NEED_MIGRATED or {"-h", "--help"} & set(argv):
        return
    import django
    from django.db import DatabaseError
    from django.utils.translation import gettext as _

    django.setup()
    try:
        pending = pending_migrations()
        if pending and command in MIGRATE_FIRST:
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
            print(_("Base de données préparée (migrations appliquées)."), file=sys.stderr)
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        sys.exit(_("Base de données injoignable : %s") % first_line)
    if pending and command in NEED_MIGRATED:
        sys.exit(_("La base de données n'est pas à jour : lancez d'abord « coprod migrate »."))
