"""The live steps' pages: phones testify and add levers, the facilitator presents actions and
keeps the levers; the board and the console show them; errors in French, nothing lost."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.catalogue.models import Lever, Presentation
from coprod.catalogue.models import Testimony as Said
from coprod.catalogue.services import live as services
from coprod.participants.session import SESSION_KEY
from coprod.testing.factories import SAID, ActionFactory, ParticipantFactory
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
SCRIPT = "<script>alert(1)</script>"


def phone_of(client, workshop, participant):
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): participant.pk}
    session.save()
    return client


@pytest.fixture
def phone(client, workshop, people):
    return phone_of(client, workshop, people[0])


# --- Phone: testimonies -------------------------------------------------------------------------


def test_phone_offers_to_testify_on_the_action_on_screen(phone, workshop, shown, actions_step):
    page = visible_text(phone.get(f"/p/{workshop.pk}/"))
    assert "Transport à la demande" in page
    assert "Je témoigne de cette action" in page
    form = phone.get(f"/p/{workshop.pk}/temoignage/", headers=HX)
    body = form.content.decode()
    assert "Lien avec la problématique" in body and "Mise en œuvre" in body
    assert "autofocus" in body and "<legend>" in body


def test_phone_testimony_is_saved_then_changeable(phone, workshop, shown, people, actions_step):
    response = phone.post(
        f"/p/{workshop.pk}/temoignage/", {"presentation": shown[0].pk, **SAID}, headers=HX
    )
    assert response.status_code == 200
    page = visible_text(response)
    assert "Merci, votre témoignage est enregistré." in page
    assert SAID["link_to_problem"] in page and "Modifier mon témoignage" in page
    assert 'role="status"' in response.content.decode()
    phone.post(
        f"/p/{workshop.pk}/temoignage/",
        {"presentation": shown[0].pk, **SAID, "content": "Le jeudi"},
        headers=HX,
    )
    assert Said.objects.get(witness=people[0]).content == "Le jeudi"


def test_the_third_witness_gets_a_french_refusal_with_the_text_kept(
    client, workshop, shown, people, actions_step
):
    for person in people[:2]:
        services.testify(shown[0], participant=person, **SAID)
    phone = phone_of(client, workshop, people[2])
    assert "déjà ses 2 témoins" in visible_text(phone.get(f"/p/{workshop.pk}/"))
    response = phone.post(
        f"/p/{workshop.pk}/temoignage/",
        {"presentation": shown[0].pk, **SAID, "content": "Mon texte à garder"},
        headers=HX,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and "déjà ses 2 témoins" in body
    assert "Mon texte à garder" in body
    # The refusal is what the fields are described by; the focus stays on the button pressed.
    assert '<fieldset aria-describedby="testimony-error">' in body
    assert "autofocus" not in body


def test_phone_testimony_outside_the_step_is_refused(phone, workshop, shown, levers_step):
    """The facilitator moved on while the witness was typing: refused, with every field as
    typed and the reason above them."""
    response = phone.post(
        f"/p/{workshop.pk}/temoignage/", {"presentation": shown[0].pk, **SAID}, headers=HX
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="testimony-error">Les témoignages se donnent pendant la séquence' in body
    assert all(f">{text}</textarea>" in body for text in SAID.values())
    assert "data-lock-while-sending" in body


def test_phone_cannot_testify_on_another_workshop_presentation(phone, workshop, actions_step):
    other = Presentation.objects.create(
        workshop=ParticipantFactory().workshop, action=ActionFactory()
    )
    response = phone.post(f"/p/{workshop.pk}/temoignage/", {"presentation": other.pk, **SAID})
    assert response.status_code == 404
    assert phone.post(f"/p/{workshop.pk}/temoignage/", {"presentation": "x"}).status_code == 404


def test_phone_without_javascript_gets_a_page(phone, workshop, shown, actions_step):
    response = phone.post(f"/p/{workshop.pk}/temoignage/", {"presentation": shown[0].pk, **SAID})
    assert response.status_code == 200
    assert "Retour à l'atelier" in visible_text(response)


def test_a_stranger_without_session_cannot_testify(client, workshop, shown, actions_step):
    response = client.post(f"/p/{workshop.pk}/temoignage/", {"presentation": shown[0].pk, **SAID})
    assert response.status_code == 403


# --- Phone: levers ------------------------------------------------------------------------------


def test_phone_adds_a_lever_during_the_step(phone, workshop, items, shown, levers_step):
    page = phone.get(f"/p/{workshop.pk}/")
    body = page.content.decode()
    assert "Proposez un levier favorable" in visible_text(page)
    assert 'type="date"' in body and "<legend>" in body
    response = phone.post(
        f"/p/{workshop.pk}/leviers/",
        {
            "kind": "funding",
            "title": "Appel à projets mobilité",
            "due_on": "2030-06-30",
            "priority_items": [items[0].pk],
            "actions": [shown[0].action_id],
            "client_key": "k1",
        },
        headers=HX,
    )
    assert response.status_code == 200
    assert "Merci, votre levier est enregistré." in visible_text(response)
    lever = Lever.objects.get()
    assert lever.author.name == "Alice" and lever.due_on.isoformat() == "2030-06-30"


def test_phone_lever_errors_keep_what_was_typed(phone, workshop, items, levers_step):
    response = phone.post(
        f"/p/{workshop.pk}/leviers/",
        {"kind": "funding", "title": "Fonds à garder", "due_on": "pas une date", "client_key": "k"},
        headers=HX,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and "JJ/MM/AAAA" in body
    assert "Fonds à garder" in body
    tampered = phone.post(
        f"/p/{workshop.pk}/leviers/",
        {"kind": "event", "title": "Fête", "priority_items": ["abc"], "client_key": "k2"},
        headers=HX,
    )
    assert tampered.status_code == 400
    assert "items plébiscités" in tampered.content.decode()
    assert not Lever.objects.exists()


def test_phone_lever_outside_the_step_is_refused(phone, workshop, actions_step):
    response = phone.post(
        f"/p/{workshop.pk}/leviers/", {"kind": "event", "title": "Fête"}, headers=HX
    )
    assert response.status_code == 400
    assert "Conjonctures favorables" in response.content.decode()


# --- Board and console ---------------------------------------------------------------------------


def test_board_shows_the_action_large_with_its_testimonies(
    facilitator_client, workshop, shown, people, actions_step
):
    services.testify(shown[0], participant=people[0], **SAID)
    page = visible_text(facilitator_client.get(f"/tableau/{workshop.pk}/live/"))
    assert "Transport à la demande" in page
    assert "1 témoignage" in page and SAID["partners"] in page and "Alice" in page
    console = facilitator_client.get(f"/animer/{workshop.pk}/")
    assert "/actions-presentees/" in console.content.decode()
    assert SAID["partners"] in visible_text(console)


def test_board_shows_levers_grouped_with_deadlines(
    facilitator_client, workshop, facilitator, levers_step
):
    services.add_lever(
        workshop, actor=facilitator, kind="funding", title="AAP", due_on="2030-05-01"
    )
    services.add_lever(workshop, actor=facilitator, kind="event", title="Fête du Parc")
    page = visible_text(facilitator_client.get(f"/tableau/{workshop.pk}/live/"))
    assert "Appel à projets ou financement" in page and "01/05/2030 AAP" in page
    assert page.index("AAP") < page.index("Fête du Parc")
    assert "/leviers/" in facilitator_client.get(f"/animer/{workshop.pk}/").content.decode()


def test_typed_text_is_escaped_everywhere(
    facilitator_client, client, workshop, facilitator, people, run_to
):
    action = ActionFactory(process=workshop.process, title=SCRIPT, organisation=SCRIPT)
    presentation = services.present_actions(workshop, actor=facilitator, actions=[action])[0]
    services.show(workshop, presentation, actor=facilitator)
    run_to(workshop, StepKind.EXISTING_ACTIONS)
    services.testify(presentation, participant=people[0], **{**SAID, "content": SCRIPT})
    phone = phone_of(client, workshop, people[1])
    pages = {
        "board": facilitator_client.get(f"/tableau/{workshop.pk}/"),
        "console": facilitator_client.get(f"/animer/{workshop.pk}/"),
        "presentations": facilitator_client.get(f"/ateliers/{workshop.pk}/actions-presentees/"),
        "phone": phone.get(f"/p/{workshop.pk}/"),
    }
    run_to(workshop, StepKind.LEVERS)
    services.add_lever(workshop, actor=facilitator, kind="event", title=SCRIPT, source=SCRIPT)
    pages["levers"] = facilitator_client.get(f"/ateliers/{workshop.pk}/leviers/")
    pages["board levers"] = facilitator_client.get(f"/tableau/{workshop.pk}/")
    for where, response in pages.items():
        body = response.content.decode()
        assert response.status_code == 200, where
        assert "&lt;script&gt;" in body, where
        assert SCRIPT not in body, where


# --- Facilitator: presentations ------------------------------------------------------------------


def test_facilitator_picks_orders_and_shows_actions(facilitator_client, workshop, catalogue):
    url = f"/ateliers/{workshop.pk}/actions-presentees/"
    page = facilitator_client.get(url, {"q": "epicerie"})
    assert page.status_code == 200
    assert "Épicerie itinérante" in visible_text(page)
    assert "Transport à la demande" not in visible_text(page).split("Choisir dans le catalogue")[1]
    response = facilitator_client.post(
        f"{url}ajouter/", {"actions": [catalogue[1].pk, catalogue[0].pk]}, follow=True
    )
    assert "2 actions ajoutées à la présentation." in visible_text(response)
    first = Presentation.objects.get(action=catalogue[1])
    shown_now = facilitator_client.post(f"{url}{first.pk}/afficher/", headers=HX)
    assert shown_now.status_code == 200
    body = shown_now.content.decode()
    assert 'id="presentation-list"' in body and "<html" not in body
    assert "« Épicerie itinérante » est à l'écran." in visible_text(shown_now)
    following = facilitator_client.post(f"{url}suivante/", headers=HX)
    assert "« Transport à la demande » est à l'écran." in visible_text(following)
    last = facilitator_client.post(f"{url}suivante/", headers=HX)
    assert last.status_code == 400 and 'role="alert"' in last.content.decode()
    assert Presentation.objects.get(is_current=True).action == catalogue[0]


def test_facilitator_refused_foreign_or_tampered_actions(facilitator_client, workshop, catalogue):
    url = f"/ateliers/{workshop.pk}/actions-presentees/ajouter/"
    foreign = ActionFactory()
    response = facilitator_client.post(url, {"actions": [foreign.pk]}, follow=True)
    assert "n'est pas au catalogue" in visible_text(response)
    response = facilitator_client.post(url, {"actions": ["1 OR 1"]}, follow=True)
    assert response.status_code == 200 and not Presentation.objects.exists()


def test_facilitator_enters_a_testimony_for_someone_else(facilitator_client, workshop, shown):
    url = f"/ateliers/{workshop.pk}/actions-presentees/{shown[0].pk}/temoignages/"
    prefix = f"w{shown[0].pk}"
    missing = facilitator_client.post(url, {f"{prefix}-content": "Texte gardé"})
    assert missing.status_code == 400
    assert "Donnez le nom du témoin." in visible_text(missing)
    assert "Texte gardé" in missing.content.decode()
    response = facilitator_client.post(
        url,
        {
            f"{prefix}-witness_name": "Mme Durand",
            f"{prefix}-witness_organisation": "CCAS",
            f"{prefix}-content": "Texte",
        },
        follow=True,
    )
    assert "Témoignage enregistré." in visible_text(response)
    assert Said.objects.get().witness_name == "Mme Durand"


def test_only_facilitators_reach_the_live_step_pages(client, stranger, workshop, shown):
    client.force_login(stranger)
    for url in ("actions-presentees/", "leviers/"):
        assert client.get(f"/ateliers/{workshop.pk}/{url}").status_code == 403
    response = client.post(f"/ateliers/{workshop.pk}/actions-presentees/{shown[1].pk}/afficher/")
    assert response.status_code == 403


# --- Facilitator: levers -------------------------------------------------------------------------


def test_facilitator_adds_edits_and_deletes_a_lever_with_confirmation(
    facilitator_client, workshop, items
):
    url = f"/ateliers/{workshop.pk}/leviers/"
    bad = facilitator_client.post(f"{url}ajouter/", {"kind": "funding", "title": ""})
    assert bad.status_code == 400 and "Nommez le levier" in bad.content.decode()
    facilitator_client.post(
        f"{url}ajouter/", {"kind": "funding", "title": "AAP Région", "due_on": "01/09/2030"}
    )
    lever = Lever.objects.get()
    assert lever.due_on.isoformat() == "2030-09-01" and lever.entered_by is not None
    edit = facilitator_client.get(f"{url}{lever.pk}/")
    assert 'value="2030-09-01"' in edit.content.decode()
    facilitator_client.post(f"{url}{lever.pk}/", {"kind": "policy", "title": "Plan vélo"})
    assert Lever.objects.get().title == "Plan vélo"
    refused = facilitator_client.post(f"{url}{lever.pk}/supprimer/", {})
    assert refused.status_code == 400 and "Cochez la case" in refused.content.decode()
    assert Lever.objects.exists()
    done = facilitator_client.post(f"{url}{lever.pk}/supprimer/", {"confirm": "on"}, follow=True)
    assert "supprimé" in visible_text(done) and not Lever.objects.exists()


# --- Few queries ---------------------------------------------------------------------------------


@pytest.fixture
def crowded(workshop):
    return [
        ParticipantFactory(
            workshop=workshop, organisation=f"Structure {i % 7}", has_phone=i % 3 > 0
        )
        for i in range(40)
    ]


@pytest.mark.parametrize("kind", [StepKind.EXISTING_ACTIONS, StepKind.LEVERS])
@pytest.mark.parametrize(
    "url",
    ["/animer/{pk}/", "/animer/{pk}/live/", "/tableau/{pk}/", "/tableau/{pk}/live/"],
)
def test_live_step_pages_use_few_queries_with_40_participants(
    facilitator_client,
    facilitator,
    workshop,
    crowded,
    shown,
    run_to,
    django_assert_max_num_queries,
    kind,
    url,
):
    """The console and board cost the same handful of queries however many people came."""
    run_to(workshop, kind)
    for person in crowded[:2]:
        Said.objects.create(
            action=shown[0].action, workshop=workshop, witness=person, witness_name=person.name
        )
    for i in range(10):
        services.add_lever(workshop, actor=facilitator, kind="event", title=f"Levier {i}")
    # The console also reads its own regions (the step's forms, the votes, the next action).
    with django_assert_max_num_queries(25 if url.startswith("/animer/") else 15):
        response = facilitator_client.get(url.format(pk=workshop.pk))
    assert response.status_code == 200
    said = "Témoins : 2 sur 2" if url.startswith("/animer/") else "2 témoignages"
    expected = said if kind == StepKind.EXISTING_ACTIONS else "Levier 9"
    assert expected in visible_text(response)
