"""Collecting proposals: from phones, paper post-its, people without a phone; duplicates, retries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.proposals import services
from coprod.proposals.models import Proposal, Support
from coprod.testing.factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

BUS = "Créer un transport à la demande pour les personnes âgées sans voiture"


def test_participant_proposal_is_linked_to_the_closest_priority_item(
    workshop, alice, items, proposals_step
):
    """Without a chosen item, the proposal goes to the item it is closest to."""
    proposal = services.submit_proposal(workshop, text_value=BUS, author=alice)
    assert proposal.priority_item == items[0]
    assert not proposal.off_topic


def test_chosen_item_is_kept(workshop, alice, items, proposals_step):
    proposal = services.submit_proposal(
        workshop, text_value=BUS, author=alice, priority_item=items[2].pk
    )
    assert proposal.priority_item == items[2]


def test_item_of_another_process_is_refused(workshop, alice, items, proposals_step):
    other = WorkshopFactory()
    from coprod.processes.models import PriorityItem

    foreign = PriorityItem.objects.create(process=other.process, text="Ailleurs", position=1)
    with pytest.raises(ValidationError, match="ne fait pas partie"):
        services.submit_proposal(workshop, text_value=BUS, author=alice, priority_item=foreign.pk)
    assert not Proposal.objects.exists()


def test_proposal_close_to_no_item_is_flagged_hors_sujet(workshop, alice, items, proposals_step):
    """A sentence about something else entirely is kept but flagged for the facilitator."""
    proposal = services.submit_proposal(
        workshop, text_value="Repeindre les volets du château en bleu ciel", author=alice
    )
    assert proposal.off_topic


def test_an_unconfident_match_is_not_flagged(workshop, alice, items, proposals_step):
    """Shuttles to the station serve the transport item though they share few of its words:
    their score sits under the old threshold but not far enough to suggest « hors sujet ? »."""
    from coprod.grouping import similarity

    text_value = "Des navettes vers la gare pour les habitants isolés"
    best = similarity.nearest(text_value, [i.text for i in items], k=1)[0][1]
    assert best < similarity.off_topic_threshold()  # what used to be flagged
    proposal = services.submit_proposal(workshop, text_value=text_value, author=alice)
    assert proposal.priority_item == items[0]
    assert not proposal.off_topic


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_empty_proposal_is_refused_in_french(workshop, alice, proposals_step, raw):
    with pytest.raises(ValidationError, match="Écrivez votre proposition"):
        services.submit_proposal(workshop, text_value=raw, author=alice)
    assert not Proposal.objects.exists()


def test_proposal_over_500_characters_is_refused(workshop, alice, proposals_step):
    with pytest.raises(ValidationError, match="ne doit pas dépasser 500 caractères"):
        services.submit_proposal(workshop, text_value="a" * 501, author=alice)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text_value": BUS + "\x00"}, "« proposition » contient des caractères invisibles"),
        ({"client_key": "k\x00"}, "Clé d'envoi invalide"),
    ],
)
def test_control_characters_are_refused_in_the_text_and_the_client_key(
    workshop, alice, proposals_step, fields, message
):
    with pytest.raises(ValidationError, match=message):
        services.submit_proposal(workshop, **({"text_value": BUS, "author": alice} | fields))
    assert not Proposal.objects.exists()


def test_a_pasted_line_with_a_control_character_is_refused_by_its_number(workshop, facilitator):
    block = "Un bus le samedi\n\n- Une épicerie\x07 itinérante"
    with pytest.raises(ValidationError) as error:
        services.paste_proposals(workshop, actor=facilitator, block=block)
    assert error.value.messages == [
        "Ligne 2 : « proposition » contient des caractères invisibles non autorisés."
    ]
    assert not Proposal.objects.exists()


def test_duplicate_is_refused_with_a_suggestion_to_support(workshop, alice, items, proposals_step):
    """The same words, whatever the case and punctuation, are not written twice."""
    services.submit_proposal(workshop, text_value=BUS, author=alice)
    bob = ParticipantFactory(workshop=workshop)
    with pytest.raises(ValidationError, match="soutenir"):
        services.submit_proposal(workshop, text_value=BUS.upper() + " !", author=bob)
    assert Proposal.objects.count() == 1


def test_double_tap_or_retry_counts_once(workshop, alice, items, proposals_step):
    """The same client key (a double tap, a retry after a dropped connection) stores one proposal."""
    first = services.submit_proposal(workshop, text_value=BUS, author=alice, client_key="k1")
    again = services.submit_proposal(workshop, text_value=BUS, author=alice, client_key="k1")
    assert again.pk == first.pk
    assert Proposal.objects.count() == 1


def test_script_is_stored_as_text(workshop, alice, items, proposals_step):
    proposal = services.submit_proposal(
        workshop, text_value="<script>alert(1)</script> des bus le samedi", author=alice
    )
    assert proposal.text == "<script>alert(1)</script> des bus le samedi"


def test_participants_write_only_during_the_proposals_step(workshop, alice, items, run_to):
    run_to(workshop, "mood")
    with pytest.raises(ValidationError, match="séquence « Propositions »"):
        services.submit_proposal(workshop, text_value=BUS, author=alice)


def test_participant_of_another_workshop_cannot_write_here(workshop, items, proposals_step):
    outsider = ParticipantFactory()
    with pytest.raises(PermissionDenied):
        services.submit_proposal(workshop, text_value=BUS, author=outsider)


def test_facilitator_writes_for_someone_without_a_phone_at_any_time(workshop, facilitator, items):
    offline = ParticipantFactory(workshop=workshop, has_phone=False)
    proposal = services.submit_proposal(
        workshop, text_value=BUS, author=offline, actor=facilitator, source=Proposal.Source.PAPER
    )
    assert proposal.author == offline
    assert proposal.entered_by == facilitator


def test_stranger_cannot_add_proposals(workshop, stranger, items):
    with pytest.raises(PermissionDenied):
        services.submit_proposal(workshop, text_value=BUS, actor=stranger)


def test_paste_adds_one_proposal_per_line_and_reports_duplicates(workshop, facilitator, items):
    block = f"- {BUS}\n\n2) Garder une épicerie dans chaque village\n• {BUS.lower()}\n"
    result = services.paste_proposals(workshop, actor=facilitator, block=block)
    assert [p.text for p in result["created"]] == [BUS, "Garder une épicerie dans chaque village"]
    assert result["duplicates"] == [BUS.lower()]
    assert all(p.source == Proposal.Source.PAPER for p in result["created"])


def test_paste_with_a_line_too_long_adds_nothing(workshop, facilitator, items):
    with pytest.raises(ValidationError, match="Ligne 2"):
        services.paste_proposals(workshop, actor=facilitator, block=f"{BUS}\n{'x' * 501}")
    assert not Proposal.objects.exists()


def test_support_instead_of_duplicate_counts_once(workshop, alice, items, proposals_step):
    proposal = services.submit_proposal(workshop, text_value=BUS, author=alice)
    bob = ParticipantFactory(workshop=workshop)
    services.support_proposal(proposal, participant=bob)
    services.support_proposal(proposal, participant=bob)
    assert Support.objects.filter(proposal=proposal).count() == 1


def test_hidden_proposal_is_kept_but_not_listed(
    workshop, facilitator, alice, items, proposals_step
):
    proposal = services.submit_proposal(workshop, text_value=BUS, author=alice)
    services.set_hidden(proposal, actor=facilitator, hidden=True)
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    assert services.by_item(workshop) == []


def test_relinking_settles_the_off_topic_flag(workshop, facilitator, alice, items, proposals_step):
    proposal = services.submit_proposal(
        workshop, text_value="Repeindre les volets du château en bleu ciel", author=alice
    )
    services.relink(proposal, actor=facilitator, priority_item=items[1].pk)
    proposal.refresh_from_db()
    assert proposal.priority_item == items[1] and not proposal.off_topic


def test_only_facilitators_hide_or_relink(workshop, alice, stranger, items, proposals_step):
    proposal = services.submit_proposal(workshop, text_value=BUS, author=alice)
    with pytest.raises(PermissionDenied):
        services.set_hidden(proposal, actor=stranger, hidden=True)
    with pytest.raises(PermissionDenied):
        services.relink(proposal, actor=stranger, priority_item=items[1].pk)


def test_similar_proposals_suggests_a_paraphrase(workshop, alice, items, proposals_step):
    services.submit_proposal(workshop, text_value=BUS, author=alice)
    services.submit_proposal(
        workshop, text_value="Garder une épicerie dans chaque village", author=alice
    )
    similar = services.similar_proposals(
        workshop, "un transport à la demande pour les aînés sans voiture"
    )
    assert similar and similar[0].text == BUS


# --- Retries of the facilitator's writes --------------------------------------------------


def test_a_facilitator_s_post_it_sent_twice_with_its_key_is_stored_once(workshop, facilitator):
    """A slow answer, a second click, a retry after a dropped connection: one proposal."""
    first = services.submit_proposal(
        workshop, text_value="Un minibus le samedi", actor=facilitator, client_key="k-1"
    )
    again = services.submit_proposal(
        workshop, text_value="Un minibus le samedi", actor=facilitator, client_key="k-1"
    )
    assert again == first
    assert Proposal.objects.count() == 1


def test_a_pasted_batch_sent_again_adds_nothing_more(workshop, facilitator, items):
    block = "Un minibus le samedi\nUne épicerie solidaire\nDes permanences de la CAF"
    first = services.paste_proposals(workshop, actor=facilitator, block=block, client_key="lot")
    again = services.paste_proposals(workshop, actor=facilitator, block=block, client_key="lot")
    assert [p.pk for p in again["created"]] == [p.pk for p in first["created"]]
    assert Proposal.objects.count() == 3


def test_another_writer_s_key_gives_nothing_of_theirs(workshop, facilitator, alice, proposals_step):
    """The key is looked up among one's own writes only: another's key does not return their
    proposal (it is refused as a clash instead)."""
    services.submit_proposal(workshop, text_value="Un minibus", author=alice, client_key="k-1")
    with pytest.raises(ValidationError):
        services.submit_proposal(
            workshop, text_value="Autre chose", actor=facilitator, client_key="k-1"
        )
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize("key", ["x" * 65, "clé avec espaces", "a\x00b"])
def test_a_malformed_client_key_is_refused_in_french(workshop, facilitator, key):
    with pytest.raises(ValidationError, match="Clé d'envoi invalide"):
        services.submit_proposal(
            workshop, text_value="Un minibus", actor=facilitator, client_key=key
        )
    assert not Proposal.objects.exists()


# --- A participant's pace ----------------------------------------------------------------


def _ideas(n: int, start: int = 0) -> list[str]:
    return [f"Idée numéro {i} pour les villages du parc" for i in range(start, start + n)]


def _key(text: str) -> str:
    return "k" + text.split()[2]


def test_a_participant_sending_too_fast_is_told_when_to_send_again(
    clock, workshop, alice, items, proposals_step
):
    """Ten proposals in a minute pass; the eleventh is refused, saying in how many seconds it
    can be sent, and nothing is stored; then it goes through."""
    for text in _ideas(10):
        services.submit_proposal(workshop, text_value=text, author=alice, client_key=_key(text))
    clock.advance(seconds=20)
    late = "Un marché de producteurs le samedi matin à Marines"
    with pytest.raises(services.TooFast, match="dans 40 secondes") as refused:
        services.submit_proposal(workshop, text_value=late, author=alice, client_key="late")
    assert refused.value.retry_after == 40
    assert Proposal.objects.count() == 10
    clock.advance(seconds=39)
    with pytest.raises(services.TooFast, match="dans 1 seconde\\b"):
        services.submit_proposal(workshop, text_value=late, author=alice, client_key="late")
    clock.advance(seconds=1)
    assert services.submit_proposal(workshop, text_value=late, author=alice, client_key="late")
    assert Proposal.objects.count() == 11


def test_the_limit_is_per_participant_and_never_refuses_a_retry(
    clock, workshop, alice, items, proposals_step
):
    bob = ParticipantFactory(workshop=workshop, name="Bob")
    sent = [
        services.submit_proposal(workshop, text_value=text, author=alice, client_key=_key(text))
        for text in _ideas(10)
    ]
    with pytest.raises(services.TooFast):
        services.submit_proposal(workshop, text_value=_ideas(1, 10)[0], author=alice)
    # The phone lost the answer to its last send and sends it again: the same proposal back.
    again = services.submit_proposal(
        workshop, text_value=sent[-1].text, author=alice, client_key=_key(sent[-1].text)
    )
    assert again == sent[-1]
    assert services.submit_proposal(workshop, text_value=_ideas(1, 10)[0], author=bob)


def test_facilitators_entering_proposals_are_not_limited(
    clock, workshop, facilitator, alice, items, proposals_step
):
    """Post-its and a person without a phone: the facilitator types them all at once; what
    they typed for Alice does not count against what Alice sends herself."""
    for text in _ideas(12):
        services.submit_proposal(workshop, text_value=text, author=alice, actor=facilitator)
    services.paste_proposals(workshop, actor=facilitator, block="\n".join(_ideas(12, 12)))
    for text in _ideas(10, 24):
        services.submit_proposal(workshop, text_value=text, author=alice, client_key=_key(text))
    assert Proposal.objects.count() == 34
    with pytest.raises(services.TooFast):
        services.submit_proposal(workshop, text_value=_ideas(1, 34)[0], author=alice)
