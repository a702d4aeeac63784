"""The console shows, for the step under way, the regions to act from and the next action."""

from html import unescape

import pytest

from coprod.agenda.kinds import StepKind
from coprod.live.next_action import Facts, next_action
from coprod.participants.models import Participant
from coprod.testing.factories import ParticipantFactory, ProposalFactory

HX = {"HX-Request": "true"}


def console(client, workshop) -> str:
    response = client.get(f"/animer/{workshop.pk}/")
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts(status="draft"), "start"),
        (Facts(status="ended"), "ended"),
        (Facts(status="live", panel="proposals", in_step=True), "wait_proposals"),
        (Facts(status="live", panel="proposals", in_step=True, proposals=9), "group"),
        (
            Facts(
                status="live",
                panel="proposals",
                in_step=True,
                proposals=9,
                groups=3,
                syntheses_to_vote=3,
            ),
            "open_validation",
        ),
        (Facts(status="live", panel="proposals", in_step=True, proposals=9, groups=3), "next_step"),
        (
            Facts(status="live", panel="proposals", in_step=True, open_votes=1, missing=2),
            "wait_votes",
        ),
        (Facts(status="live", panel="proposals", in_step=True, open_votes=1), "close_vote"),
        (
            Facts(status="live", panel="proposals", in_step=True, open_votes=1, open_objections=1),
            "answer_objections",
        ),
        (Facts(status="live", panel="existing_actions", in_step=True), "show_next_action"),
        (
            Facts(status="live", panel="existing_actions", in_step=True, action_on_screen=True),
            "next_step",
        ),
        (Facts(status="live", panel="orientation", in_step=True), "open_orientation"),
        (
            Facts(status="live", panel="orientation", in_step=True, orientations=2, undecided=1),
            "confirm_orientation",
        ),
        (Facts(status="live", panel="projects", in_step=True), "create_tables"),
        (Facts(status="live", panel="projects", in_step=True, sheets=2, unseated=1), "seat_people"),
        (
            Facts(status="live", panel="projects", in_step=True, sheets=2, incomplete=1),
            "follow_sheets",
        ),
        (Facts(status="live", panel="projects", in_step=True, sheets=2), "next_step"),
        (
            Facts(status="live", panel="finalisation", in_step=True, is_last=True, referents=0),
            "choose_referents",
        ),
        (
            Facts(status="live", panel="finalisation", in_step=True, is_last=True, referents=2),
            "end",
        ),
        (Facts(status="live", panel=None, in_step=True, is_last=True), "end"),
    ],
)
def test_the_next_action(facts, expected):
    assert next_action(facts) == expected


@pytest.mark.django_db
def test_the_proposals_step_shows_its_regions_and_what_to_do(facilitator_client, workshop, run_to):
    run_to(workshop, StepKind.PROPOSALS)
    page = console(facilitator_client, workshop)
    for region in ('id="console-votes"', 'id="console-proposals"', 'id="console-groups"'):
        assert region in page
    assert (
        'Prochaine action :</strong> <span id="console-next-action-hint">Attendre les propositions'
        in page
    )
    assert "(page de préparation)" in page
    for i in range(3):
        ProposalFactory(workshop=workshop, text=f"Proposition numéro {i} pour le territoire")
    assert "Regrouper les propositions proches</span>" in console(facilitator_client, workshop)


@pytest.mark.django_db
def test_an_open_vote_says_how_many_have_not_voted(
    facilitator_client, facilitator, workshop, run_to
):
    from coprod.testing.factories import make_synthesis
    from coprod.voting import services

    run_to(workshop, StepKind.PROPOSALS)
    ParticipantFactory(workshop=workshop, name="Alice")
    ParticipantFactory(workshop=workshop, name="Bernard", has_phone=False)
    services.open_validation(
        make_synthesis(workshop, "Développer le transport à la demande"), actor=facilitator
    )
    page = console(facilitator_client, workshop)
    assert "Attendre les votes : 2 personnes n'ont pas encore voté" in page
    assert "Réponse de Bernard (sans téléphone)" in page


@pytest.mark.django_db
def test_a_person_without_a_phone_is_added_in_place(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/participants/",
        {"name": "Bernard", "organisation": "", "organisation_kind": "", "link_to_theme": ""},
        headers=HX,
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200, page
    assert 'id="console-offline"' in page
    assert "Bernard a été ajouté·e (sans téléphone)." in page
    assert Participant.objects.get(name="Bernard").has_phone is False


@pytest.mark.django_db
def test_every_step_renders_its_console_regions(facilitator_client, workshop, run_to):
    """Walk the seed's agenda: each step's console shows its region and a next action."""
    regions = {
        StepKind.PROPOSALS: 'id="console-groups"',
        StepKind.EXISTING_ACTIONS: 'id="console-presentation"',
        StepKind.LEVERS: 'id="console-levers"',
        StepKind.ORIENTATION: 'id="console-orientation"',
        StepKind.PROJECTS: 'id="console-tables-title"',
        StepKind.FINALISATION: 'id="console-referents-title"',
    }
    for step in workshop.steps.order_by("position"):
        run_to(workshop, step.kind)
        page = console(facilitator_client, workshop)
        assert 'id="console-votes"' in page, step.kind
        assert 'id="console-next-action-hint">' in page, step.kind
        if step.kind in regions:
            assert regions[step.kind] in page, step.kind
