"""Writing action sheets together: versions and conflicts, history, comments, tables, referents."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.action_sheets import services
from coprod.action_sheets.fields import FIELDS
from coprod.action_sheets.models import Comment, FieldValue, Referent, Revision, Seat, Sheet
from coprod.processes.models import TargetPublic
from coprod.testing.factories import (
    ActionFactory,
    LeverFactory,
    ParticipantFactory,
    SheetFactory,
    WorkshopFactory,
)
from coprod.voting import services as voting
from coprod.voting.models import Orientation, Poll, PollOption

from .conftest import BUS, SHOPS, make_synthesis

pytestmark = pytest.mark.django_db


# --- Values and versions -----------------------------------------------------------------------


def test_values_of_lists_every_field_empty_at_version_zero(sheet):
    values = services.values_of(sheet)
    assert list(values) == [f.name for f in FIELDS]
    assert values["title"] == services.FieldState("title", "", 0, None, "")
    assert values["publics"].value == []


def test_participant_saves_a_field_during_the_projects_step(sheet, alice, projects_step):
    """A save writes version 1, keeps a revision with its author and tells the others."""
    result = services.save_field(
        sheet, "objective", value="Relier les villages", base_version=0, participant=alice
    )
    assert result.saved and result.conflict is None
    assert result.state.version == 1
    assert result.state.author_name == "Alice"
    revision = Revision.objects.get()
    assert (revision.name, revision.value, revision.version) == (
        "objective",
        "Relier les villages",
        1,
    )
    assert revision.author == alice
    assert services.values_of(sheet)["objective"].value == "Relier les villages"


def test_save_publishes_sheet_changed(
    sheet, alice, projects_step, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "coprod.realtime.events._send", lambda workshop_id, message: sent.append(message)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_field(sheet, "title", value="Navette", base_version=0, participant=alice)
    assert sent[-1]["event"] == "sheet.changed"
    assert sent[-1]["data"] == {"sheet": sheet.pk, "field": "title", "version": 1}


def test_second_writer_on_the_same_version_gets_a_conflict_with_both_texts(
    sheet, alice, bruno, projects_step
):
    """Nothing is overwritten: Bruno is shown Alice's words beside his own."""
    services.save_field(
        sheet, "objective", value="Texte d'Alice", base_version=0, participant=alice
    )
    result = services.save_field(
        sheet, "objective", value="Texte de Bruno", base_version=0, participant=bruno
    )
    assert not result.saved
    conflict = result.conflict
    assert conflict.theirs == "Texte d'Alice"
    assert conflict.mine == "Texte de Bruno"
    assert conflict.their_version == 1
    assert conflict.their_author == "Alice"
    assert conflict.their_at is not None
    assert services.values_of(sheet)["objective"].value == "Texte d'Alice"
    assert Revision.objects.count() == 1


def test_keeping_my_version_resubmits_on_the_current_version(sheet, alice, bruno, projects_step):
    services.save_field(sheet, "objective", value="A", base_version=0, participant=alice)
    conflict = services.save_field(
        sheet, "objective", value="B", base_version=0, participant=bruno
    ).conflict
    again = services.save_field(
        sheet,
        "objective",
        value=conflict.mine,
        base_version=conflict.their_version,
        participant=bruno,
    )
    assert again.saved and again.state.version == 2 and again.state.value == "B"


def test_different_fields_never_conflict(sheet, alice, bruno, projects_step):
    one = services.save_field(sheet, "title", value="Navette", base_version=0, participant=alice)
    two = services.save_field(
        sheet, "partners", value="Communauté de communes", base_version=0, participant=bruno
    )
    assert one.saved and two.saved
    values = services.values_of(sheet)
    assert values["title"].value == "Navette"
    assert values["partners"].value == "Communauté de communes"


def test_same_value_with_an_old_version_is_not_a_conflict(sheet, alice, bruno, projects_step):
    services.save_field(sheet, "title", value="Navette", base_version=0, participant=alice)
    result = services.save_field(
        sheet, "title", value="Navette  ", base_version=0, participant=bruno
    )
    assert result.saved and result.conflict is None
    assert result.state.version == 1
    assert Revision.objects.count() == 1


def test_values_are_normalised_and_html_is_kept_as_typed(sheet, alice, projects_step):
    services.save_field(
        sheet,
        "description",
        value="Ligne 1   \r\nLigne 2\t \r\n\r\n",
        base_version=0,
        participant=alice,
    )
    services.save_field(
        sheet, "title", value="  <b>Navette</b>\n  solidaire ", base_version=0, participant=alice
    )
    values = services.values_of(sheet)
    assert values["description"].value == "Ligne 1\nLigne 2"
    assert values["title"].value == "<b>Navette</b> solidaire"


def test_too_long_value_is_refused_with_the_field_label(sheet, alice, projects_step):
    with pytest.raises(
        ValidationError, match="« Titre du projet » ne doit pas dépasser 200 caractères"
    ):
        services.save_field(sheet, "title", value="x" * 201, base_version=0, participant=alice)
    assert not FieldValue.objects.exists()


def test_unknown_field_is_refused_in_french(sheet, alice, projects_step):
    with pytest.raises(ValidationError, match="n'a pas de champ « budget_total »"):
        services.save_field(sheet, "budget_total", value="1", base_version=0, participant=alice)


def test_bad_base_version_is_refused(sheet, alice, projects_step):
    with pytest.raises(ValidationError, match="version de départ"):
        services.save_field(sheet, "title", value="x", base_version="abc", participant=alice)


def test_list_fields_take_ids_of_the_process(sheet, workshop, alice, projects_step):
    public = TargetPublic.objects.create(process=workshop.process, name="Personnes sans voiture")
    action = ActionFactory(process=workshop.process)
    lever = LeverFactory(process=workshop.process)
    services.save_field(sheet, "publics", value=[str(public.pk)], base_version=0, participant=alice)
    services.save_field(sheet, "builds_on", value=f"{action.pk}", base_version=0, participant=alice)
    services.save_field(
        sheet, "levers", value=[lever.pk, lever.pk], base_version=0, participant=alice
    )
    values = services.values_of(sheet)
    assert values["publics"].value == [public.pk]
    assert values["builds_on"].value == [action.pk]
    assert values["levers"].value == [lever.pk]


def test_list_fields_refuse_ids_of_another_process(sheet, alice, projects_step):
    foreign = ActionFactory()  # another process
    with pytest.raises(ValidationError, match="ne fait pas partie de la démarche"):
        services.save_field(
            sheet, "builds_on", value=[foreign.pk], base_version=0, participant=alice
        )
    with pytest.raises(ValidationError, match="choisissez dans la liste"):
        services.save_field(sheet, "publics", value=["abc"], base_version=0, participant=alice)


# --- Who writes when ---------------------------------------------------------------------------


def test_participants_write_only_during_projects_or_finalisation(sheet, workshop, alice, run_to):
    run_to(workshop, "orientation")
    with pytest.raises(ValidationError, match="construction des projets"):
        services.save_field(sheet, "title", value="x", base_version=0, participant=alice)
    run_to(workshop, "finalisation")
    assert services.save_field(sheet, "title", value="x", base_version=0, participant=alice).saved


def test_participant_of_another_workshop_is_refused(sheet, projects_step):
    outsider = ParticipantFactory(workshop=WorkshopFactory())
    with pytest.raises(PermissionDenied):
        services.save_field(sheet, "title", value="x", base_version=0, participant=outsider)


def test_nobody_is_refused(sheet, projects_step):
    with pytest.raises(PermissionDenied):
        services.save_field(sheet, "title", value="x", base_version=0)


def test_any_participant_edits_any_sheet_of_their_workshop(workshop, alice, projects_step):
    """People move between tables: the seat does not limit what they may write."""
    other = SheetFactory(workshop=workshop, number=2)
    assert services.save_field(other, "title", value="x", base_version=0, participant=alice).saved


def test_facilitator_writes_at_any_time_and_for_someone(sheet, facilitator, alice, stranger):
    result = services.save_field(sheet, "title", value="x", base_version=0, actor=facilitator)
    assert result.saved and result.state.author_name == "camille"
    result = services.save_field(
        sheet, "title", value="y", base_version=1, actor=facilitator, participant=alice
    )
    revision = Revision.objects.get(version=2)
    assert (revision.author, revision.entered_by, revision.author_name) == (
        alice,
        facilitator,
        "Alice",
    )
    with pytest.raises(PermissionDenied):
        services.save_field(sheet, "title", value="z", base_version=2, actor=stranger)


# --- History and restore -----------------------------------------------------------------------


def test_history_is_newest_first_and_restore_writes_a_new_version(
    sheet, alice, bruno, projects_step
):
    services.save_field(sheet, "objective", value="Premier", base_version=0, participant=alice)
    services.save_field(sheet, "objective", value="Second", base_version=1, participant=bruno)
    services.save_field(sheet, "title", value="Titre", base_version=0, participant=bruno)
    revisions = services.history(sheet, "objective")
    assert [r.value for r in revisions] == ["Second", "Premier"]
    assert len(services.history(sheet)) == 3
    result = services.restore(revisions[1], participant=bruno)
    assert result.saved and result.state.version == 3 and result.state.value == "Premier"
    restored = services.history(sheet, "objective")[0]
    assert restored.restored_from == revisions[1]
    assert restored.author == bruno


# --- Completeness ------------------------------------------------------------------------------


def test_completeness_names_the_missing_required_fields_in_order(sheet, facilitator):
    done = services.completeness(sheet)
    assert done["missing"][:3] == ["Titre du projet", "Objectif", "Publics cibles"]
    assert "Risques" not in done["missing"]
    assert done["share"] == 0 and not done["done"]
    services.save_field(sheet, "title", value="Navette", base_version=0, actor=facilitator)
    done = services.completeness(sheet)
    assert "Titre du projet" not in done["missing"]
    assert 0 < done["share"] < 1


def test_completeness_is_done_when_every_required_field_is_filled(sheet, workshop, facilitator):
    public = TargetPublic.objects.create(process=workshop.process, name="Jeunes")
    for field in FIELDS:
        if field.required:
            value = [public.pk] if field.is_list else "Rempli"
            services.save_field(sheet, field.name, value=value, base_version=0, actor=facilitator)
    assert services.completeness(sheet) == {"missing": [], "share": 1.0, "done": True}


# --- Comments ----------------------------------------------------------------------------------


def test_critique_without_suggestion_is_refused_citing_the_charter(sheet, alice, projects_step):
    with pytest.raises(ValidationError, match="Toute critique doit être associée à une suggestion"):
        services.add_comment(sheet, text="Trop cher", is_critique=True, participant=alice)
    assert not Comment.objects.exists()


def test_critique_with_suggestion_and_plain_comment(sheet, alice, projects_step):
    critique = services.add_comment(
        sheet,
        text="Trop cher",
        field="means",
        is_critique=True,
        suggestion="Demander un LEADER",
        participant=alice,
    )
    assert critique.is_critique and critique.suggestion == "Demander un LEADER"
    assert critique.author_name == "Alice" and critique.field == "means"
    plain = services.add_comment(sheet, text="Bravo", participant=alice)
    assert services.comments_of(sheet) == [critique, plain]


def test_comment_rules(sheet, alice, projects_step):
    with pytest.raises(ValidationError, match="Écrivez votre commentaire"):
        services.add_comment(sheet, text="  ", participant=alice)
    with pytest.raises(ValidationError, match="1000 caractères"):
        services.add_comment(sheet, text="x" * 1001, participant=alice)
    with pytest.raises(ValidationError, match="n'a pas de champ"):
        services.add_comment(sheet, text="x", field="nope", participant=alice)


# --- Tables --------------------------------------------------------------------------------------


def test_create_blank_sheets_after_the_existing_ones(workshop, facilitator, sheet):
    created = services.create_sheets(workshop, actor=facilitator, count=3)
    assert [s.number for s in created] == [2, 3, 4]
    with pytest.raises(ValidationError, match="20 tables au plus"):
        services.create_sheets(workshop, actor=facilitator, count=17)


def test_create_sheets_needs_something_to_start_from(workshop, facilitator):
    with pytest.raises(ValidationError, match="ni orientation décidée ni synthèse validée"):
        services.create_sheets(workshop, actor=facilitator)


def test_create_sheets_from_validated_syntheses(workshop, facilitator):
    bus = make_synthesis(workshop, BUS)
    make_synthesis(workshop, SHOPS, position=2)
    created = services.create_sheets(workshop, actor=facilitator)
    assert [s.synthesis_id for s in created][0] == bus.pk
    assert services.values_of(created[0])["title"].value == BUS
    assert services.values_of(created[0])["title"].version == 1
    with pytest.raises(ValidationError, match="déjà sa fiche"):
        services.create_sheets(workshop, actor=facilitator)


LONG = (
    "Développer un service de transport à la demande, adossé aux communes et aux associations, "
    "pour que les personnes âgées et les jeunes sans voiture rejoignent les marchés, les "
    "services publics et les lieux de soins du territoire sans dépendre de leurs proches"
)


def test_a_sheet_is_titled_by_its_group_s_name(workshop, facilitator):
    """Issue 17: the group's name, not its synthesis cut at 200 characters mid-word."""
    make_synthesis(workshop, LONG, label="Mobilité  solidaire")
    sheet = services.create_sheets(workshop, actor=facilitator)[0]
    assert services.values_of(sheet)["title"].value == "Mobilité solidaire"


def test_an_unnamed_group_s_long_synthesis_is_shortened_at_a_word(workshop, facilitator):
    make_synthesis(workshop, LONG)
    sheet = services.create_sheets(workshop, actor=facilitator)[0]
    title = services.values_of(sheet)["title"].value
    assert title == ("Développer un service de transport à la demande, adossé aux communes et aux…")
    assert LONG.startswith(title.removesuffix("…")) and len(title) <= 80
    # The table writes its own short title over it, like any other field.
    mine = services.save_field(sheet, "title", value="Navette", base_version=1, actor=facilitator)
    assert mine.saved and services.values_of(sheet)["title"].value == "Navette"


def test_create_sheets_from_confirmed_orientations(workshop, facilitator):
    bus = make_synthesis(workshop, BUS)
    make_synthesis(workshop, SHOPS, position=2)
    action = ActionFactory(process=workshop.process)
    first, second = voting.open_orientations(workshop, actor=facilitator)
    voting.confirm_orientation(first, actor=facilitator, decision="build_on", actions=[action])
    created = services.create_sheets(workshop, actor=facilitator)
    assert len(created) == 1  # the undecided orientation waits
    sheet = created[0]
    assert sheet.orientation_id == first.pk and sheet.synthesis_id == bus.pk
    values = services.values_of(sheet)
    assert values["title"].value == BUS
    assert values["builds_on"].value == [action.pk]
    assert Orientation.objects.get(pk=second.pk).decision == ""


def test_only_facilitators_create_sheets(workshop, stranger):
    with pytest.raises(PermissionDenied):
        services.create_sheets(workshop, actor=stranger, count=1)


def test_assign_tables_spreads_organisations(workshop, facilitator):
    for org in ["Mairie"] * 3 + ["Association"] * 3 + ["Parc"] * 2:
        ParticipantFactory(workshop=workshop, organisation=org)
    sheets = services.assign_tables(workshop, actor=facilitator, count=3)
    assert [s.number for s in sheets] == [1, 2, 3]
    assert Seat.objects.count() == 8
    for sheet in sheets:
        orgs = list(
            Seat.objects.filter(sheet=sheet).values_list("participant__organisation", flat=True)
        )
        assert len(orgs) in (2, 3)
        assert orgs.count("Mairie") <= 1 and orgs.count("Association") <= 1


def test_assign_tables_replaces_earlier_seats(workshop, facilitator, alice, bruno):
    services.assign_tables(workshop, actor=facilitator, count=2)
    services.assign_tables(workshop, actor=facilitator, count=1)
    assert Sheet.objects.filter(workshop=workshop).count() == 2
    assert set(Seat.objects.values_list("sheet__number", flat=True)) == {1}


def test_take_seat_and_seat_for(workshop, facilitator, alice, sheet):
    other = SheetFactory(workshop=workshop, number=2)
    assert services.take_seat(alice, sheet).sheet == sheet
    assert services.take_seat(alice, other).sheet == other
    assert Seat.objects.count() == 1
    assert services.seat_for(workshop, alice.pk, sheet, actor=facilitator).sheet == sheet
    assert services.table_of(alice) == sheet
    outsider = ParticipantFactory(workshop=WorkshopFactory())
    with pytest.raises(PermissionDenied):
        services.take_seat(outsider, sheet)
    with pytest.raises(PermissionDenied):
        services.seat_for(workshop, outsider, sheet, actor=facilitator)


def test_sheets_overview_in_bounded_queries(workshop, facilitator, django_assert_max_num_queries):
    for n in range(3):
        ParticipantFactory(workshop=workshop, name=f"P{n}")
    sheets = services.assign_tables(workshop, actor=facilitator, count=2)
    services.save_field(sheets[0], "title", value="Navette", base_version=0, actor=facilitator)
    with django_assert_max_num_queries(5):
        rows = services.sheets_overview(workshop)
    assert [r["number"] for r in rows] == [1, 2]
    assert rows[0]["title"] == "Navette" and rows[1]["label"] == "Fiche 2"
    assert rows[0]["seated_count"] == 2 and len(rows[0]["seated"]) == 2
    assert rows[0]["last_author"] == "camille" and rows[0]["last_at"] is not None
    assert rows[1]["last_at"] is None and rows[1]["share"] == 0
    assert "Objectif" in rows[0]["missing"]


# --- Referents and the priority vote ----------------------------------------------------------


def test_referents_are_exactly_two_distinct_participants(workshop, facilitator, alice, bruno):
    with pytest.raises(ValidationError, match="deux personnes différentes"):
        services.designate_referents(workshop, actor=facilitator, participants=[alice])
    with pytest.raises(ValidationError, match="deux personnes différentes"):
        services.designate_referents(workshop, actor=facilitator, participants=[alice, alice])
    outsider = ParticipantFactory(workshop=WorkshopFactory())
    with pytest.raises(ValidationError, match="participer à cet atelier"):
        services.designate_referents(workshop, actor=facilitator, participants=[alice, outsider])
    duo = services.designate_referents(workshop, actor=facilitator, participants=[alice, bruno])
    assert [(r.participant, r.position) for r in duo] == [(alice, 1), (bruno, 2)]
    carole = ParticipantFactory(workshop=workshop, name="Carole")
    services.designate_referents(workshop, actor=facilitator, participants=[carole.pk, alice.pk])
    assert [r.participant for r in services.referents_of(workshop)] == [carole, alice]
    assert Referent.objects.count() == 2


def test_referents_need_a_facilitator(workshop, stranger, alice, bruno):
    with pytest.raises(PermissionDenied):
        services.designate_referents(workshop, actor=stranger, participants=[alice, bruno])


def test_priority_poll_over_the_sheets(workshop, facilitator):
    first, _second = services.create_sheets(workshop, actor=facilitator, count=2)
    services.save_field(first, "title", value="Navette", base_version=0, actor=facilitator)
    poll = services.start_priority_poll(workshop, actor=facilitator)
    assert poll.status == Poll.Status.OPEN
    assert list(PollOption.objects.filter(poll=poll).values_list("label", "synthesis")) == [
        ("Navette", None),
        ("Fiche 2", None),
    ]


def test_priority_poll_needs_two_sheets(workshop, facilitator, sheet):
    with pytest.raises(ValidationError, match="deux fiches"):
        services.start_priority_poll(workshop, actor=facilitator)
    assert not Poll.objects.exists()
