"""`coprod purge [--dry-run] [--process ID]`: pseudonymise the participants of the processes
past their retention (coprod/privacy/purge.py). The worker runs it once a day
(coprod/jobs/daily.py); this command is for seeing what it would do, or doing it now."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.processes.models import Process

from ... import services


class Command(BaseCommand):
    help = "Pseudonymise the participants of the processes past their retention."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, write nothing"
        )
        parser.add_argument("--process", type=int, help="only this process (its id)")

    def handle(self, *args, dry_run, process, **options):
        if process is not None and not Process.objects.filter(pk=process).exists():
            raise CommandError(_("Aucune démarche n'a le numéro %(id)s.") % {"id": process})
        plans = services.purge_due(process_id=process, dry_run=dry_run)
        if not plans:
            self.stdout.write(_("Aucune donnée personnelle n'a dépassé sa durée de conservation."))
            return
        if dry_run:
            self.stdout.write(_("Simulation : rien n'est modifié."))
        for plan in plans:
            self.stdout.write(
                _(
                    "Démarche « %(title)s » (n° %(id)d) : restitution le %(restitution)s, "
                    "conservation jusqu'au %(due)s."
                )
                % {
                    "title": plan.process.title,
                    "id": plan.process.pk,
                    "restitution": date_format(plan.restitution, "j F Y"),
                    "due": date_format(plan.due, "j F Y"),
                }
            )
            for item in plan.workshops:
                people = ngettext("%(n)d participant", "%(n)d participants", item.participants) % {
                    "n": item.participants
                }
                ballots = ngettext("%(n)d bulletin", "%(n)d bulletins", item.ballots) % {
                    "n": item.ballots
                }
                line = (
                    _(
                        "  Atelier « %(title)s » : %(people)s à pseudonymiser, %(ballots)s à "
                        "détacher de leur votant."
                    )
                    if dry_run
                    else _(
                        "  Atelier « %(title)s » : %(people)s pseudonymisés, %(ballots)s "
                        "détachés de leur votant."
                    )
                )
                self.stdout.write(
                    line % {"title": item.workshop.title, "people": people, "ballots": ballots}
                )
        total = sum(len(p.workshops) for p in plans)
        summary = (
            ngettext("%(n)d atelier serait purgé.", "%(n)d ateliers seraient purgés.", total)
            if dry_run
            else ngettext("%(n)d atelier purgé.", "%(n)d ateliers purgés.", total)
        )
        self.stdout.write(summary % {"n": total})
