"""Helpers for the tests that call the JSON API."""


def bearer(token: str) -> dict:
    """The headers of a request made with an API token (a facilitator's or a participant's)."""
    return {"Authorization": f"Bearer {token}"}
