"""A page rendered once for a whole audience, with holes for what differs per request.

Every phone of a workshop gets the same page around its own region: rendering that page once
per change of the workshop, then filling in each phone's region (and its CSRF token, and the
timer's "now"), costs a fraction of a full render per phone. Django-free: the templates mark the
holes (`{% hole %}`, see coprod.core.templatetags.page_shell), this module cuts and fills.
"""

import re
import secrets


class Holes:
    """The markers a shell is rendered with. Their random part is new for every shell, so no
    text typed by a participant can pass for one."""

    def __init__(self) -> None:
        self.prefix = f"coprod-hole:{secrets.token_hex(8)}:"

    def marker(self, name: str) -> str:
        if not name.isidentifier():
            raise ValueError(f"hole names are identifiers: {name!r}")
        return f"{self.prefix}{name}:"

    def cut(self, text: str) -> "Shell":
        """The rendered text as a shell: its parts between the markers, and the holes' names."""
        pieces = re.split(re.escape(self.prefix) + r"(\w+):", text)
        return Shell(texts=tuple(pieces[0::2]), names=tuple(pieces[1::2]))


class Shell:
    def __init__(self, texts: tuple[str, ...], names: tuple[str, ...]) -> None:
        self.texts, self.names = texts, names

    def fill(self, **values: str) -> str:
        """The page with each hole replaced by its value (every hole must get one)."""
        missing = set(self.names) - values.keys()
        if missing:
            raise KeyError(f"holes left unfilled: {', '.join(sorted(missing))}")
        out = [self.texts[0]]
        for name, text in zip(self.names, self.texts[1:], strict=True):
            out += (values[name], text)
        return "".join(out)
