"""A whole workshop as a room lives it, one action at a time, each through its service (or the
phone's own form), with the events each action published recorded as the hubs receive them.

Used by the test that every phone equals a fresh load after every event, and by the test that
every type of `realtime.events.EVENTS` is published by some service.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.urls import reverse

from coprod.action_sheets import services as sheets
from coprod.agenda import services as agenda
from coprod.catalogue.services import levers as levers
from coprod.catalogue.services import live as catalogue
from coprod.grouping import services as grouping
from coprod.live import services as live_services
from coprod.participants import services as participants
from coprod.participants.models import Participant
from coprod.processes.models import PriorityItem
from coprod.proposals import services as proposals
from coprod.realtime import events
from coprod.restitution import services as restitution
from coprod.testing.factories import ActionFactory
from coprod.testing.phones import join_as
from coprod.voting import services as voting
from coprod.voting.models import ConsentBallot, Orientation
from coprod.workshops import services as workshops


@dataclass
class Room:
    workshop: object
    facilitator: object
    client: object  # the phone of `me`
    capture: Callable  # django_capture_on_commit_callbacks
    me: Participant = None
    others: dict = field(default_factory=dict)
    found: dict = field(default_factory=dict)

    def run(self, action: Callable) -> list[str]:
        """Do one action, commit it, and return the types of the events it published."""
        sent: list[str] = []

        def record(sender, workshop_id, event_type, data, **kwargs):
            if workshop_id == self.workshop.pk:
                sent.append(event_type)

        events.published.connect(record, dispatch_uid="room-record")
        try:
            with self.capture(execute=True):
                action()
        finally:
            events.published.disconnect(dispatch_uid="room-record")
        return sent

    def phone_post(self, name: str, data: dict, *args) -> None:
        """Set by the caller: the phone's own form, answered into its personal region."""
        raise NotImplementedError

    def actions(self) -> Iterator[tuple[str, Callable]]:
        """(what happens, doing it) in the order of the seed's running order."""
        w, actor = self.workshop, self.facilitator
        items = [
            PriorityItem.objects.create(process=w.process, text=text, position=i)
            for i, text in enumerate(
                ["Les publics sans transports", "Les services de proximité"], start=1
            )
        ]
        w.priority_items.set(items)
        step = lambda kind: w.steps.get(kind=kind)  # noqa: E731
        go = lambda: agenda.go_to_step(w, actor=actor, offset=+1)  # noqa: E731
        other = lambda name: self.others[name]  # noqa: E731

        def join(name):
            self.others[name], _created = participants.join(code=w.join_code, name=name)

        yield (
            "a step renamed",
            lambda: agenda.update_step(
                step("round_table"),
                actor=actor,
                kind="round_table",
                title="Tour de table des élus",
                minutes=20,
            ),
        )
        yield (
            "the workshop renamed",
            lambda: workshops.update_workshop(
                w, actor=actor, question="Quelles actions pour les publics isolés ?"
            ),
        )
        yield (
            "registration closed",
            lambda: participants.set_registration(w, actor=actor, open=False),
        )
        yield (
            "registration reopened",
            lambda: participants.set_registration(w, actor=actor, open=True),
        )
        yield "a new join code", lambda: workshops.regenerate_join_code(w, actor=actor)
        yield "Karim joins", lambda: join("Karim Benali")
        yield "Lina joins", lambda: join("Lina Haddad")

        def without_phone():
            self.others["Paul"] = participants.add_participant_without_phone(
                w, actor=actor, name="Paul Sans Téléphone"
            )

        yield "someone without a phone", without_phone
        yield "my phone connects", lambda: participants.mark_connection(self.me.pk, connected=True)
        yield "the join surge dismissed", lambda: participants.dismiss_join_surge(w, actor=actor)
        yield "the workshop starts", lambda: agenda.start_workshop(w, actor=actor)
        yield "round table", go
        yield (
            "I fill in my card",
            lambda: self.phone_post(
                "live:phone_identity", {"name": "Jeanne Martin", "organisation": "Mairie"}
            ),
        )
        yield (
            "Karim edits his card",
            lambda: participants.update_identity(
                other("Karim Benali"), name="Karim Benali", organisation="Centre social"
            ),
        )
        yield "the timer paused", lambda: agenda.pause_timer(w, actor=actor)
        yield "the timer resumed", lambda: agenda.resume_timer(w, actor=actor)
        yield "the timer extended", lambda: agenda.extend_timer(w, actor=actor, minutes=5)
        yield "mood", go
        yield "my mood", lambda: self.phone_post("live:phone_mood", {"value": "4", "word": "ok"})
        yield "Karim's mood", lambda: participants.cast_mood(other("Karim Benali"), value=2)
        yield "proposals", go
        for n, text in enumerate(("Un minibus le jeudi", "Une épicerie itinérante")):
            yield (
                f"I propose « {text} »",
                lambda n=n, text=text: self.phone_post(
                    "proposals:phone_submit",
                    {"text": text, "priority_item": str(items[0].pk), "client_key": f"mine-{n}"},
                ),
            )
        yield (
            "Karim proposes",
            lambda: proposals.submit_proposal(
                w, text_value="Un taxi solidaire", author=other("Karim Benali")
            ),
        )

        def mine(text):
            return self.me.proposals.get(text=text)

        yield (
            "Karim supports mine",
            lambda: proposals.support_proposal(
                mine("Un minibus le jeudi"), participant=other("Karim Benali")
            ),
        )
        yield (
            "one of mine hidden",
            lambda: proposals.set_hidden(mine("Une épicerie itinérante"), actor=actor, hidden=True),
        )
        yield (
            "one of mine re-linked",
            lambda: proposals.relink(
                mine("Un minibus le jeudi"), actor=actor, priority_item=items[1].pk
            ),
        )
        yield "proposals grouped", lambda: grouping.auto_group(w, actor=actor)

        def cluster():
            return w.clusters.order_by("position", "pk").first()

        yield (
            "a group renamed",
            lambda: grouping.rename_cluster(cluster(), actor=actor, label="Se déplacer"),
        )

        def synthesise():
            self.found["synthesis"] = grouping.write_synthesis(
                cluster(), actor=actor, text="Des transports pour les villages"
            )

        yield "a synthesis written", synthesise

        def open_vote():
            self.found["vote"] = voting.open_validation(self.found["synthesis"], actor=actor)

        yield "the synthesis put to the vote", open_vote

        def object_():
            key = f"v{self.found['vote'].pk}"
            self.phone_post(
                "voting:phone_consent",
                {
                    f"{key}-choice": "objection",
                    f"{key}-details": "1",
                    f"{key}-reason": "Trop cher",
                    f"{key}-suggestion": "Chercher un financement",
                },
                self.found["vote"].pk,
            )

        yield "I object", object_
        for name in ("Karim Benali", "Lina Haddad"):
            yield (
                f"{name} consents",
                lambda name=name: voting.cast_consent(
                    self.found["vote"], participant=other(name), choice="for"
                ),
            )
        yield (
            "my objection answered",
            lambda: voting.answer_objection(
                ConsentBallot.objects.get(vote=self.found["vote"], participant=self.me),
                actor=actor,
                answer="Le financement est prévu.",
            ),
        )
        yield "the vote closed", lambda: voting.close_validation(self.found["vote"], actor=actor)

        def open_poll():
            self.found["poll"] = voting.create_poll(w, actor=actor, labels=["A", "B"], title="P")
            voting.open_poll(self.found["poll"], actor=actor)

        yield "a poll opened", open_poll

        def grade():
            poll = self.found["poll"]
            voting.cast_grades(
                poll,
                participant=other("Karim Benali"),
                grades={o.pk: 5 for o in poll.options.all()},
            )

        yield "Karim grades", grade
        yield "the poll closed", lambda: voting.close_poll(self.found["poll"], actor=actor)
        yield "existing actions", go

        def present():
            actions = [ActionFactory(process=w.process, title=t) for t in ("Taxi", "Bus")]
            self.found["shown"] = catalogue.present_actions(w, actor=actor, actions=actions)

        yield "actions presented", present
        yield "the first action on screen", lambda: catalogue.show_next(w, actor=actor)
        yield (
            "Karim testifies",
            lambda: catalogue.testify(
                self.found["shown"][0], participant=other("Karim Benali"), content="Je connais"
            ),
        )
        yield (
            "a witness without a phone",
            lambda: catalogue.testify(
                self.found["shown"][0], actor=actor, witness_name="Gérard", content="Moi aussi"
            ),
        )
        yield (
            "a testimony deleted",
            lambda: catalogue.delete_testimony(w.testimonies.order_by("pk").last(), actor=actor),
        )
        yield "the next action", lambda: catalogue.show_next(w, actor=actor)
        yield "levers", go
        yield (
            "Karim adds a lever",
            lambda: levers.add_lever(
                w, author=other("Karim Benali"), kind="funding", title="Appel à projets"
            ),
        )
        yield (
            "a lever edited",
            lambda: levers.update_lever(
                w.levers.get(), actor=actor, kind="funding", title="Appel à projets mobilité"
            ),
        )
        yield "a lever deleted", lambda: levers.delete_lever(w.levers.get(), actor=actor)
        yield "orientation", go

        def orient():
            self.found["orientations"] = voting.open_orientations(w, actor=actor)

        yield "orientations opened", orient
        yield (
            "Karim orients",
            lambda: voting.cast_orientation(
                self.found["orientations"][0], participant=other("Karim Benali"), choice="new"
            ),
        )
        yield (
            "an orientation closed",
            lambda: voting.close_orientation(self.found["orientations"][0], actor=actor),
        )
        yield (
            "an orientation confirmed",
            lambda: voting.confirm_orientation(
                self.found["orientations"][0], actor=actor, decision=Orientation.Decision.NEW
            ),
        )
        yield "projects", go

        def tables():
            self.found["sheets"] = sheets.create_sheets(w, actor=actor, count=2)

        yield "the tables prepared", tables
        yield (
            "I take a seat",
            lambda: self.phone_post(
                "action_sheets:phone_seat", {"sheet": str(self.found["sheets"][0].pk)}
            ),
        )
        yield (
            "Karim takes a seat",
            lambda: sheets.take_seat(other("Karim Benali"), self.found["sheets"][1]),
        )
        yield (
            "a field saved at the other table",
            lambda: sheets.save_field(
                self.found["sheets"][1], "title", value="Bus", base_version=0, actor=actor
            ),
        )
        yield (
            "a comment on the other table",
            lambda: sheets.add_comment(
                self.found["sheets"][1], text="Et le dimanche ?", actor=actor
            ),
        )
        yield "finalisation", go
        yield (
            "the referents designated",
            lambda: sheets.designate_referents(
                w, actor=actor, participants=[self.me, other("Karim Benali")]
            ),
        )
        yield (
            "Lina removed from the room",
            lambda: live_services.remove_participant(other("Lina Haddad"), actor=actor),
        )
        yield "the workshop ends", lambda: agenda.end_workshop(w, actor=actor)
        yield "the restitution published", lambda: restitution.publish(w, actor=actor)


def room_of(workshop, facilitator, client, capture, phone=None) -> Room:
    """The room with `me` joined from `client`; `phone` (a phone_sim.Phone) gets the answers
    of the phone's own forms."""
    room = Room(workshop, facilitator, client, capture)
    room.me = join_as(client, workshop, name="Jeanne Martin")

    def phone_post(name, data, *args):
        url = reverse(name, args=[workshop.pk, *args])
        if phone is None or phone.doc is None:
            response = client.post(url, data, headers={"HX-Request": "true"})
            assert response.status_code == 200, response.content.decode()
        else:
            phone.answer(url, data)

    room.phone_post = phone_post
    return room
