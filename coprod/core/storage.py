"""Static files under hashed names, compressed once when collected, collected again only when
their sources change.

`collectstatic` gives each file a name holding a hash of its content (core/coprod.3f1a….css)
and writes it gzipped and Brotli-compressed beside; whitenoise (or nginx) serves those names
with a cache that never expires, so a phone on a weak link downloads each file once and never
asks again, and an upgrade changes the names. Collecting takes seconds: `coprod serve` calls
`collect_static_if_changed()`, which skips it while the sources' fingerprint, kept in
STATIC_ROOT, is the same.
"""

import fcntl
import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

# In STATIC_ROOT: the fingerprint of the sources last collected there, and the lock held while
# collecting (two server processes starting at once collect once).
FINGERPRINT = ".sources"
LOCK = ".lock"
# Their versions change what collecting writes for the same sources.
TOOLS = ("django", "whitenoise", "brotli")


class StaticStorage(CompressedManifestStaticFilesStorage):
    """A page names five or six static files; their URLs cannot change while the server runs,
    and working them out took about a tenth of a phone page's rendering."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found

    def post_process(self, paths, dry_run=False, **options):
        yield from super().post_process(paths, dry_run=dry_run, **options)
        if not dry_run:
            # Written last: a collect that failed half-way is done again at the next start.
            Path(self.path(FINGERPRINT)).write_text(fingerprint(paths) + "\n")


def _tool_versions() -> str:
    found = []
    for name in TOOLS:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return " ".join(found)


def fingerprint(paths) -> str:
    """A hash of the files `collectstatic` collects ({name: (storage, path)}, as it gives them to
    the storage), of their content, and of the tools that hash and compress them."""
    digest = hashlib.sha256(_tool_versions().encode())
    for name in sorted(paths):
        storage, path = paths[name]
        digest.update(f"\0{name}\0".encode())
        with storage.open(path) as source:
            digest.update(source.read())
    return digest.hexdigest()


def source_files() -> dict:
    """The files `collectstatic` would collect, found as it finds them (the first wins)."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    found = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            prefix = getattr(storage, "prefix", None)
            found.setdefault(f"{prefix}/{path}" if prefix else path, (storage, path))
    return found


def collect_static_if_changed(verbosity: int = 1, stdout=None) -> bool:
    """Run `collectstatic` unless STATIC_ROOT already holds these very sources; True if it ran.

    A restart costs a read of the sources (a few milliseconds); the first start, or the first
    after an upgrade, collects (some seconds)."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stored = root / FINGERPRINT
        manifest = root / StaticStorage.manifest_name
        current = fingerprint(source_files())
        if manifest.exists() and stored.exists() and stored.read_text().strip() == current:
            return False
        if verbosity and stdout is not None:
            stdout.write(f"coprod: collecting the static files into {root}…")
        call_command("collectstatic", interactive=False, verbosity=0)
        return True
