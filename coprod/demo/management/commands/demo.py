import json

from django.core.management.base import BaseCommand

from coprod.demo.services import ensure_demo


class Command(BaseCommand):
    help = "Create the demo (Vexin workshop 4) if it does not exist yet, and say how to reach it."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        demo = ensure_demo()
        if options["json"]:
            self.stdout.write(json.dumps(demo, ensure_ascii=False))
            return
        self.stdout.write(
            f"Atelier de démonstration n° {demo['workshop']} — code {demo['join_code']}\n"
            f"Compte animateur : {demo['facilitator']} / mot de passe : {demo['password']}"
        )
