"""Bearer secrets: only a hash is stored, so a leaked database does not leak tokens."""

import hashlib
import secrets


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
