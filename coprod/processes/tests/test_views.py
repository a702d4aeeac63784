"""The process pages: who sees what, the forms' French refusals, the item controls."""

import pytest
from django.test import Client
from django.urls import reverse

from coprod.organisations.models import Membership
from coprod.processes import services
from coprod.processes.models import Process
from coprod.testing.factories import (
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
    WorkshopFactory,
    join,
)

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner(chargee):
    return logged_in(chargee)


def texts(process):
    return list(process.priority_items.values_list("text", flat=True))


def test_the_list_shows_own_and_facilitated_processes_only(process, chargee, facilitator):
    other = services.create_process(actor=chargee, title="Démarche du voisin")
    WorkshopFactory(process=process, facilitators=[facilitator])
    page = logged_in(facilitator).get("/demarches/").content.decode()
    assert "Démarche de progrès du Vexin" in page
    assert other.title not in page
    assert "Nouvelle démarche" not in page
    assert "Nouvelle démarche" in logged_in(chargee).get("/demarches/").content.decode()


def test_the_owner_sees_the_process_with_its_controls(process, owner, chargee):
    WorkshopFactory(
        process=process, facilitators=[chargee], title="Atelier 4", place="Théméricourt"
    )
    page = owner.get(f"/demarches/{process.pk}/").content.decode()
    assert "Parc naturel régional du Vexin français" in page
    assert "Atelier 4" in page and "Théméricourt" in page
    assert f"/ateliers/nouveau/?demarche={process.pk}" in page or "?demarche=" in page
    assert f"/demarches/{process.pk}/restitution/" in page
    assert f"/demarches/{process.pk}/actions/" in page
    assert "Ajouter l&#x27;item" in page or "Ajouter l'item" in page


def test_a_facilitator_reads_and_a_stranger_gets_404(process, facilitator, stranger):
    WorkshopFactory(process=process, facilitators=[facilitator])
    reader = logged_in(facilitator)
    page = reader.get(f"/demarches/{process.pk}/")
    assert page.status_code == 200
    assert "Mobilité" in page.content.decode()
    assert "Ajouter l" not in page.content.decode()
    refused = reader.post(f"/demarches/{process.pk}/items/", {"text": "Santé"})
    assert refused.status_code == 403
    assert "Seuls les chargés de mission" in refused.content.decode()
    assert reader.get(f"/demarches/{process.pk}/modifier/").status_code == 403
    outsider = logged_in(stranger)
    for url in ("", "modifier/", "items/importer/"):
        assert outsider.get(f"/demarches/{process.pk}/{url}").status_code == 404
    assert outsider.post(f"/demarches/{process.pk}/items/", {"text": "Santé"}).status_code == 404
    assert texts(process) == ["Mobilité", "Services de proximité", "Insertion"]


def test_creating_a_process_needs_the_right_to(facilitator, chargee):
    refused = logged_in(facilitator).get("/demarches/nouvelle/")
    assert refused.status_code == 403
    answer = logged_in(chargee).post(
        "/demarches/nouvelle/",
        {
            "title": "Démarche 2027",
            "territory": "Vexin",
            "starts_on": "10/01/2027",
            "ends_on": "2027-06-30",
            "expected_participants": "40",
        },
    )
    process = Process.objects.get(title="Démarche 2027")
    assert answer.status_code == 302 and answer["Location"] == f"/demarches/{process.pk}/"
    assert process.expected_participants == 40
    assert list(process.owners.all()) == [chargee]


def test_bad_input_is_refused_in_french(process, owner):
    answer = owner.post(
        f"/demarches/{process.pk}/modifier/",
        {
            "title": "Démarche",
            "starts_on": "2027-06-01",
            "ends_on": "2027-05-01",
            "expected_participants": "60",
        },
    )
    assert answer.status_code == 400
    assert "ne peut pas précéder son début" in answer.content.decode()
    answer = owner.post(
        f"/demarches/{process.pk}/modifier/",
        {"title": "Démarche\x07", "expected_participants": "x"},
    )
    assert answer.status_code in (400, 403)
    added = owner.post(f"/demarches/{process.pk}/items/", {"text": "x" * 301}, follow=True)
    assert "300 caractères" in added.content.decode()
    assert texts(process) == ["Mobilité", "Services de proximité", "Insertion"]


def test_items_are_added_renamed_and_moved_with_plain_forms(process, owner):
    owner.post(f"/demarches/{process.pk}/items/", {"text": "Santé"})
    health = process.priority_items.get(text="Santé")
    owner.post(f"/demarches/{process.pk}/items/{health.pk}/", {"text": "Accès aux soins"})
    moved = owner.post(f"/demarches/{process.pk}/items/{health.pk}/deplacer/", {"sens": "haut"})
    assert moved.status_code == 302
    assert texts(process) == ["Mobilité", "Services de proximité", "Accès aux soins", "Insertion"]
    page = owner.get(moved["Location"]).content.decode()
    assert page.index("Accès aux soins") < page.index("Insertion")  # the page shows the order
    assert "autofocus" in page  # the pressed button keeps the focus for the next press
    wrong = owner.post(
        f"/demarches/{process.pk}/items/{health.pk}/deplacer/", {"sens": "ailleurs"}, follow=True
    )
    assert "monter ou de descendre" in wrong.content.decode()


def test_removing_a_used_item_is_refused_unless_its_proposals_move(process, owner, chargee):
    mobility, proximity, _insertion = process.priority_items.all()
    workshop = WorkshopFactory(process=process, facilitators=[chargee])
    proposal = ProposalFactory(workshop=workshop, priority_item=mobility)
    url = f"/demarches/{process.pk}/items/{mobility.pk}/supprimer/"
    refused = owner.post(url, follow=True).content.decode()
    assert "1 proposition est liée à cet item" in refused
    assert "déplacer ses propositions vers" in refused
    assert owner.post(url, {"move_to": "abc"}, follow=True).status_code == 200
    owner.post(url, {"move_to": str(proximity.pk)})
    proposal.refresh_from_db()
    assert proposal.priority_item == proximity
    assert texts(process) == ["Services de proximité", "Insertion"]


def test_an_item_of_another_process_is_a_404(process, owner, chargee):
    other = services.create_process(actor=chargee, title="Autre", priority_items=["Ailleurs"])
    foreign = other.priority_items.get()
    answer = owner.post(f"/demarches/{process.pk}/items/{foreign.pk}/supprimer/")
    assert answer.status_code == 404
    assert texts(other) == ["Ailleurs"]


def test_target_publics_are_kept_from_the_page(process, owner):
    owner.post(f"/demarches/{process.pk}/publics/", {"name": "Demandeurs d'emploi"})
    youth = process.target_publics.get(name="Jeunes")
    owner.post(f"/demarches/{process.pk}/publics/{youth.pk}/", {"name": "Jeunes de 16 à 25 ans"})
    twice = owner.post(f"/demarches/{process.pk}/publics/", {"name": "Jeunes de 16 à 25 ans"})
    assert "existe déjà" in owner.get(twice["Location"]).content.decode()
    kept = sorted(process.target_publics.values_list("name", flat=True))
    assert kept == ["Demandeurs d'emploi", "Jeunes de 16 à 25 ans"]
    owner.post(f"/demarches/{process.pk}/publics/{youth.pk}/supprimer/")
    assert list(process.target_publics.values_list("name", flat=True)) == ["Demandeurs d'emploi"]


def test_the_workshop_page_links_its_process_and_new_workshop_preselects_it(process, chargee):
    client = logged_in(chargee)
    workshop = WorkshopFactory(process=process, facilitators=[chargee])
    assert (
        f'href="/demarches/{process.pk}/"'
        in client.get(workshop.get_absolute_url()).content.decode()
    )
    page = client.get(f"/ateliers/nouveau/?demarche={process.pk}").content.decode()
    assert f'<option value="{process.pk}" selected>' in page
    foreign = services.create_process(actor=UserFactory(is_superuser=True), title="Secrète")
    page = client.get(f"/ateliers/nouveau/?demarche={foreign.pk}").content.decode()
    assert "Secrète" not in page and f'<option value="{foreign.pk}"' not in page
    assert client.get("/ateliers/nouveau/?demarche=zz").status_code == 200


def test_the_navigation_links_the_processes(owner):
    assert 'href="/demarches/"' in owner.get("/ateliers/").content.decode()


def test_odd_addresses_are_404s_not_errors(process, owner):
    huge = "9" * 30
    for url in (f"/demarches/{huge}/", f"/demarches/{process.pk}/items/{huge}/supprimer/"):
        method = owner.get if url.endswith("/demarches/" + huge + "/") else owner.post
        assert method(url).status_code == 404


def test_the_list_costs_the_same_queries_for_many_processes(
    chargee, owner, django_assert_max_num_queries
):
    for n in range(12):
        WorkshopFactory(
            process=services.create_process(actor=chargee, title=f"Démarche {n}"),
            facilitators=[chargee],
        )
    with django_assert_max_num_queries(8):
        page = owner.get("/demarches/")
    assert page.content.decode().count("Démarche ") >= 12


def test_someone_creating_in_two_organisations_chooses_one_of_theirs(client, db):
    """Asked first; another organisation's id, though a real one, is refused in French."""
    user = UserFactory(username="claude")
    first, second, foreign = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for organisation in (first, second):
        join(user, organisation, Membership.Role.PROCESS_OWNER)
    client.force_login(user)
    form = client.get(reverse("processes:create")).content.decode()
    assert 'name="organisation"' in form and foreign.name not in form
    fields = {"title": "Mobilités 2027", "expected_participants": 40}
    refused = client.post(reverse("processes:create"), {**fields, "organisation": foreign.pk})
    assert refused.status_code == 400
    assert "Choisissez une organisation de la liste." in refused.content.decode()
    client.post(reverse("processes:create"), {**fields, "organisation": second.pk})
    assert Process.objects.get(title="Mobilités 2027").organisation == second
