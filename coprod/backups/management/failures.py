"""The refusals `coprod backup` and `coprod restore` share, each said in one French line."""

import contextlib

from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .. import services


@contextlib.contextmanager
def said_in_one_line(disk_message: str):
    """A failure of the backup, of the database or of the disk (`disk_message`, with %s for the
    error) becomes a CommandError: no traceback, exit code 1."""
    try:
        yield
    except services.BackupFailed as error:
        raise CommandError(str(error)) from None
    except DatabaseError as error:
        raise CommandError(
            _("Base de données injoignable : %s") % services.first_line(error)
        ) from None
    except OSError as error:
        raise CommandError(disk_message % error) from None
