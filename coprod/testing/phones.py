"""A phone joining a workshop as a person does: through the real join card."""

from coprod.participants.models import Participant

from .pages import visible_text


def join_as(client, workshop, name="Jeanne Martin", organisation="") -> Participant:
    """Join through the real join card, so the client's session knows the participant."""
    response = client.post(
        f"/j/{workshop.join_code}/",
        {
            "code": workshop.join_code,
            "name": name,
            "organisation": organisation,
            "accept_charter": "on",
        },
    )
    assert response.status_code == 302, visible_text(response)
    return Participant.objects.get(workshop=workshop, name=" ".join(name.split()))
