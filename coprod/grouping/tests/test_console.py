"""Grouping in the facilitator's console: one click to group, each synthesis written in place,
the vote opened from its group."""

from html import unescape

import pytest
from django.test import Client

from coprod.grouping.models import Cluster, Placement

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
SYNTHESIS = "Des transports partagés relient chaque village à la gare."


def html(response) -> str:
    return unescape(response.content.decode())


def test_group_then_write_a_synthesis_then_open_its_vote(facilitator_client, workshop, themed):
    grouped = facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    page = html(grouped)
    assert grouped.status_code == 200
    n = Cluster.objects.filter(workshop=workshop).count()
    assert n >= 2
    assert f"Propositions regroupées : {n} groupes à relire." in page
    assert f"{n} groupes</h2>" in page
    cluster = Cluster.objects.filter(workshop=workshop).first()
    saved = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{cluster.pk}/synthese/", {"text": SYNTHESIS}, headers=HX
    )
    assert "Synthèse enregistrée." in html(saved)
    assert f">{SYNTHESIS}</textarea>" in html(saved)
    assert f'id="console-open-vote-{cluster.pk}"' in html(saved)
    opened = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/syntheses/{cluster.synthesis.pk}/ouvrir/",
        {"min_share": "2/3"},
        headers=HX,
    )
    assert SYNTHESIS in html(opened)
    # The group is now frozen: its sentence shows, no longer a form.
    page = html(facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX))
    assert f"« {SYNTHESIS} »" in page
    assert f'id="console-synthesis-{cluster.pk}"' not in page


def test_grouping_nothing_says_so(facilitator_client, workshop):
    response = facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    assert response.status_code == 400
    assert "Aucune proposition à regrouper" in html(response)


def test_an_empty_synthesis_is_refused(facilitator_client, workshop, themed):
    facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    cluster = Cluster.objects.filter(workshop=workshop).first()
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{cluster.pk}/synthese/", {"text": ""}, headers=HX
    )
    assert response.status_code == 400
    assert "Écrivez la phrase de synthèse" in html(response)


def test_only_the_workshops_facilitators(stranger, workshop, themed):
    client = Client()
    client.force_login(stranger)
    response = client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    assert response.status_code == 403
    assert "Seuls les animateurs de cet atelier" in html(response)
    assert not Cluster.objects.exists()


def board(client, workshop) -> str:
    return html(client.get(f"/animer/{workshop.pk}/live/"))


def move(client, workshop, proposal, to, **options):
    url = f"/animer/{workshop.pk}/groupes/propositions/{proposal.pk}/deplacer/"
    return client.post(url, {"to": str(to)}, **options)


def grouped_in_three(workshop, facilitator):
    from coprod.grouping import services

    return services.auto_group(workshop, actor=facilitator, k=3)


def test_the_board_shows_stable_names_suggested_labels_and_fits(
    facilitator_client, facilitator, workshop, themed, run_to
):
    from coprod.agenda.kinds import StepKind
    from coprod.testing.factories import seed_agenda

    seed_agenda(workshop)
    run_to(workshop, StepKind.PROPOSALS)
    first, second, third = grouped_in_three(workshop, facilitator)
    page = board(facilitator_client, workshop)
    assert 'class="card-board"' in page
    for name in ("Groupe 1", "Groupe 2", "Groupe 3", "Nouveau groupe"):
        assert name in page
    assert "Nom suggéré :" in page and ">Utiliser</button>" in page
    assert "proche du groupe" in page
    assert f'id="console-split-{first.pk}"' in page
    assert f'data-drop="{second.pk}"' in page and 'data-drop="new"' in page


def test_a_card_moved_by_htmx_answers_the_board_and_is_announced(
    facilitator_client, facilitator, workshop, themed
):
    first, second, _third = grouped_in_three(workshop, facilitator)
    proposal = first.placements.first().proposal
    response = move(facilitator_client, workshop, proposal, str(second.pk), headers=HX)
    page = html(response)
    assert response.status_code == 200
    assert f"est maintenant dans Groupe {second.number}." in page
    assert 'id="console-announce" hx-swap-oob="innerHTML"' in page
    assert Placement.objects.get(proposal=proposal).cluster == second
    # « Nouveau groupe »: the next number.
    response = move(facilitator_client, workshop, proposal, "new", headers=HX)
    assert "est maintenant dans Groupe 4." in html(response)


def test_the_keyboard_form_without_javascript_goes_back_to_the_console(
    facilitator_client, facilitator, workshop, themed
):
    """The same « Déplacer vers… » form, posted by a plain browser: stored, then the console."""
    first, second, _third = grouped_in_three(workshop, facilitator)
    proposal = first.placements.first().proposal
    response = move(facilitator_client, workshop, proposal, str(second.pk))
    assert response.status_code == 302 and response.url == f"/animer/{workshop.pk}/"
    assert Placement.objects.get(proposal=proposal).cluster == second


def test_split_and_label_from_the_board(facilitator_client, facilitator, workshop, themed):
    from coprod.grouping import services

    (both,) = services.auto_group(workshop, actor=facilitator, k=1)
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{both.pk}/scinder/", headers=HX
    )
    assert "Groupe 1 scindé : une partie forme Groupe 2." in html(response)
    assert workshop.clusters.count() == 2
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{both.pk}/nom/", {"label": "Mobilité"}, headers=HX
    )
    assert "Groupe 1 s'appelle « Mobilité »." in html(response)
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{both.pk}/nom/", {"label": "x" * 121}, headers=HX
    )
    assert response.status_code == 400 and "120 caractères au plus" in html(response)


def test_moves_and_splits_of_a_frozen_group_are_refused_in_french(
    facilitator_client, facilitator, workshop, themed
):
    from coprod.grouping.models import Synthesis

    frozen, other, _third = grouped_in_three(workshop, facilitator)
    Synthesis.objects.filter(cluster=frozen).update(status=Synthesis.Status.VOTING)
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{frozen.pk}/scinder/", headers=HX
    )
    assert response.status_code == 400 and "soumis au vote ou validé" in html(response)
    proposal = other.placements.first().proposal
    response = move(facilitator_client, workshop, proposal, str(frozen.pk), headers=HX)
    assert response.status_code == 400 and "soumis au vote ou validé" in html(response)
    assert Placement.objects.get(proposal=proposal).cluster == other


def test_nobody_moves_into_or_from_another_workshop(
    facilitator_client, facilitator, stranger, workshop, themed
):
    from coprod.grouping import services
    from coprod.testing.factories import ProposalFactory, WorkshopFactory

    first, _second, _third = grouped_in_three(workshop, facilitator)
    other = WorkshopFactory(process=workshop.process, facilitators=[facilitator])
    ProposalFactory(workshop=other, text="Ailleurs")
    (foreign,) = services.auto_group(other, actor=facilitator, k=1)
    proposal = first.placements.first().proposal
    url = f"/animer/{workshop.pk}/groupes/propositions/{proposal.pk}/deplacer/"
    assert facilitator_client.post(url, {"to": str(foreign.pk)}, headers=HX).status_code == 404
    assert facilitator_client.post(url, {"to": "abc"}, headers=HX).status_code == 404
    client = Client()
    client.force_login(stranger)
    assert client.post(url, {"to": "new"}, headers=HX).status_code == 403
    split = f"/animer/{workshop.pk}/groupes/{first.pk}/scinder/"
    assert client.post(split, headers=HX).status_code == 403
    assert Placement.objects.get(proposal=proposal).cluster == first
