"""The phone's vote panel, the facilitator's controls and polls page."""

import pytest
from django.urls import reverse

from coprod.grouping.models import Synthesis
from coprod.participants.session import SESSION_KEY
from coprod.testing.factories import ParticipantFactory
from coprod.voting import services
from coprod.voting.models import ConsentBallot, DotBallot, GradeBallot, Poll

from .conftest import BUS, SHOPS, make_synthesis

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.fixture
def phone(client, workshop):
    """A browser that joined `workshop` as Alice."""
    alice = ParticipantFactory(workshop=workshop, name="Alice")
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): alice.pk}
    session.save()
    client.alice = alice
    return client


def consent_url(vote):
    return f"/p/{vote.workshop_id}/votes/{vote.pk}/"


def test_phone_panel_shows_the_open_vote_with_three_choices(phone, workshop, vote):
    page = phone.get(f"/p/{workshop.pk}/votes/", headers=HX).content.decode()
    assert BUS in page
    for label in ("Pour", "Je peux vivre avec", "Objection"):
        assert f">{label}</button>" in page
    assert "<legend>" in page


def test_phone_panel_context_is_importable_for_the_live_region(workshop, vote, people):
    from coprod.voting.views import phone_panel_context

    context = phone_panel_context(people[0])
    assert [item["vote"] for item in context["votes"]] == [vote]
    assert context["polls"] == []


def test_phone_votes_and_sees_its_choice_preselected(phone, vote):
    response = phone.post(consent_url(vote), {f"v{vote.pk}-choice": "for"}, headers=HX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Merci, votre réponse « pour » est enregistrée." in page
    assert 'aria-pressed="true">Pour</button>' in page
    assert "Vous pouvez changer d'avis jusqu'à la clôture du vote." in page
    assert ConsentBallot.objects.get().participant == phone.alice


def test_a_vote_answers_with_its_own_section_only(phone, workshop, vote, facilitator):
    """With two votes open, answering one swaps its section alone: what is typed or refused
    on the other stays on the phone."""
    other = services.open_validation(make_synthesis(workshop, SHOPS, position=2), actor=facilitator)
    response = phone.post(consent_url(vote), {f"v{vote.pk}-choice": "for"}, headers=HX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<section") == 1 and f'id="ballot-v{vote.pk}"' in page
    assert f"ballot-v{other.pk}" not in page
    whole = phone.get(f"/p/{workshop.pk}/votes/", headers=HX).content.decode()
    assert f'id="ballot-v{vote.pk}"' in whole and f'id="ballot-v{other.pk}"' in whole


def test_first_tap_on_objection_reveals_the_fields_and_records_nothing(phone, vote):
    response = phone.post(consent_url(vote), {f"v{vote.pk}-choice": "objection"}, headers=HX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pourquoi cette objection ?" in page and "Votre suggestion" in page
    assert not ConsentBallot.objects.exists()


def test_objection_without_suggestion_returns_a_french_error_and_keeps_the_text(phone, vote):
    response = phone.post(
        consent_url(vote),
        {
            f"v{vote.pk}-choice": "objection",
            f"v{vote.pk}-reason": "Les aînés sont oubliés",
            f"v{vote.pk}-details": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page and "suggestion" in page
    assert "Les aînés sont oubliés" in page
    assert "<html" in page  # without htmx, a whole page holding the panel
    assert not ConsentBallot.objects.exists()


def test_objection_text_is_escaped_for_the_facilitator(phone, vote, workshop, facilitator_client):
    phone.post(
        consent_url(vote),
        {
            f"v{vote.pk}-choice": "objection",
            f"v{vote.pk}-reason": "<script>alert(1)</script>",
            f"v{vote.pk}-suggestion": "<b>gras</b>",
        },
        headers=HX,
    )
    assert ConsentBallot.objects.get().reason == "<script>alert(1)</script>"
    page = facilitator_client.get(f"/ateliers/{workshop.pk}/priorites/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page
    assert "Alice" not in page  # never who objected


def test_closed_vote_answers_in_french(phone, vote, facilitator):
    services.close_validation(vote, actor=facilitator)
    response = phone.post(consent_url(vote), {f"v{vote.pk}-choice": "for"}, headers=HX)
    assert response.status_code == 400
    assert "Ce vote est clos" in response.content.decode()


def test_phone_of_another_workshop_is_refused(client, vote):
    response = client.post(consent_url(vote), {f"v{vote.pk}-choice": "for"})
    assert response.status_code == 403


def test_phone_grades_a_poll_and_changes_its_mind(phone, workshop, facilitator, validated):
    poll = services.open_poll(
        services.create_poll(
            workshop, actor=facilitator, title="Priorités", method="majority_judgment"
        ),
        actor=facilitator,
    )
    options = list(poll.options.all())
    page = phone.get(f"/p/{workshop.pk}/votes/", headers=HX).content.decode()
    assert page.count('type="radio"') == 7 * len(options)  # one group of 7 grades per option
    assert page.count("<legend>") == len(options)  # each group labelled by its option
    assert "À rejeter" in page and "Très bien" in page
    url = f"/p/{workshop.pk}/votes/priorites/{poll.pk}/"
    missing = phone.post(url, {f"grade-{poll.pk}-{options[0].pk}": "6"}, headers=HX)
    assert missing.status_code == 400
    assert "il en manque 2" in missing.content.decode()
    assert 'value="6" checked' in missing.content.decode()  # what was chosen is kept
    body = {f"grade-{poll.pk}-{o.pk}": "4" for o in options}
    assert phone.post(url, body, headers=HX).status_code == 200
    body[f"grade-{poll.pk}-{options[0].pk}"] = "0"
    page = phone.post(url, body, headers=HX).content.decode()
    assert "Merci, votre vote est enregistré." in page
    assert GradeBallot.objects.count() == 3
    assert GradeBallot.objects.get(option=options[0]).grade == 0


def test_phone_dots_limits_are_explained(phone, workshop, facilitator, validated):
    poll = services.open_poll(
        services.create_poll(workshop, actor=facilitator, title="Gommettes", method="dots"),
        actor=facilitator,
    )
    options = list(poll.options.all())
    url = f"/p/{workshop.pk}/votes/priorites/{poll.pk}/"
    page = phone.get(f"/p/{workshop.pk}/votes/", headers=HX).content.decode()
    assert "Vous avez 3 gommettes en tout, au plus 2 sur une même option." in page
    response = phone.post(url, {f"dots-{poll.pk}-{options[0].pk}": "3"}, headers=HX)
    assert response.status_code == 400
    assert "Au plus 2 gommettes sur une même option." in response.content.decode()
    assert phone.post(url, {f"dots-{poll.pk}-{options[0].pk}": "2"}, headers=HX).status_code == 200
    assert DotBallot.objects.get().count == 2


def test_facilitator_opens_answers_and_closes_from_the_controls(
    facilitator_client, workshop, synthesis, people
):
    next_url = f"/ateliers/{workshop.pk}/regroupement/"
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/votes/syntheses/{synthesis.pk}/ouvrir/",
        {"min_share": "3/4", "next": next_url},
    )
    assert response.status_code == 302 and response["Location"] == next_url
    vote = services.current_votes(workshop)[synthesis.pk]
    assert vote.min_share == "3/4" and vote.is_open
    services.cast_consent(vote, participant=people[0], choice="for")
    ballot = services.cast_consent(
        vote, participant=people[1], choice="objection", reason="Flou", suggestion="Préciser"
    )
    controls = facilitator_client.get(
        f"/ateliers/{workshop.pk}/votes/syntheses/{synthesis.pk}/"
    ).content.decode()
    assert "Flou" in controls and "Clore le vote" in controls
    assert "Des objections attendent une réponse." in controls
    facilitator_client.post(
        f"/ateliers/{workshop.pk}/votes/objections/{ballot.pk}/repondre/",
        {"answer": "Nous préciserons.", "next": "https://evil.example/"},
    )
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/votes/{vote.pk}/clore/",
        {"next": "https://evil.example/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/ateliers/{workshop.pk}/priorites/"
    page = response.content.decode()
    assert "Vote clos : la synthèse n&#x27;est pas validée." in page  # 1 of 2 < 3/4
    assert Synthesis.objects.get().status == Synthesis.Status.NOT_VALIDATED


def test_controls_offer_the_two_thirds_rule_by_default(facilitator_client, workshop, synthesis):
    page = facilitator_client.get(
        f"/ateliers/{workshop.pk}/votes/syntheses/{synthesis.pk}/"
    ).content.decode()
    assert '<option value="2/3" selected>les deux tiers</option>' in page
    assert "accepter des objections sans réponse" in page


def test_stranger_cannot_drive_votes(client, stranger, workshop, synthesis):
    client.force_login(stranger)
    response = client.post(f"/ateliers/{workshop.pk}/votes/syntheses/{synthesis.pk}/ouvrir/", {})
    assert response.status_code == 403
    assert client.get(f"/ateliers/{workshop.pk}/priorites/").status_code == 403


def test_get_is_refused_on_facilitator_writes(facilitator_client, workshop, synthesis):
    url = f"/ateliers/{workshop.pk}/votes/syntheses/{synthesis.pk}/ouvrir/"
    assert facilitator_client.get(url).status_code == 405


def test_polls_page_creates_opens_and_closes_a_poll_with_its_chart(
    facilitator_client, workshop, validated, people
):
    page = facilitator_client.get(f"/ateliers/{workshop.pk}/priorites/").content.decode()
    assert "Synthèses validées" in page
    assert page.count("checked") >= 3  # validated syntheses pre-checked
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/priorites/nouveau/",
        {
            "title": "Nos priorités",
            "method": "majority_judgment",
            "syntheses": [s.pk for s in validated],
            "dots": 3,
            "max_per_item": 2,
        },
        follow=True,
    )
    assert "Vote préparé" in response.content.decode()
    poll = Poll.objects.get()
    facilitator_client.post(f"/ateliers/{workshop.pk}/priorites/{poll.pk}/ouvrir/")
    poll.refresh_from_db()
    assert poll.is_open
    for person, grade in zip(people[:3], [6, 5, 2], strict=True):
        services.cast_grades(
            poll, participant=person, grades={o.pk: grade for o in poll.options.all()}
        )
    facilitator_client.post(f"/ateliers/{workshop.pk}/priorites/{poll.pk}/clore/")
    page = facilitator_client.get(f"/ateliers/{workshop.pk}/priorites/").content.decode()
    assert "<svg" in page and "mention majoritaire : Très bien" in page
    assert '<table class="visually-hidden">' in page
    assert "<td>33,3 %</td>" in page  # the table speaks French…
    assert 'width="33.33%"' in page  # …the SVG's numbers stay numbers


def test_poll_needs_two_options_error_in_french(facilitator_client, workshop, validated):
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/priorites/nouveau/",
        {
            "title": "Un seul",
            "method": "dots",
            "syntheses": [validated[0].pk],
            "dots": 3,
            "max_per_item": 2,
        },
    )
    assert response.status_code == 400
    assert "au moins deux options" in response.content.decode()


def test_facilitator_votes_for_someone_without_a_phone(
    facilitator_client, workshop, vote, offline, people
):
    facilitator_client.post(
        f"/ateliers/{workshop.pk}/votes/{vote.pk}/pour/",
        {"participant": offline.pk, "choice": "live_with"},
    )
    assert ConsentBallot.objects.get().participant == offline
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/votes/{vote.pk}/pour/",
        {"participant": people[0].pk, "choice": "for"},
    )
    assert response.status_code == 403
    assert ConsentBallot.objects.count() == 1


def test_board_panel_and_validated_strip_render(workshop, vote, people, validated):
    from django.template.loader import render_to_string

    services.cast_consent(vote, participant=people[0], choice="for")
    html = render_to_string(
        "voting/_board_panel.html", {"voting": services.board_summary(workshop)}
    )
    assert 'data-voters="1"' in html and "100 % pour ou peuvent vivre avec" in html
    assert people[0].name not in html
    strip = render_to_string(
        "voting/_validated.html", {"validated": services.validated_syntheses(workshop)}
    )
    assert "Synthèses validées" in strip and validated[0].text in strip


def test_a_malformed_participant_id_is_a_404_not_a_server_error(facilitator_client, workshop, vote):
    url = reverse("voting:for", args=[workshop.pk, vote.pk])
    response = facilitator_client.post(url, {"participant": "abc", "choice": "for"})
    assert response.status_code == 404
