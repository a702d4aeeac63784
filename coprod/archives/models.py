"""No models: an archive is a file, and what it carries lives in the other apps' tables.

The identities that make a re-import replace instead of duplicate are the `uuid` fields of
`workshops.Workshop` and `processes.Process`, and the catalogue's own keys (see `schema`).
"""
