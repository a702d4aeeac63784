"""Personal data pages: the full notice, a phone's « Mes données », a facilitator's answer to
one person's request, and an organisation's record of processing and audit log."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coprod.core.params import posted_id
from coprod.organisations.models import Organisation
from coprod.participants import ratelimit
from coprod.participants.models import Participant
from coprod.participants.session import session_member
from coprod.workshops.access import facilitated

from . import record, rights
from .forms import SearchForm
from .models import AuditEntry
from .notice import notice_for

JOURNAL_ROWS = 200


def _refused(request, message, status=403):
    return render(request, "core/refused.html", {"message": message}, status=status)


def refusing(view):
    """The view's PermissionDenied becomes a page saying why in French (status 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return _refused(request, str(refusal))

    return wrapped


def _json_download(data, filename: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def notice(request, code):
    """The full information notice, one tap from the join page."""
    try:
        workshop = ratelimit.workshop_for_code(request, code)
    except ratelimit.TooManyTries as error:
        return _refused(request, str(error), 429)
    except ValidationError:
        raise Http404 from None
    back = reverse("participants:join", args=[workshop.join_code])
    context = {"workshop": workshop, "notice": notice_for(workshop), "back": back}
    return render(request, "privacy/notice.html", context)


def _me(request, workshop_id) -> Participant | None:
    participant = session_member(request.session, workshop_id)
    if participant is None or not participant.is_admitted:
        return None
    return participant


@require_GET
def my_data(request, workshop_id):
    """What coprod holds about the phone's participant, while the session lasts."""
    participant = _me(request, workshop_id)
    if participant is None:
        return redirect("home")
    context = {
        "me": participant,
        "workshop": participant.workshop,
        "data": rights.holdings(participant, own=True),
        "notice": notice_for(participant.workshop),
    }
    return render(request, "privacy/my_data.html", context)


@require_GET
def my_data_json(request, workshop_id):
    participant = _me(request, workshop_id)
    if participant is None:
        return redirect("home")
    return _json_download(rights.holdings(participant, own=True), "mes-donnees-coprod.json")


def _led(request, workshop_id):
    if posted_id(workshop_id) == 0:  # too long for the database's integers: no such workshop
        raise Http404
    return facilitated(request, workshop_id, perm=rights.PERM)


@login_required
@require_GET
@refusing
def people(request, workshop_id):
    """Find one participant of the workshop by name."""
    workshop = _led(request, workshop_id)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = rights.find(request.user, workshop, query) if not form.errors else []
    context = {"workshop": workshop, "form": form, "found": found, "query": query}
    return render(request, "privacy/people.html", context, status=400 if form.errors else 200)


def _person(request, workshop_id, participant_id):
    workshop = _led(request, workshop_id)
    try:
        return workshop, rights.participant_of(request.user, workshop, posted_id(participant_id))
    except Participant.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
@refusing
def person(request, workshop_id, participant_id):
    workshop, participant = _person(request, workshop_id, participant_id)
    context = {"workshop": workshop, "person": participant, "data": rights.holdings(participant)}
    return render(request, "privacy/person.html", context)


@login_required
@require_POST
@refusing
def export(request, workshop_id, participant_id):
    workshop, participant = _person(request, workshop_id, participant_id)
    data = rights.export(request.user, workshop, participant.pk)
    return _json_download(data, f"donnees-participant-{participant.pk}.json")


def _name_erased(n, alias):
    return ngettext(
        "Le nom est remplacé par « %(alias)s » (%(n)d élément modifié).",
        "Le nom est remplacé par « %(alias)s » (%(n)d éléments modifiés).",
        n,
    ) % {"alias": alias, "n": n}


def _texts_erased(n, alias):
    return ngettext(
        "Textes effacés : %(n)d élément modifié.", "Textes effacés : %(n)d éléments modifiés.", n
    ) % {"n": n}


ERASURES = {
    "nom": (rights.erase_name, _name_erased),
    "textes": (rights.erase_texts, _texts_erased),
}


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def erase(request, workshop_id, participant_id, what):
    """Confirm (GET), then erase (POST) a person's name or free texts."""
    if what not in ERASURES:
        raise Http404
    erase_service, said = ERASURES[what]
    workshop, participant = _person(request, workshop_id, participant_id)
    if request.method == "GET":
        context = {"workshop": workshop, "person": participant, "what": what}
        return render(request, "privacy/confirm.html", context)
    changed = erase_service(request.user, workshop, participant.pk)
    if changed:
        messages.success(request, said(changed, rights.pseudonym(participant)))
    else:
        messages.info(request, _("Rien à effacer : c'était déjà fait."))
    return redirect("privacy:person", workshop.pk, participant.pk)


def _administered(request, slug) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied(
            _("Seuls les administrateurs de cette organisation peuvent faire cela.")
        )
    return organisation


@login_required
@require_GET
@refusing
def organisation(request, slug):
    """The organisation's record of processing and its log of acts on personal data."""
    organisation = _administered(request, slug)
    entries = AuditEntry.objects.filter(organisation=organisation)[:JOURNAL_ROWS]
    return render(
        request,
        "privacy/organisation.html",
        {"organisation": organisation, "entries": entries, "limit": JOURNAL_ROWS},
    )


@login_required
@require_POST
@refusing
def record_download(request, slug):
    organisation = _administered(request, slug)
    content = record.download(request.user, organisation)
    response = HttpResponse(content, content_type=record.MIME)
    response["Content-Disposition"] = f'attachment; filename="registre-{organisation.slug}.ods"'
    return response


@login_required
@require_GET
def organisations(request):
    """The organisations whose personal data `request.user` answers for."""
    mine = [
        o
        for o in Organisation.objects.filter(memberships__user=request.user).distinct()
        if request.user.has_perm("organisations.change_organisation", o)
    ]
    if request.user.is_superuser:
        mine = list(Organisation.objects.all())
    return render(request, "privacy/organisations.html", {"organisations": mine})
