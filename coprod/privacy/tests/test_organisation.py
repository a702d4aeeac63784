"""An organisation's record of processing (ODS) and its audit log, for its admins only."""

import io

import pytest
from odfdo import Document

from coprod.organisations.models import Membership, Organisation
from coprod.privacy import services
from coprod.privacy.models import AuditEntry
from coprod.testing.factories import (
    OrganisationFactory,
    ParticipantFactory,
    ProcessFactory,
    UserFactory,
    WorkshopFactory,
    join,
)
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def park():
    return OrganisationFactory(
        name="Parc naturel régional du Vexin français",
        slug="vexin",
        kind=Organisation.Kind.PARK,
        privacy_contact="dpo@pnr-vexin-francais.fr",
        retention_months=9,
    )


@pytest.fixture
def admin(park):
    return join(UserFactory(username="direction"), park, Membership.Role.ADMIN)


def test_the_record_is_an_ods_prefilled_from_the_organisation(client, park, admin):
    workshop = WorkshopFactory(process=ProcessFactory(organisation=park, title="Mobilité"))
    ParticipantFactory.create_batch(3, workshop=workshop)
    client.force_login(admin)
    response = client.post("/donnees-personnelles/vexin/registre.ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert 'filename="registre-vexin.ods"' in response["Content-Disposition"]
    sheets = Document(io.BytesIO(response.content)).body.get_tables()
    controller, processings, processes = (sheet.get_values() for sheet in sheets)
    assert ["Responsable du traitement", "Parc naturel régional du Vexin français"] in controller
    assert ["Contact pour l'exercice des droits", "dpo@pnr-vexin-francais.fr"] in controller
    header, workshops, *others = processings
    assert header[:3] == ["Traitement", "Finalités", "Base légale"]
    assert "Transferts hors UE" in header and "Mesures de sécurité" in header
    assert workshops[0] == "Ateliers de co-production"
    assert workshops[2].startswith("Mission d'intérêt public")  # a park is a public body
    assert "+ 9 mois" in workshops[header.index("Durée de conservation")]
    assert workshops[header.index("Transferts hors UE")] == "Aucun"
    assert len(others) == 3
    assert processes[1] == ["Mobilité", 1, 3, 9]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.organisation, entry.actor) == ("record", park, admin)


def test_the_audit_log_lists_only_its_organisations_acts(client, park, admin):
    other = OrganisationFactory(slug="ailleurs")
    services.record(park, actor=admin, action="export", target="atelier 1, participant 7")
    services.record(other, actor=None, action="purge", target="atelier 99, participant 3")
    client.force_login(admin)
    assert 'href="/donnees-personnelles/"' in client.get("/demarches/").content.decode()
    text = visible_text(client.get("/donnees-personnelles/vexin/"))
    assert "atelier 1, participant 7" in text
    assert "export des données d'une personne" in text
    assert "atelier 99" not in text
    listing = visible_text(client.get("/donnees-personnelles/"))
    assert "Parc naturel régional du Vexin français" in listing
    assert client.get("/donnees-personnelles/ailleurs/").status_code == 403
    assert client.get("/donnees-personnelles/inconnue/").status_code == 404


def test_a_facilitator_of_the_organisation_gets_neither_the_log_nor_the_record(client, park):
    animateur = join(UserFactory(username="anim"), park, Membership.Role.FACILITATOR)
    client.force_login(animateur)
    refused = client.get("/donnees-personnelles/vexin/")
    assert refused.status_code == 403
    assert "Seuls les administrateurs de cette organisation" in visible_text(refused)
    assert client.post("/donnees-personnelles/vexin/registre.ods").status_code == 403
    assert "Vous n'administrez aucune organisation." in visible_text(
        client.get("/donnees-personnelles/")
    )
    assert not AuditEntry.objects.exists()
