"""Bearer tokens: a participant's (from joining) or a facilitator's (from `coprod token`)."""

from dataclasses import dataclass

from ninja.security import HttpBearer

from coprod.accounts.services import check_unusable_token, user_for_token
from coprod.participants.services import participant_for_token
from coprod.participants.tokens import workshop_id_for_token


def _refused(token: str) -> None:
    """An expired or revoked account token is told so (401, TokenRefused); others get the
    usual « missing or invalid »."""
    check_unusable_token(token)


class ParticipantToken(HttpBearer):
    def authenticate(self, request, token):
        return participant_for_token(token)


class AnyToken(HttpBearer):
    """Either kind; the view decides what each may see."""

    def authenticate(self, request, token):
        return participant_for_token(token) or user_for_token(token) or _refused(token)


@dataclass(frozen=True)
class TokenReader:
    """A participant's token on a read of the live state: all that read needs is its workshop."""

    workshop_id: int


class LiveReaderToken(HttpBearer):
    """Either kind, for the live state's polled read: a participant's token resolves to its
    workshop through a cache (participants.tokens), without loading the participant."""

    def authenticate(self, request, token):
        workshop_id = workshop_id_for_token(token)
        if workshop_id is not None:
            return TokenReader(workshop_id)
        # A participant not (or no longer) admitted is told why by the view (403), not 401.
        return user_for_token(token) or participant_for_token(token) or _refused(token)
