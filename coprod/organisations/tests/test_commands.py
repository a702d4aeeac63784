"""`coprod organisation`: an IT department creates the server's organisations from the shell."""

import io

import pytest
from django.core.management import CommandError, call_command

from coprod.organisations.models import Membership, Organisation
from coprod.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("organisation", *args, stdout=out)
    return out.getvalue()


def test_an_organisation_is_created_with_its_first_administrator_and_listed():
    UserFactory(username="dominique")
    said = run(
        "Communauté de communes du Vexin", "--kind", "intercommunality", "--admin", "dominique"
    )
    assert "Organisation « Communauté de communes du Vexin » créée" in said
    organisation = Organisation.objects.get()
    assert organisation.slug == "communaute-de-communes-du-vexin"
    assert organisation.memberships.get().role == Membership.Role.ADMIN
    assert run().strip() == "communaute-de-communes-du-vexin\tCommunauté de communes du Vexin\t1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Parc", "--admin", "personne"], "Aucun compte « personne »"),
        (["Parc\x07"], "caractères"),
        (["   "], "Donnez un nom à l'organisation."),
    ],
)
def test_bad_input_is_refused_in_french_and_creates_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Organisation.objects.exists()


def test_a_slug_already_taken_is_refused():
    run("Parc du Vexin", "--slug", "vexin")
    with pytest.raises(CommandError, match="déjà pris"):
        run("Autre parc", "--slug", "vexin")
    assert Organisation.objects.count() == 1
