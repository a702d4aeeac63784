"""Ids that arrive in forms and query strings."""


def posted_id(value) -> int:
    """A submitted id as an int; anything else becomes 0, which matches no row.

    `Model.objects.get(pk="abc")` raises ValueError (a server error); 0 gives a 404 or the
    caller's French message instead.
    """
    value = str(value if value is not None else "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else 0
