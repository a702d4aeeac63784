"""Model factories of every app (factory_boy), and the seed's agenda written directly."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from coprod.action_sheets.models import Comment, Sheet
from coprod.agenda.kinds import StepKind
from coprod.agenda.models import Step
from coprod.agenda.presets import VEXIN_CHARTER, template_steps
from coprod.catalogue import text as catalogue_text
from coprod.catalogue.models import Action, Lever
from coprod.core.tokens import hash_secret
from coprod.grouping.models import Cluster, Synthesis
from coprod.organisations.models import Membership, Organisation
from coprod.participants.models import MoodVote, Participant
from coprod.processes.models import PriorityItem, Process
from coprod.proposals import text as proposal_text
from coprod.proposals.models import Proposal
from coprod.workshops import codes
from coprod.workshops.models import Workshop


class UserFactory(factory.django.DjangoModelFactory):
    """A facilitator or process-owner account (no password: tests log in with force_login)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"animateur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Communauté de communes n° {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


def join(user, organisation, role=Membership.Role.FACILITATOR):
    """`user` becomes a member of `organisation` with `role` (kept if they already are one)."""
    Membership.objects.get_or_create(organisation=organisation, user=user, defaults={"role": role})
    return user


def may_own_processes(user, organisation=None):
    """Make `user` a chargé de mission (coprod.processes.rules) of `organisation`, by default
    the only organisation of the test or a new one."""
    if organisation is None:
        organisation = Organisation.objects.first() or OrganisationFactory()
    Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": Membership.Role.PROCESS_OWNER}
    )
    return type(user).objects.get(pk=user.pk)  # a fresh instance: permissions are cached


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(
        lambda: Organisation.objects.first() or OrganisationFactory()
    )
    title = factory.Sequence(lambda n: f"Démarche de progrès n° {n}")

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.add(*extracted)
            for owner in extracted:
                join(owner, self.organisation, Membership.Role.PROCESS_OWNER)


class PriorityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityItem

    process = factory.SubFactory(ProcessFactory)
    text = factory.Sequence(lambda n: f"Item plébiscité {n}")
    position = factory.Sequence(lambda n: n)


def code_number(n: int) -> str:
    """The n-th join code of the alphabet: distinct for every factory call, always valid."""
    letters = []
    for _ in range(codes.LENGTH):
        n, digit = divmod(n, len(codes.ALPHABET))
        letters.append(codes.ALPHABET[digit])
    return "".join(reversed(letters))


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A draft workshop with the seed's charter and no steps."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    question = "Quelles actions développer vers des publics spécifiques ?"
    charter = "\n".join(VEXIN_CHARTER)
    join_code = factory.Sequence(code_number)

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.add(*extracted)
            for facilitator in extracted:  # an animateur works for the process's organisation
                join(facilitator, self.process.organisation)


class StepFactory(factory.django.DjangoModelFactory):
    """A planned step placed after the workshop's last one."""

    class Meta:
        model = Step

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.LazyAttribute(lambda o: o.workshop.steps.count() + 1)
    kind = StepKind.FREE
    title = factory.Sequence(lambda n: f"Séquence {n}")
    minutes = 10


def seed_agenda(workshop) -> list[Step]:
    """The seed's nine steps, written directly (apply_template itself is tested on its own)."""
    return Step.objects.bulk_create(
        StepFactory.build(workshop=workshop, position=position, **fields)
        for position, fields in enumerate(template_steps("co-production"), start=1)
    )


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant who joined from a phone; pass `token=` to know their bearer token."""

    class Meta:
        model = Participant

    class Params:
        token = factory.Sequence(lambda n: f"jeton-participant-{n}")

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    organisation = ""
    token_hash = factory.LazyAttribute(lambda o: hash_secret(o.token))
    charter_accepted_at = factory.LazyFunction(timezone.now)


class MoodVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MoodVote

    participant = factory.SubFactory(ParticipantFactory)
    workshop = factory.SelfAttribute("participant.workshop")
    value = 4


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    workshop = factory.SubFactory(WorkshopFactory)
    text = factory.Sequence(lambda n: f"Proposition numéro {n} pour le territoire")
    normalized = factory.LazyAttribute(lambda o: proposal_text.normalize(o.text))
    source = Proposal.Source.PAPER


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    class Params:
        # The process it enters the catalogue from; without one, the action is another
        # organisation's (a new one), never seen from the processes of the others.
        process = None

    owner = factory.LazyAttribute(
        lambda o: o.process.organisation if o.process is not None else OrganisationFactory()
    )
    origin_process = factory.SelfAttribute("process")
    title = factory.Sequence(lambda n: f"Action existante {n}")
    organisation = "Parc naturel régional du Vexin français"
    description = "Une action qui existe déjà sur le territoire."
    key = factory.LazyAttribute(lambda o: catalogue_text.action_key(o.title, o.organisation))
    search_text = factory.LazyAttribute(
        lambda o: catalogue_text.fold(f"{o.title} {o.organisation} {o.description}")
    )


class LeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lever
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Levier {n}")


class SheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sheet

    workshop = factory.SubFactory(WorkshopFactory)
    number = factory.Sequence(lambda n: n + 1)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    sheet = factory.SubFactory(SheetFactory)
    text = factory.Sequence(lambda n: f"Commentaire {n}")


def make_synthesis(workshop, text, position=1, status=Synthesis.Status.DRAFT, label=None):
    """A synthesis of its own group, labelled « Groupe N » unless `label` is given ("" for a
    group the facilitator left unnamed, as grouping makes them)."""
    label = f"Groupe {position}" if label is None else label
    cluster = Cluster.objects.create(workshop=workshop, label=label, position=position)
    return Synthesis.objects.create(cluster=cluster, text=text, status=status)


# A testimony as a witness says it (the four fields of the form).
SAID = {
    "partners": "La mairie, le centre social",
    "implementation": "Depuis 2021, un minibus deux fois par semaine",
    "content": "Courses au marché de Magny",
    "link_to_problem": "Les personnes sans voiture sortent du village",
}
