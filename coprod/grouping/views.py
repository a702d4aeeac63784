"""The facilitator's grouping page: group in one click, then move, merge, split, rename, and
write each group's synthesis. Every control is a plain form (keyboard and screen-reader
friendly); drag and drop only fills and submits the same "move" form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coprod.core.forms import refusal_text
from coprod.core.params import posted_id
from coprod.proposals.models import Proposal
from coprod.workshops.access import console_endpoint, console_region, facilitated

from . import services
from .forms import GroupCountForm, RenameForm, SynthesisForm
from .models import Cluster


def _page(request, workshop, *, status=200, invalid=None):
    """The page; `invalid` is (cluster id, form) of a rejected form, shown with what was typed."""
    grouped = services.groups_of(workshop)
    for view in grouped.groups:
        view.rename_form = RenameForm(initial={"label": view.cluster.label}, prefix=view.cluster.pk)
        view.synthesis_form = SynthesisForm(
            initial={"text": view.synthesis.text if view.synthesis else ""}, prefix=view.cluster.pk
        )
        if invalid and invalid[0] == view.cluster.pk:
            setattr(view, invalid[1].form_name, invalid[1])
    context = {
        "workshop": workshop,
        "grouped": grouped,
        "ungrouped": [] if grouped else list(workshop.proposals.visible()),
        "count_form": GroupCountForm(initial={"k": len(grouped.groups) or None}),
    }
    return render(request, "grouping/manage.html", context, status=status)


def _back(workshop, anchor=""):
    return redirect(reverse("grouping:manage", args=[workshop.pk]) + anchor)


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def manage(request, workshop_id):
    return _page(request, facilitated(request, workshop_id))


@login_required
@require_POST
def regroup(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    how = request.POST.get("how", "auto")
    try:
        if how in ("coarser", "finer"):
            groups = services.regroup_step(workshop, actor=request.user, finer=how == "finer")
        else:
            form = GroupCountForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["k"])
            k = form.cleaned_data["k"] if how == "count" else None
            groups = services.auto_group(workshop, actor=request.user, k=k)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("Propositions regroupées : %(n)d groupes à relire.") % {"n": len(groups)}
        )
    return _back(workshop)


@login_required
@require_POST
def move(request, workshop_id, proposal_id):
    workshop = facilitated(request, workshop_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop=workshop)
    to = request.POST.get("to", "")
    target = None
    if to != "new":
        target = get_object_or_404(Cluster, pk=posted_id(to), workshop=workshop)
    try:
        cluster = services.move_proposal(proposal, actor=request.user, to=target)
    except ValidationError as error:
        _error(request, error)
        return _back(workshop, f"#proposal-{proposal.pk}")
    messages.success(request, _("Proposition déplacée dans « %(name)s ».") % {"name": cluster})
    return _back(workshop, f"#proposal-{proposal.pk}")


@login_required
@require_POST
def cluster_action(request, workshop_id, cluster_id, action):
    workshop = facilitated(request, workshop_id)
    cluster = get_object_or_404(
        Cluster.objects.select_related("synthesis"), pk=cluster_id, workshop=workshop
    )
    anchor = f"#group-{cluster.pk}"
    try:
        if action == "renommer":
            form = RenameForm(request.POST, prefix=cluster.pk)
            form.form_name = "rename_form"
            if not form.is_valid():
                return _page(request, workshop, status=400, invalid=(cluster.pk, form))
            services.rename_cluster(cluster, actor=request.user, label=form.cleaned_data["label"])
            messages.success(request, _("Groupe renommé."))
        elif action == "synthese":
            form = SynthesisForm(request.POST, prefix=cluster.pk)
            form.form_name = "synthesis_form"
            if not form.is_valid():
                return _page(request, workshop, status=400, invalid=(cluster.pk, form))
            services.write_synthesis(cluster, actor=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Synthèse enregistrée."))
        elif action == "fusionner":
            into = get_object_or_404(
                Cluster, pk=posted_id(request.POST.get("into")), workshop=workshop
            )
            services.merge_clusters(cluster, into=into, actor=request.user)
            messages.success(request, _("Groupes fusionnés dans « %(name)s ».") % {"name": into})
            anchor = f"#group-{into.pk}"
        elif action == "diviser":
            services.split_cluster(cluster, actor=request.user)
            messages.success(request, _("Groupe scindé en deux."))
        else:
            raise Http404
    except ValidationError as error:
        _error(request, error)
    return _back(workshop, anchor)


# --- The facilitator's console, during the proposals step -------------------------------------


def _console_answer(request, workshop, **message):
    """The console's groups region again (htmx), or back to the console."""
    return console_region(request, workshop, "grouping/live/console_groups.html", **message)


@console_endpoint()
def console_regroup(request, workshop):
    try:
        groups = services.auto_group(workshop, actor=request.user)
    except ValidationError as error:
        return _console_answer(request, workshop, error=refusal_text(error))
    notice = ngettext(
        "Propositions regroupées : %(n)d groupe à relire.",
        "Propositions regroupées : %(n)d groupes à relire.",
        len(groups),
    ) % {"n": len(groups)}
    return _console_answer(request, workshop, notice=notice)


@console_endpoint()
def console_synthesis(request, workshop, cluster_id):
    cluster = get_object_or_404(
        Cluster.objects.select_related("synthesis"), pk=cluster_id, workshop=workshop
    )
    form = SynthesisForm(request.POST)
    if not form.is_valid():
        return _console_answer(request, workshop, error=" ".join(form.errors["text"]))
    try:
        services.write_synthesis(cluster, actor=request.user, text=form.cleaned_data["text"])
    except ValidationError as error:
        return _console_answer(request, workshop, error=refusal_text(error))
    return _console_answer(request, workshop, notice=_("Synthèse enregistrée."))


def _target(workshop, posted) -> Cluster | None:
    """The group a card goes to: a group of this workshop, or None for « Nouveau groupe »."""
    if posted == "new":
        return None
    return get_object_or_404(
        Cluster.objects.select_related("synthesis"), pk=posted_id(posted), workshop=workshop
    )


@console_endpoint()
def console_move(request, workshop, proposal_id):
    """A card dropped on another group, or moved with its « Déplacer vers… » select."""
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop=workshop)
    try:
        cluster = services.move_proposal(
            proposal, actor=request.user, to=_target(workshop, request.POST.get("to", ""))
        )
    except ValidationError as error:
        return _console_answer(request, workshop, error=refusal_text(error))
    notice = _("« %(text)s » est maintenant dans %(group)s.") % {
        "text": Truncator(proposal.text).chars(60),
        "group": cluster.name if not cluster.label else f"{cluster.name} ({cluster.label})",
    }
    return _console_answer(request, workshop, notice=notice, moved=proposal.pk)


@console_endpoint()
def console_split(request, workshop, cluster_id):
    cluster = get_object_or_404(
        Cluster.objects.select_related("synthesis"), pk=cluster_id, workshop=workshop
    )
    try:
        kept, other = services.split_cluster(cluster, actor=request.user)
    except ValidationError as error:
        return _console_answer(request, workshop, error=refusal_text(error))
    notice = _("%(group)s scindé : une partie forme %(new)s.") % {
        "group": kept.name,
        "new": other.name,
    }
    return _console_answer(request, workshop, notice=notice)


@console_endpoint()
def console_label(request, workshop, cluster_id):
    """The facilitator names a group, typing a label or adopting the suggested one."""
    cluster = get_object_or_404(Cluster, pk=cluster_id, workshop=workshop)
    form = RenameForm(request.POST)
    if not form.is_valid():
        return _console_answer(request, workshop, error=" ".join(form.errors["label"]))
    try:
        cluster = services.rename_cluster(
            cluster, actor=request.user, label=form.cleaned_data["label"]
        )
    except ValidationError as error:
        return _console_answer(request, workshop, error=refusal_text(error))
    if cluster.label:
        notice = _("%(group)s s'appelle « %(label)s ».") % {
            "group": cluster.name,
            "label": cluster.label,
        }
    else:
        notice = _("%(group)s n'a plus de nom.") % {"group": cluster.name}
    return _console_answer(request, workshop, notice=notice)
