"""Join codes: short, typed on a phone, read aloud in a hall — so no look-alike characters."""

import secrets

# No 0/O, 1/I/L, 5/S, 8/B: easy to read from a projector and to type.
ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw: str) -> str:
    """Accept what people type: lower case, spaces, dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def looks_valid(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)
