"""Static files (coprod.core.storage): collected under hashed names with their gzip and Brotli
copies, collected again only when a source changes, and each URL worked out once."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template, engines

from coprod.core.storage import collect_static_if_changed

STYLE = "".join(f".card-{n} {{ margin: {n}px; color: #333; }}\n" for n in range(200))


@pytest.fixture
def collected(settings, tmp_path):
    """A site whose only static source is one style sheet, collected into its own folder."""
    sources = tmp_path / "sources"
    (sources / "core").mkdir(parents=True)
    (sources / "core" / "site.css").write_text(STYLE)
    settings.STATICFILES_DIRS = [sources]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "coprod.core.storage.StaticStorage"},
    }
    return sources, settings.STATIC_ROOT


def hashed(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "core").iterdir())


def test_collecting_again_with_unchanged_sources_does_nothing(collected):
    sources, root = collected
    assert collect_static_if_changed(verbosity=0)
    names = hashed(root)
    assert re.fullmatch(r"site\.[0-9a-f]{12}\.css", names[0]), names
    assert names[1:] == [f"{names[0]}.br", f"{names[0]}.gz"]
    written = {name: (root / "core" / name).stat().st_mtime_ns for name in names}

    assert not collect_static_if_changed(verbosity=0)
    assert {name: (root / "core" / name).stat().st_mtime_ns for name in names} == written

    (sources / "core" / "site.css").write_text(STYLE + ".new { margin: 0; }\n")
    assert collect_static_if_changed(verbosity=0)
    assert len(hashed(root)) == 6, "a new name beside the old one, for pages still open"


def test_a_lost_manifest_is_collected_again(collected):
    _, root = collected
    assert collect_static_if_changed(verbosity=0)
    (root / "staticfiles.json").unlink()
    assert collect_static_if_changed(verbosity=0)
    assert (root / "staticfiles.json").exists()


def test_every_static_file_keeps_its_own_url(collected):
    collect_static_if_changed(verbosity=0)
    page = Template(
        "{% load static %}{% static 'core/site.css' %} {% static 'core/site.css' %}"
    ).render(Context())
    first, second = page.split()
    assert re.fullmatch(r"/static/core/site\.[0-9a-f]{12}\.css", first)
    assert second == first


# {% static 'name' %} with a literal name, in a template's source.
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")


def test_every_static_file_a_template_names_exists(settings):
    """A name missing from the collected files fails the whole page (not only the file)."""
    ours = settings.BASE_DIR / "coprod"
    named = set()
    for loader in engines["django"].engine.template_loaders:
        for folder in loader.get_dirs():
            for template in Path(folder).rglob("*.html"):
                if ours in template.parents:
                    named.update(STATIC_TAG.findall(template.read_text()))
    assert "core/coprod.css" in named
    assert [name for name in sorted(named) if not finders.find(name)] == []
