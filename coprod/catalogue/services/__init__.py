"""Catalogue writes and reads. `actions`: keeping the catalogue (edit, search, import, export);
`live`: the workshop steps (present actions, testimonies, levers)."""

from .actions import add_public, save_action, search_actions  # noqa: F401 (keeping the catalogue)
