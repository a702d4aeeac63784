"""The live pages — phone, board, facilitator console — and who may open them."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing

from coprod.agenda import services as agenda
from coprod.agenda.kinds import StepKind
from coprod.grouping.models import Cluster, Synthesis
from coprod.live import board_grant
from coprod.participants.models import MoodVote
from coprod.testing.factories import (
    MoodVoteFactory,
    ParticipantFactory,
    UserFactory,
    WorkshopFactory,
    seed_agenda,
)
from coprod.testing.pages import visible_text
from coprod.testing.phones import join_as
from coprod.voting import services as voting
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
HTMX = {"HX-Request": "true"}


HTMX = {"HX-Request": "true"}  # what the phone's forms send once htmx has loaded


@pytest.fixture
def other_workshop(db):
    """A second workshop, with its own facilitator and agenda."""
    workshop = WorkshopFactory(title="Atelier voisin", facilitators=[UserFactory()])
    seed_agenda(workshop)
    return workshop


# --- Phone ------------------------------------------------------------------------------------


def test_phone_page_requires_joining(client, workshop):
    """Without joining, the phone page sends to the code form (never to the workshop's join
    link) and its live region is refused."""
    response = client.get(f"/p/{workshop.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(f"/p/{workshop.pk}/live/").status_code == 403
    assert client.post(f"/p/{workshop.pk}/humeur/", {"value": 4}).status_code == 403


def test_phone_follows_the_current_step(client, workshop, facilitator):
    join_as(client, workshop)
    assert "L'atelier va bientôt commencer." in visible_text(client.get(f"/p/{workshop.pk}/"))
    agenda.start_workshop(workshop, actor=facilitator)
    phone = client.get(f"/p/{workshop.pk}/")
    page = visible_text(phone)
    assert "Séquence 1 sur 9" in page
    assert "Se connaître et poser les bases" in page
    assert "Les personnes interviennent à titre personnel" in page  # the charter panel
    assert 'role="timer"' in phone.content.decode() and "10:00" in page
    region = client.get(f"/p/{workshop.pk}/live/")
    assert "Se connaître et poser les bases" in visible_text(region)
    assert "<html" not in region.content.decode()


def test_phone_thanks_participants_when_the_workshop_ends(client, workshop, facilitator):
    join_as(client, workshop)
    agenda.start_workshop(workshop, actor=facilitator)
    agenda.end_workshop(workshop, actor=facilitator)
    page = visible_text(client.get(f"/p/{workshop.pk}/"))
    assert "L'atelier est terminé" in page
    assert "Merci pour votre participation !" in page


def test_phone_answers_the_mood_check(client, workshop, run_to):
    """During "Comment ça va ?" the phone shows five faces; an answer is saved and changeable."""
    participant = join_as(client, workshop)
    run_to(workshop, StepKind.MOOD)
    assert "Votre réponse reste anonyme." in visible_text(client.get(f"/p/{workshop.pk}/"))
    response = client.post(f"/p/{workshop.pk}/humeur/", {"value": 4, "word": "Curieuse"})
    assert response.status_code == 200
    assert "Merci, votre réponse est enregistrée." in visible_text(response)
    client.post(f"/p/{workshop.pk}/humeur/", {"value": 2})
    assert list(MoodVote.objects.values_list("participant", "value")) == [(participant.pk, 2)]


def test_a_mood_answer_without_javascript_gets_a_whole_page(client, workshop, run_to):
    """htmx swaps the answer in place; a plain form post (no script yet on a weak connection)
    gets a page with the layout and a way back, not a bare fragment."""
    join_as(client, workshop)
    run_to(workshop, StepKind.MOOD)
    in_place = client.post(f"/p/{workshop.pk}/humeur/", {"value": 4}, headers=HTMX)
    assert "<html" not in in_place.content.decode()
    assert "Merci, votre réponse est enregistrée." in visible_text(in_place)

    page = client.post(f"/p/{workshop.pk}/humeur/", {"value": 5})
    body = page.content.decode()
    assert page.status_code == 200 and "<html" in body
    assert "Merci, votre réponse est enregistrée." in visible_text(page)
    assert f'<a href="/p/{workshop.pk}/">Retour à l\'atelier</a>' in body
    refused = client.post(f"/p/{workshop.pk}/humeur/", {"value": 9})
    assert refused.status_code == 400 and "<html" in refused.content.decode()
    assert "Choisissez une humeur de 1 à 5." in visible_text(refused)


def test_a_refused_mood_keeps_its_word_and_says_why_beside_it(client, workshop, run_to):
    """The word typed comes back as typed (not the one saved before), the reason sits in the
    fieldset, and the word is marked invalid only when it is the word that was refused."""
    join_as(client, workshop)
    run_to(workshop, StepKind.MOOD)
    client.post(f"/p/{workshop.pk}/humeur/", {"value": 4, "word": "Curieuse"}, headers=HTMX)
    no_face = client.post(f"/p/{workshop.pk}/humeur/", {"value": 9, "word": "Serein"}, headers=HTMX)
    body = no_face.content.decode()
    assert no_face.status_code == 400
    assert '<fieldset aria-describedby="mood-error">' in body
    assert 'id="mood-error">Choisissez une humeur de 1 à 5.' in body
    assert 'value="Serein">' in body and "Curieuse" not in body
    too_long = "Enthousiaste " * 5
    word = client.post(f"/p/{workshop.pk}/humeur/", {"value": 3, "word": too_long}, headers=HTMX)
    assert word.status_code == 400
    assert f'value="{too_long}" aria-invalid="true" aria-describedby="mood-error"' in (
        word.content.decode()
    )
    assert MoodVote.objects.get().word == "Curieuse"


def test_phone_mood_outside_the_mood_step_is_refused(client, workshop, run_to):
    join_as(client, workshop)
    run_to(workshop, StepKind.ROUND_TABLE)
    response = client.post(f"/p/{workshop.pk}/humeur/", {"value": 4})
    assert response.status_code == 400
    assert "« Comment ça va ? » n'est pas la séquence en cours" in visible_text(response)
    assert not MoodVote.objects.exists()


def test_phone_mood_value_out_of_range(client, workshop, run_to):
    join_as(client, workshop)
    run_to(workshop, StepKind.MOOD)
    response = client.post(f"/p/{workshop.pk}/humeur/", {"value": 9})
    assert response.status_code == 400
    assert "Choisissez une humeur de 1 à 5." in visible_text(response)


def test_phone_updates_the_round_table_card(client, workshop, run_to):
    participant = join_as(client, workshop)
    run_to(workshop, StepKind.ROUND_TABLE)
    response = client.post(
        f"/p/{workshop.pk}/carte/",
        {"name": "Jeanne M.", "organisation": "CCAS de Magny"},
        headers=HTMX,
    )
    assert "Votre carte est à jour." in visible_text(response)
    participant.refresh_from_db()
    assert participant.organisation == "CCAS de Magny"


def test_participant_of_one_workshop_cannot_open_another(client, workshop, other_workshop):
    """Joined workshop A: B's phone page sends to the code form, B's console and board refuse."""
    join_as(client, workshop)
    response = client.get(f"/p/{other_workshop.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(f"/p/{other_workshop.pk}/live/").status_code == 403
    assert client.get(f"/p/{other_workshop.pk}/moi/").status_code == 403
    assert client.post(f"/p/{other_workshop.pk}/humeur/", {"value": 5}).status_code == 403
    console = client.get(f"/animer/{other_workshop.pk}/")
    assert console.status_code == 302 and console["Location"].startswith("/compte/connexion/")
    assert client.get(f"/tableau/{other_workshop.pk}/").status_code == 404
    assert client.get(f"/tableau/{other_workshop.pk}/live/").status_code == 404
    assert client.get(f"/p/{workshop.pk}/").status_code == 200  # their own still works


# --- Board ------------------------------------------------------------------------------------


def test_board_for_the_facilitator_shows_code_and_qr(facilitator_client, workshop):
    response = facilitator_client.get(f"/tableau/{workshop.pk}/")
    assert response.status_code == 200
    assert workshop.join_code in visible_text(response)
    markup = response.content.decode()
    assert "<svg" in markup
    assert f"http://testserver/j/{workshop.join_code}/" in markup


def test_board_by_key_without_an_account(client, workshop):
    """The projector's computer opens the board link (?cle=<board key>) with no login: the key
    is traded for a cookie and leaves the address; the board's own reads need only the cookie."""
    response = client.get(f"/tableau/{workshop.pk}/?cle={workshop.board_key}&lang=fr")
    assert response.status_code == 303
    assert response["Location"] == f"/tableau/{workshop.pk}/?lang=fr"
    assert "no-store" in response["Cache-Control"]
    grant = response.cookies[board_grant.cookie_name(workshop.pk)]
    assert grant["httponly"] and grant["samesite"] == "Lax"
    assert workshop.board_key not in grant.value
    for path in ("", "live/", "rejoindre/"):
        page = client.get(f"/tableau/{workshop.pk}/{path}")
        assert page.status_code == 200, path
        assert workshop.board_key not in page.content.decode(), path


def test_the_grant_opens_only_its_own_board(client, workshop, other_workshop):
    client.get(f"/tableau/{workshop.pk}/?cle={workshop.board_key}")
    assert client.get(f"/tableau/{other_workshop.pk}/").status_code == 404
    client.cookies[board_grant.cookie_name(other_workshop.pk)] = board_grant.value(workshop)
    assert client.get(f"/tableau/{other_workshop.pk}/live/").status_code == 404


def test_the_grant_stops_when_the_board_key_changes(client, workshop):
    client.get(f"/tableau/{workshop.pk}/?cle={workshop.board_key}")
    Workshop.objects.filter(pk=workshop.pk).update(board_key="une-nouvelle-cle")
    assert client.get(f"/tableau/{workshop.pk}/").status_code == 404


def test_an_old_grant_stops_working(client, workshop):
    """Past its age the signed cookie is refused, whatever the browser kept."""
    then = signing.b62_encode(int(time.time()) - board_grant.GRANT_AGE - 60)
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=then):
        client.get(f"/tableau/{workshop.pk}/?cle={workshop.board_key}")
    assert client.get(f"/tableau/{workshop.pk}/live/").status_code == 404


@pytest.mark.parametrize("key", ["", "mauvaise-cle"])
def test_board_without_the_key_is_404(client, workshop, key):
    response = client.get(f"/tableau/{workshop.pk}/?cle={key}")
    assert response.status_code == 404
    assert board_grant.cookie_name(workshop.pk) not in response.cookies
    assert client.get(f"/tableau/{workshop.pk}/").status_code == 404


def test_board_key_of_another_workshop_does_not_open_this_one(client, workshop, other_workshop):
    assert client.get(f"/tableau/{workshop.pk}/?cle={other_workshop.board_key}").status_code == 404


def test_board_is_404_for_a_stranger(client, stranger, workshop):
    client.force_login(stranger)
    assert client.get(f"/tableau/{workshop.pk}/").status_code == 404


def test_board_round_table_groups_people_by_organisation(facilitator_client, workshop, run_to):
    ParticipantFactory(workshop=workshop, name="Ahmed", organisation="Mairie de Wy")
    ParticipantFactory(workshop=workshop, name="Bruno", organisation="Mairie de Wy")
    ParticipantFactory(workshop=workshop, name="Claire")
    run_to(workshop, StepKind.ROUND_TABLE)
    page = visible_text(facilitator_client.get(f"/tableau/{workshop.pk}/"))
    assert "3 participants" in page
    assert "Mairie de Wy : Ahmed, Bruno" in page
    assert "Sans structure : Claire" in page


def test_board_mood_shows_the_anonymous_tally(facilitator_client, workshop, run_to):
    for value in (5, 5, 2):
        MoodVoteFactory(
            participant=ParticipantFactory(workshop=workshop, name=f"P{value}"), value=value
        )
    run_to(workshop, StepKind.MOOD)
    page = visible_text(facilitator_client.get(f"/tableau/{workshop.pk}/live/"))
    assert "3 réponses" in page
    assert "P5" not in page


# --- Console ----------------------------------------------------------------------------------


def test_console_is_for_facilitators(client, stranger, workshop):
    response = client.get(f"/animer/{workshop.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")
    client.force_login(stranger)
    assert client.get(f"/animer/{workshop.pk}/").status_code == 403
    assert client.get(f"/animer/{workshop.pk}/live/").status_code == 403


def test_console_shows_the_agenda_and_the_start_button(facilitator_client, workshop):
    page = visible_text(facilitator_client.get(f"/animer/{workshop.pk}/"))
    assert "Commencer l'atelier" in page
    assert "Finalisation et préparation de la restitution" in page
    assert "Personne pour l'instant" in page


def control(client, workshop, action, **data):
    return client.post(f"/animer/{workshop.pk}/commande/{action}/", data, headers=HTMX)


def test_start_control_answers_with_the_console_region(facilitator_client, workshop):
    """An htmx click gets back only the live region, now showing the running step."""
    response = control(facilitator_client, workshop, "start")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    region = visible_text(response)
    assert "1. Se connaître et poser les bases" in region
    assert "Séquence suivante" in region
    workshop.refresh_from_db()
    assert workshop.status == "live"


def test_next_and_previous_controls(facilitator_client, workshop):
    control(facilitator_client, workshop, "start")
    assert "2. Tour de table" in visible_text(control(facilitator_client, workshop, "next"))
    assert "1. Se connaître" in visible_text(control(facilitator_client, workshop, "previous"))
    assert workshop.steps.live().get().position == 1


def test_refused_control_answers_400_with_the_french_reason(facilitator_client, workshop):
    control(facilitator_client, workshop, "start")
    response = control(facilitator_client, workshop, "previous")
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "C'est déjà la première séquence." in visible_text(response)


def test_timer_controls(facilitator_client, workshop):
    """Pause shows "en pause" and a Resume button; +5 min adds five minutes to the timer."""
    control(facilitator_client, workshop, "start")
    paused = visible_text(control(facilitator_client, workshop, "pause"))
    assert "Reprendre le minuteur" in paused and "en pause" in paused
    remaining = workshop.steps.live().get().remaining_seconds
    control(facilitator_client, workshop, "extend", minutes=5)
    assert workshop.steps.live().get().remaining_seconds == remaining + 300
    control(facilitator_client, workshop, "resume")
    step = workshop.steps.live().get()
    assert step.status == "running"
    assert step.ends_at - step.started_at >= timedelta(minutes=14)


def test_end_control(facilitator_client, workshop):
    control(facilitator_client, workshop, "start")
    response = control(facilitator_client, workshop, "end")
    assert "terminé" in visible_text(response)
    workshop.refresh_from_db()
    assert workshop.status == "ended"


def test_control_without_htmx_redirects_to_the_console(facilitator_client, workshop):
    response = facilitator_client.post(f"/animer/{workshop.pk}/commande/start/")
    assert response.status_code == 302
    assert response["Location"] == f"/animer/{workshop.pk}/"
    refused = facilitator_client.post(f"/animer/{workshop.pk}/commande/start/", follow=True)
    assert "L'atelier est déjà en cours." in visible_text(refused)


def test_unknown_control_is_404_and_get_is_405(facilitator_client, workshop):
    assert control(facilitator_client, workshop, "rewind").status_code == 404
    assert facilitator_client.get(f"/animer/{workshop.pk}/commande/start/").status_code == 405
    workshop.refresh_from_db()
    assert workshop.status == "draft"


def test_stranger_cannot_drive_the_workshop(client, stranger, workshop):
    client.force_login(stranger)
    assert control(client, workshop, "start").status_code == 403
    workshop.refresh_from_db()
    assert workshop.status == "draft"


def test_add_a_participant_without_phone_from_the_console(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/participants/",
        {"name": "Marcel", "organisation": "Club des aînés"},
        follow=True,
    )
    assert "Marcel a été ajouté·e (sans téléphone)." in visible_text(response)
    assert "sans téléphone" in visible_text(response)
    assert workshop.participants.get().has_phone is False


def test_add_a_participant_without_a_name_is_refused(facilitator_client, workshop):
    response = facilitator_client.post(f"/animer/{workshop.pk}/participants/", {"name": ""})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in visible_text(response)
    assert not workshop.participants.exists()


def test_the_console_keeps_what_was_typed_for_someone_without_phone(facilitator_client, workshop):
    """Refused (no name): the form's section alone comes back (htmx), every field as typed,
    the reason beside the name; then added: emptied, with a word of thanks and the button's
    id (htmx gives the focus back to it)."""
    url = f"/animer/{workshop.pk}/participants/"
    typed = {"name": "", "organisation": "Club des aînés", "link_to_theme": "Le bus du mardi"}
    refused = facilitator_client.post(url, {**typed, "client_key": "k1"}, headers=HTMX)
    body = refused.content.decode()
    assert refused.status_code == 400 and "<html" not in body
    assert 'aria-invalid="true" aria-describedby="id_name_error"' in body
    assert '<p class="error" id="id_name_error">Ce champ est obligatoire.</p>' in body
    assert 'value="Club des aînés"' in body and "Le bus du mardi</textarea>" in body
    added = facilitator_client.post(
        url, {**typed, "name": "Marcel", "client_key": "k1"}, headers=HTMX
    )
    assert added.status_code == 200
    section = added.content.decode()
    assert 'id="console-offline"' in section and 'id="add-offline"' in section
    assert "Marcel a été ajouté·e (sans téléphone)." in section
    assert "Club des aînés" not in section
    assert workshop.participants.get().name == "Marcel"


def test_facilitator_enters_the_mood_of_someone_without_phone(
    facilitator_client, facilitator, workshop, run_to, other_workshop
):
    """At the mood step the console offers a mood select for people without phone."""
    marcel = ParticipantFactory(workshop=workshop, name="Marcel", has_phone=False)
    run_to(workshop, StepKind.MOOD)
    assert "Humeur de Marcel" in visible_text(facilitator_client.get(f"/animer/{workshop.pk}/"))
    url = f"/animer/{workshop.pk}/participants/{marcel.pk}/humeur/"
    response = facilitator_client.post(url, {"value": 3}, headers=HTMX)
    assert response.status_code == 200
    assert "1 réponse" in visible_text(response)
    assert MoodVote.objects.get().participant == marcel
    foreign = ParticipantFactory(workshop=other_workshop)
    foreign_url = f"/animer/{workshop.pk}/participants/{foreign.pk}/humeur/"
    assert facilitator_client.post(foreign_url, {"value": 3}).status_code == 404


# --- Escaping and query counts ----------------------------------------------------------------


def test_participant_names_are_escaped_everywhere(client, facilitator_client, workshop, run_to):
    """A name typed as a script shows as text on the board, the console and the phone."""
    join_as(client, workshop, name=SCRIPT, organisation=SCRIPT)
    run_to(workshop, StepKind.ROUND_TABLE)
    pages = {
        "board": facilitator_client.get(f"/tableau/{workshop.pk}/"),
        "console": facilitator_client.get(f"/animer/{workshop.pk}/"),
        "phone": client.get(f"/p/{workshop.pk}/"),
    }
    for where, response in pages.items():
        body = response.content.decode()
        assert response.status_code == 200, where
        assert ESCAPED in body, where
        assert SCRIPT not in body, where


@pytest.fixture
def crowded(workshop):
    """Forty participants from seven structures, a third of them without phone."""
    return [
        ParticipantFactory(
            workshop=workshop, organisation=f"Structure {i % 7}", has_phone=i % 3 > 0
        )
        for i in range(40)
    ]


@pytest.mark.parametrize("kind", [StepKind.ROUND_TABLE, StepKind.MOOD])
@pytest.mark.parametrize(
    "url",
    ["/animer/{pk}/", "/animer/{pk}/live/", "/tableau/{pk}/", "/tableau/{pk}/live/"],
)
def test_live_pages_use_few_queries_with_40_participants(
    facilitator_client, workshop, crowded, run_to, django_assert_max_num_queries, kind, url
):
    """The console and board cost the same handful of queries however many people came."""
    run_to(workshop, kind)
    if kind == StepKind.MOOD:
        for participant in crowded:
            MoodVoteFactory(participant=participant)
    # A bounded handful: the step, people, panels, the votes (open, validated, polls) and, on
    # the console, its votes region (open votes, polls not closed, open orientations).
    with django_assert_max_num_queries(18):
        response = facilitator_client.get(url.format(pk=workshop.pk))
    assert response.status_code == 200
    assert ("40 réponses" if kind == StepKind.MOOD else "40 participants") in visible_text(response)


@pytest.mark.parametrize("url", ["/animer/{pk}/", "/animer/{pk}/live/"])
def test_console_reads_an_open_vote_once_for_its_region_and_its_hint(
    facilitator_client, workshop, facilitator, crowded, run_to, django_assert_max_num_queries, url
):
    """The votes region and « Prochaine action » show the same turnout from one read of the
    votes (kept by the console's live state), with who is in the room read once for both."""
    run_to(workshop, StepKind.PROPOSALS)
    cluster = Cluster.objects.create(workshop=workshop, position=1)
    voting.open_validation(
        Synthesis.objects.create(cluster=cluster, text="Une navette par semaine"),
        actor=facilitator,
    )
    with django_assert_max_num_queries(29):
        response = facilitator_client.get(url.format(pk=workshop.pk))
    text = visible_text(response)
    assert "40 personnes n'ont pas encore voté :" in text
    assert "Attendre les votes : 40 personnes n'ont pas encore voté" in text


def test_anonymous_client_sees_no_live_page(client, workshop):
    assert client.get(f"/tableau/{workshop.pk}/live/").status_code == 404
    assert client.get(f"/animer/{workshop.pk}/live/").status_code == 302
