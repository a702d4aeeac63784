"""Static files as whitenoise serves them, with each file's URL worked out once per process."""

from whitenoise.storage import CompressedStaticFilesStorage


class StaticStorage(CompressedStaticFilesStorage):
    """A page names five or six static files; their URLs cannot change while the server runs,
    and joining them to STATIC_URL took about a tenth of a phone page's rendering."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name):
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
