"""Proposals: the facilitator's page (post-its, people without a phone, moderation; its import
is `import_views`) and the phone's endpoints during the proposals step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from coprod.core.forms import error_text, refusal_text
from coprod.core.params import posted_id
from coprod.core.views import phone_answer
from coprod.participants.models import Participant
from coprod.participants.session import require_participant
from coprod.workshops.access import console_endpoint, console_region, facilitated

from . import services
from .forms import ImportForm, PasteForm, ProposalForm
from .live import phone_panel_context
from .models import Proposal


def manage_page(request, workshop, *, status=200, **forms):
    items = list(workshop.priority_items.all())
    proposals = (
        workshop.proposals.select_related("priority_item", "author")
        .annotate(support_count=Count("supports"))
        .order_by("hidden", "-off_topic", "created_at")
    )
    context = {
        "workshop": workshop,
        "items": items,
        "proposals": proposals,
        "offline_people": workshop.participants.admitted().filter(has_phone=False),
        "paste_form": forms.get("paste_form") or PasteForm(items=items),
        "import_form": forms.get("import_form") or ImportForm(),
        "for_form": forms.get("for_form") or ProposalForm(items=items),
    }
    return render(request, "proposals/manage.html", context, status=status)


@login_required
def manage(request, workshop_id):
    return manage_page(request, facilitated(request, workshop_id))


def _report(request, result) -> None:
    created, duplicates = len(result["created"]), result["duplicates"]
    messages.success(
        request,
        ngettext("%(n)d proposition ajoutée.", "%(n)d propositions ajoutées.", created)
        % {"n": created},
    )
    if duplicates:
        messages.warning(
            request,
            _("Déjà présentes, non ajoutées : %(list)s") % {"list": " ; ".join(duplicates)},
        )


@login_required
@require_POST
def paste(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    form = PasteForm(request.POST, items=list(workshop.priority_items.all()))
    if form.is_valid():
        try:
            result = services.paste_proposals(
                workshop,
                actor=request.user,
                block=form.cleaned_data["block"],
                priority_item=form.cleaned_data["priority_item"],
                client_key=form.cleaned_data["client_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _report(request, result)
            return redirect("proposals:manage", workshop.pk)
    return manage_page(request, workshop, paste_form=form, status=400)


def _add_for(workshop, actor, form, author) -> Proposal:
    """A paper post-it (no `author`) or the proposal of a person without a phone."""
    return services.submit_proposal(
        workshop,
        text_value=form.cleaned_data["text"],
        priority_item=form.cleaned_data["priority_item"],
        author=author,
        actor=actor,
        source=Proposal.Source.PAPER,
        client_key=form.cleaned_data["client_key"],
    )


@login_required
@require_POST
def add_for(request, workshop_id):
    """A proposal said aloud or written on paper by someone without a phone."""
    workshop = facilitated(request, workshop_id)
    form = ProposalForm(request.POST, items=list(workshop.priority_items.all()))
    author = None
    if pk := request.POST.get("author"):
        author = get_object_or_404(Participant, pk=posted_id(pk), workshop=workshop)
    if form.is_valid():
        try:
            _add_for(workshop, request.user, form, author)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Proposition ajoutée."))
            return redirect("proposals:manage", workshop.pk)
    return manage_page(request, workshop, for_form=form, status=400)


@login_required
@require_POST
def moderate(request, workshop_id, proposal_id, action):
    workshop = facilitated(request, workshop_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop=workshop)
    try:
        if action == "masquer":
            services.set_hidden(proposal, actor=request.user, hidden=True)
            messages.success(request, _("Proposition masquée (elle reste enregistrée)."))
        elif action == "afficher":
            services.set_hidden(proposal, actor=request.user, hidden=False)
            messages.success(request, _("Proposition de nouveau affichée."))
        elif action == "item":
            services.relink(proposal, actor=request.user, priority_item=request.POST.get("item"))
            messages.success(request, _("Item de la proposition enregistré."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("proposals:manage", args=[workshop.pk]) + f"#proposal-{proposal.pk}")


# --- The facilitator's console, during the proposals step -------------------------------------


def _console_answer(request, workshop, **message):
    """The console's proposals region again (htmx), or back to the console."""
    return console_region(request, workshop, "proposals/live/console_postits.html", **message)


@console_endpoint()
def console_add(request, workshop):
    """A paper post-it, or a proposal said aloud by a person without a phone."""
    form = ProposalForm(request.POST, items=list(workshop.priority_items.all()))
    author = None
    if pk := request.POST.get("author"):
        author = get_object_or_404(Participant, pk=posted_id(pk), workshop=workshop)
    if not form.is_valid():
        return _console_answer(request, workshop, error=error_text(form))
    try:
        _add_for(workshop, request.user, form, author)
    except ValidationError as error:
        return _console_answer(request, workshop, error=refusal_text(error))
    except PermissionDenied as refusal:  # someone of another workshop, or not admitted
        return _console_answer(request, workshop, error=str(refusal), status=403)
    if author is not None:
        notice = _("Proposition de %(name)s ajoutée.") % {"name": author.name}
    else:
        notice = _("Post-it ajouté.")
    return _console_answer(request, workshop, notice=notice)


@console_endpoint()
def console_hide(request, workshop, proposal_id, hidden):
    """Set a proposal aside (off topic) or show it again; it is kept either way."""
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop=workshop)
    services.set_hidden(proposal, actor=request.user, hidden=hidden)
    if hidden:
        notice = _("Proposition masquée (elle reste enregistrée).")
    else:
        notice = _("Proposition de nouveau affichée.")
    return _console_answer(request, workshop, notice=notice)


# --- On the phone, during the proposals step (what it shows: `proposals.live`) ------------------


@require_POST
def phone_submit(request, workshop_id):
    participant = require_participant(request, workshop_id)
    items = list(participant.workshop.priority_items.all())
    form = ProposalForm(request.POST, items=items)
    if form.is_valid():
        try:
            services.submit_proposal(
                participant.workshop,
                text_value=form.cleaned_data["text"],
                priority_item=form.cleaned_data["priority_item"],
                author=participant,
                client_key=form.cleaned_data["client_key"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            return _phone_answer(request, phone_panel_context(participant, saved=True))
    return _phone_answer(request, phone_panel_context(participant, form=form), status=400)


def _phone_answer(request, context: dict, status: int = 200):
    return phone_answer(
        request, "proposals/_phone_panel.html", context, heading=_("Propositions"), status=status
    )


@require_GET
def phone_similar(request, workshop_id):
    """Proposals close to the draft being typed, and the priority item it seems to serve."""
    participant = require_participant(request, workshop_id)
    draft = request.GET.get("text", "")[: services.TEXT_MAX]
    similar = services.similar_proposals(participant.workshop, draft)
    supported = set(participant.supports.values_list("proposal_id", flat=True))
    # « Hors sujet ? » is for the facilitator alone: the phone only names a likely item.
    item, off_topic = services.closest_item(participant.workshop, draft)
    return render(
        request,
        "proposals/_similar.html",
        {
            "workshop": participant.workshop,
            "similar": similar,
            "supported": supported,
            "closest_item": None if off_topic else item,
        },
    )


@require_POST
def phone_support(request, workshop_id, proposal_id):
    participant = require_participant(request, workshop_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop_id=workshop_id)
    error = None
    try:
        services.support_proposal(proposal, participant=participant)
    except ValidationError as e:
        error = " ".join(e.messages)
    supported = set(participant.supports.values_list("proposal_id", flat=True))
    return render(
        request,
        "proposals/_similar.html",
        {
            "workshop": participant.workshop,
            "similar": [proposal],
            "supported": supported,
            "error": error,
        },
        status=400 if error else 200,
    )
