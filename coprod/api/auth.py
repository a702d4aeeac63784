"""Bearer tokens: a participant's (from joining) or a facilitator's (from `coprod token`)."""

from ninja.security import HttpBearer

from coprod.accounts.services import user_for_token
from coprod.participants.services import participant_for_token


class ParticipantToken(HttpBearer):
    def authenticate(self, request, token):
        return participant_for_token(token)


class AnyToken(HttpBearer):
    """Either kind; the view decides what each may see."""

    def authenticate(self, request, token):
        return participant_for_token(token) or user_for_token(token)
