"""Keeping the catalogue through its services: validation, duplicates, search, permissions."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.catalogue.models import Action
from coprod.catalogue.services.actions import add_public, save_action, search_actions
from coprod.testing.factories import ActionFactory, OrganisationFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def base(**extra):
    return {"title": "Épicerie itinérante", "organisation": "Le Panier", **extra}


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_an_action_is_created_with_its_key_search_text_publics_and_items(
    process, facilitator, publics, items
):
    action = save_action(
        process,
        actor=facilitator,
        data=base(
            description="Un camion dans les villages",
            publics=[publics[2].pk],
            priority_items=[items[1]],
            status="terminée",
            scope="Tout le parc",
            started_on="01/03/2021",
            ended_on="2022-06-30",
            links="https://example.org/a\n\n  http://example.org/b  ",
        ),
    )
    action.refresh_from_db()
    assert action.key == "epicerie itinerante|le panier"
    assert "personnes agees" in action.search_text and "camion" in action.search_text
    assert list(action.publics.all()) == [publics[2]]
    assert list(action.priority_items.all()) == [items[1]]
    assert (action.status, action.scope) == (Action.Status.ENDED, Action.Scope.PARK)
    assert (action.started_on, action.ended_on) == (date(2021, 3, 1), date(2022, 6, 30))
    assert action.links == "https://example.org/a\nhttp://example.org/b"


def test_update_keeps_the_fields_it_is_not_given(process, facilitator, publics):
    action = save_action(
        process, actor=facilitator, data=base(publics=[publics[0].pk], contact="Camille")
    )
    save_action(process, actor=facilitator, data={"status": "ended"}, action=action)
    action.refresh_from_db()
    assert (action.status, action.contact) == ("ended", "Camille")
    assert list(action.publics.all()) == [publics[0]]


def test_title_is_required_and_lengths_are_checked(process, facilitator):
    with pytest.raises(ValidationError) as error:
        save_action(process, actor=facilitator, data={"title": "  ", "contact": "x" * 301})
    assert errors_of(error) == {
        "title": ["Le titre est obligatoire."],
        "contact": ["« contact » ne doit pas dépasser 300 caractères."],
    }


def test_control_characters_in_title_or_description_are_refused(process, facilitator):
    with pytest.raises(ValidationError) as error:
        save_action(
            process,
            actor=facilitator,
            data={"title": "Épicerie\x00", "description": "Le mardi\n\x0cau marché"},
        )
    assert errors_of(error) == {
        "title": ["« titre » contient des caractères invisibles non autorisés."],
        "description": ["« description » contient des caractères invisibles non autorisés."],
    }
    assert not Action.objects.of_process(process).exists()


def test_end_before_start_is_refused(process, facilitator):
    with pytest.raises(ValidationError) as error:
        save_action(
            process, actor=facilitator, data=base(started_on="02/03/2024", ended_on="01/03/2024")
        )
    assert errors_of(error) == {"ended_on": ["La fin (01/03/2024) précède le début (02/03/2024)."]}


def test_unreadable_date_says_the_expected_format(process, facilitator):
    with pytest.raises(ValidationError) as error:
        save_action(process, actor=facilitator, data=base(started_on="32/01/2024"))
    assert errors_of(error) == {
        "started_on": ["Date de début illisible : « 32/01/2024 » (JJ/MM/AAAA attendu)."]
    }


@pytest.mark.parametrize("link", ["ftp://example.org/x", "javascript:alert(1)", "www.example.org"])
def test_links_must_be_web_addresses(process, facilitator, link):
    with pytest.raises(ValidationError) as error:
        save_action(process, actor=facilitator, data=base(links=f"https://ok.example.org\n{link}"))
    assert errors_of(error) == {
        "links": [f"Lien invalide : « {link} » (une adresse en http:// ou https:// par ligne)."]
    }


def test_unknown_choice_lists_the_possible_values(process, facilitator):
    with pytest.raises(ValidationError) as error:
        save_action(process, actor=facilitator, data=base(status="suspendue"))
    assert errors_of(error)["status"] == [
        "État inconnu : « suspendue » (valeurs possibles : en projet, en cours, terminée)."
    ]


def test_publics_and_items_of_another_process_are_refused(process, facilitator, publics, items):
    other = ProcessFactory(owners=[facilitator])
    foreign_public = other.target_publics.create(name="Jeunes")
    foreign_item = other.priority_items.create(text="Ailleurs")
    with pytest.raises(ValidationError) as error:
        save_action(
            process,
            actor=facilitator,
            data=base(publics=[foreign_public.pk], priority_items=[foreign_item.pk]),
        )
    assert errors_of(error) == {
        "publics": ["Ce public cible n'appartient pas à cette démarche."],
        "priority_items": ["Cet item plébiscité n'appartient pas à cette démarche."],
    }
    assert not Action.objects.exists()


def test_same_title_and_organisation_in_any_case_or_accent_is_a_duplicate(process, facilitator):
    save_action(process, actor=facilitator, data=base())
    with pytest.raises(ValidationError) as error:
        save_action(
            process,
            actor=facilitator,
            data={"title": "EPICERIE  itinerante", "organisation": "le panier"},
        )
    assert errors_of(error) == {
        "title": [
            "L'action « EPICERIE itinerante » portée par « le panier » est déjà au catalogue."
        ]
    }
    # Another organisation's action of the same name is another action.
    save_action(process, actor=facilitator, data=base(organisation="Mairie de Chars"))
    assert Action.objects.count() == 2


def test_renaming_an_action_onto_another_is_a_duplicate(process, facilitator):
    save_action(process, actor=facilitator, data=base())
    other = save_action(process, actor=facilitator, data=base(title="Autre action"))
    with pytest.raises(ValidationError):
        save_action(process, actor=facilitator, data=base(), action=other)
    # Saving an action with its own title again is fine.
    save_action(process, actor=facilitator, data=base(title="Autre action"), action=other)


def test_only_keepers_of_the_catalogue_may_write(process, stranger, facilitator):
    with pytest.raises(PermissionDenied):
        save_action(process, actor=stranger, data=base())
    with pytest.raises(PermissionDenied):
        add_public(process, actor=stranger, name="Jeunes")
    owner_process = ProcessFactory(owners=[stranger])
    saved = save_action(owner_process, actor=stranger, data=base())
    assert saved.origin_process == owner_process
    assert saved.owner == owner_process.organisation


def test_an_action_of_another_organisation_cannot_be_edited_through_this_process(
    process, facilitator
):
    elsewhere = ProcessFactory(owners=[facilitator], organisation=OrganisationFactory())
    foreign = ActionFactory(process=elsewhere)
    with pytest.raises(PermissionDenied):
        save_action(process, actor=facilitator, data=base(), action=foreign)


def test_add_public_reuses_the_same_name_in_any_case(process, facilitator, publics):
    assert add_public(process, actor=facilitator, name="  personnes  AGÉES ") == publics[2]
    new = add_public(process, actor=facilitator, name="Familles monoparentales")
    assert new.process == process and new.name == "Familles monoparentales"
    with pytest.raises(ValidationError, match="Donnez le nom"):
        add_public(process, actor=facilitator, name="  ")
    with pytest.raises(ValidationError, match="120 caractères"):
        add_public(process, actor=facilitator, name="x" * 121)


@pytest.fixture
def catalogue(process, facilitator, publics, items):
    def add(title, **extra):
        return save_action(process, actor=facilitator, data={"title": title, **extra})

    return {
        "epicerie": add(
            "Épicerie itinérante",
            organisation="Le Panier",
            publics=[publics[2].pk],
            priority_items=[items[1].pk],
            scope="communes",
        ),
        "transport": add(
            "Transport à la demande",
            description="Minibus vers le marché de Magny-en-Vexin",
            publics=[publics[0].pk, publics[2].pk],
            priority_items=[items[0].pk],
            scope="intercommunality",
        ),
        "emploi": add(
            "Permanences emploi",
            organisation="Mission locale",
            publics=[publics[1].pk],
            priority_items=[items[2].pk],
            scope="park",
            status="planned",
        ),
        "ended": add("Autostop organisé", status="ended", description="Arrêts au marché"),
    }


def titles(queryset):
    return [a.title for a in queryset]


def test_search_ignores_case_and_accents_of_both_sides(process, catalogue):
    assert titles(search_actions(process, q="EPICERIE")) == ["Épicerie itinérante"]
    assert titles(search_actions(process, q="épicérie ITINERANTE")) == ["Épicerie itinérante"]


def test_a_search_with_a_nul_finds_what_it_would_without(process, catalogue):
    """PostgreSQL cannot compare with a NUL: the search drops it rather than failing."""
    assert titles(search_actions(process, q="EPICERIE\x00")) == ["Épicerie itinérante"]


def test_every_word_must_match_anywhere_in_the_action(process, catalogue):
    assert titles(search_actions(process, q="marché")) == [
        "Autostop organisé",
        "Transport à la demande",
    ]
    assert titles(search_actions(process, q="marché minibus")) == ["Transport à la demande"]
    assert titles(search_actions(process, q="mission")) == ["Permanences emploi"]  # organisation
    assert titles(search_actions(process, q="agees")) == [  # publics' names are searchable
        "Épicerie itinérante",
        "Transport à la demande",
    ]


def test_results_are_in_alphabetical_order_ignoring_accents(process, catalogue):
    assert titles(search_actions(process)) == [
        "Autostop organisé",
        "Épicerie itinérante",
        "Permanences emploi",
        "Transport à la demande",
    ]


def test_filters_combine(process, catalogue, publics, items):
    assert titles(search_actions(process, public=publics[2])) == [
        "Épicerie itinérante",
        "Transport à la demande",
    ]
    assert titles(search_actions(process, public=publics[2].pk, scope="communes")) == [
        "Épicerie itinérante"
    ]
    assert titles(search_actions(process, item=items[2])) == ["Permanences emploi"]
    assert titles(search_actions(process, status="ended")) == ["Autostop organisé"]
    assert titles(search_actions(process, status="planned", q="emploi")) == ["Permanences emploi"]
    assert titles(search_actions(process, public="abc")) == []  # a tampered id matches nothing


def test_search_never_shows_another_organisation_s_actions(process, catalogue, facilitator):
    elsewhere = ProcessFactory(owners=[facilitator], organisation=OrganisationFactory())
    ActionFactory(process=elsewhere, title="Épicerie ailleurs")
    assert titles(search_actions(process, q="epicerie")) == ["Épicerie itinérante"]
