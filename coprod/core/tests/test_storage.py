"""Each static file's URL is worked out once per process (coprod.core.storage)."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import Context, Template


def test_every_static_file_keeps_its_own_url():
    page = Template(
        "{% load static %}{% static 'core/coprod.css' %} {% static 'core/live.js' %} "
        "{% static 'core/coprod.css' %}"
    ).render(Context())
    assert page.split() == [
        "/static/core/coprod.css",
        "/static/core/live.js",
        "/static/core/coprod.css",
    ]
    assert staticfiles_storage.url("core/a b.js") == "/static/core/a%20b.js"
