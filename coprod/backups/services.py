"""Backing up a whole instance into one file, and restoring it: database, uploads, secret key
and archive key (coprod/backups/fileformat.py says what the file holds)."""

import datetime as dt
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from coprod.archives.services import archive_key
from coprod.workshops.models import Workshop

from . import databases, fileformat

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupFailed(Exception):
    """A backup or a restore that cannot go on: the message is for the person who ran it."""


def first_line(error: Exception) -> str:
    """A database error's first line: the rest is a driver's detail, not for the person."""
    return next(iter(str(error).strip().splitlines()), "")


def coprod_version() -> str:
    try:
        return metadata.version("coprod")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "0"


def migration_state() -> dict[str, list[str]]:
    """The applied migrations, per app: what the backup's database was at."""
    try:
        applied = MigrationRecorder(connection).applied_migrations()
    except DatabaseError:
        return {}
    state: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        state.setdefault(app, []).append(name)
    return state


def create_backup(target: Path) -> Path:
    """Write a backup of this instance to `target` (replaced atomically if it exists)."""
    target = Path(target).resolve()
    connection.ensure_connection()  # a fresh SQLite file exists from here on
    with tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as tmp:
        engine = databases.engine()
        database = Path(tmp) / fileformat.DATABASE_FILES[engine]
        try:
            databases.dump(database)
        except databases.DatabaseToolError as error:
            raise BackupFailed(_("La sauvegarde de la base a échoué : %s") % error) from None
        manifest = fileformat.make_manifest(
            engine=engine,
            database=database,
            coprod_version=coprod_version(),
            migrations=migration_state(),
        )
        return fileformat.write(
            target,
            manifest,
            database=database,
            secret_key=settings.SECRET_KEY,
            archive_key=archive_key(),
            media=Path(settings.MEDIA_ROOT),
        )


def backup_into(folder: Path, keep: int) -> tuple[Path, list[Path]]:
    """A new timestamped backup in `folder`, then only the `keep` newest are kept."""
    folder = Path(folder).resolve()
    if not folder.exists():  # an existing folder keeps the rights its admin gave it
        folder.mkdir(parents=True, mode=0o700)
    taken = {p.name for p in folder.iterdir()}
    made = create_backup(folder / fileformat.timestamped_name(dt.datetime.now(dt.UTC), taken))
    removed = [folder / name for name in fileformat.to_prune(os.listdir(folder), keep)]
    for path in removed:
        path.unlink(missing_ok=True)
    return made, removed


def instance_is_empty() -> bool:
    """No workshop and no account yet (a database not even migrated counts as empty)."""
    try:
        return not (Workshop.objects.exists() or get_user_model().objects.exists())
    except DatabaseError:
        return True


def restore_backup(path: Path, *, force: bool = False) -> list[str]:
    """Replace this instance by the backup at `path`, then migrate it to this code.
    Returns the warnings to show (keys that the environment overrides)."""
    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as tmp:
        try:
            opened = fileformat.open_into(Path(path), Path(tmp))
        except fileformat.BackupError as error:
            raise BackupFailed(_refusal(error, path)) from None
        here = databases.engine()
        if opened.engine != here:
            raise BackupFailed(
                _(
                    "Cette sauvegarde vient d'une base %(theirs)s et ce serveur utilise "
                    "%(ours)s : la restauration d'un moteur de base à l'autre n'est pas prise "
                    "en charge (déplacez plutôt les ateliers avec « coprod archive »)."
                )
                % {"theirs": ENGINE_NAMES[opened.engine], "ours": ENGINE_NAMES[here]}
            )
        if unknown := _unknown_migrations(opened.manifest):
            raise BackupFailed(
                _(
                    "Cette sauvegarde vient d'une version plus récente de coprod (migrations "
                    "inconnues ici : %s) : installez cette version-là pour la restaurer."
                )
                % ", ".join(unknown[:3])
            )
        if not force and not instance_is_empty():
            raise BackupFailed(
                _(
                    "Cette instance contient déjà des ateliers ou des comptes : la restauration "
                    "les remplacerait. Relancez avec --force pour les remplacer."
                )
            )
        try:
            databases.load(opened.database)
        except databases.DatabaseToolError as error:
            raise BackupFailed(_("La restauration de la base a échoué : %s") % error) from None
        _replace_media(opened.media, Path(settings.MEDIA_ROOT), Path(tmp))
        warnings = _restore_keys(opened, data_dir)
    _forget_cache()
    call_command("migrate", interactive=False, verbosity=0)
    return warnings


def _unknown_migrations(manifest: dict) -> list[str]:
    """Migrations applied in the backup that this code does not have: a newer version's."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(manifest.get("migrations", {}).items())
        for name in names
        if (app, name) not in known
    ]


def _refusal(error: fileformat.BackupError, path) -> str:
    if error.reason == error.MISSING:
        return _("Fichier de sauvegarde introuvable : %s") % path
    if error.reason == error.NEWER:
        return _(
            "Cette sauvegarde a été faite par une version plus récente de coprod : "
            "mettez coprod à jour avant de la restaurer."
        )
    if error.reason == error.CORRUPT:
        return _("Cette sauvegarde est incomplète ou abîmée : %s") % path
    return _("Ce fichier n'est pas une sauvegarde coprod lisible : %s") % path


def _replace_media(restored: Path, media_root: Path, tmp: Path) -> None:
    if media_root.exists():
        old = tmp / "media-before-restore"
        shutil.move(media_root, old)
    if restored.is_dir():
        shutil.move(restored, media_root)
    else:
        media_root.mkdir(parents=True, exist_ok=True)


def _restore_keys(opened: fileformat.Opened, data_dir: Path) -> list[str]:
    """The keys go back to the data folder; the environment still wins where it sets one, so
    say so when it differs (phones would lose their sessions)."""
    warnings = []
    _write_private(data_dir / "secret_key", opened.secret_key)
    if os.environ.get("SECRET_KEY", opened.secret_key) != opened.secret_key:
        warnings.append(
            _(
                "SECRET_KEY est défini dans l'environnement et diffère de la clé sauvegardée : "
                "retirez-le ou donnez-lui la valeur du fichier secret_key du dossier de "
                "données, sinon les téléphones perdront leur session."
            )
        )
    if opened.archive_key:
        _write_private(data_dir / "archive_key", opened.archive_key)
        configured = getattr(settings, "COPROD_ARCHIVE_KEY", "") or os.environ.get(
            "COPROD_ARCHIVE_KEY", ""
        )
        if configured not in ("", opened.archive_key):
            warnings.append(
                _(
                    "COPROD_ARCHIVE_KEY est défini et diffère de la clé d'archives sauvegardée "
                    "(fichier archive_key du dossier de données)."
                )
            )
    return warnings


def _write_private(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(temp, path)


def _forget_cache() -> None:
    """Cached sessions and pages of the replaced database must not outlive it. Only this
    instance's keys go: a shared Redis keeps the others'."""
    config = settings.CACHES["default"]
    if "redis" not in config["BACKEND"].lower():
        return  # in-process caches die with the stopped servers
    import redis

    client = redis.Redis.from_url(config["LOCATION"])
    for key in client.scan_iter(match=f"{config.get('KEY_PREFIX', '')}:*", count=1000):
        client.delete(key)
