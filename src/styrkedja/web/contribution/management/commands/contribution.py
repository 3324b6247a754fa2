"""`styrkedja contribution scm|did`: run a contribution analysis, store it and print the result."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styrkedja.analytics.contribution.errors import ContributionInputError

from ... import services


class Command(BaseCommand):
    help = "Synthetic control for a regional outcome (scm) or difference-in-differences for a project (did)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="analysis", required=True)
        scm = sub.add_parser("scm", help="synthetic control with placebos for an indicator and an area")
        scm.add_argument("--indicator", required=True, help="indicator key")
        scm.add_argument("--area", required=True, help="area code (e.g. 07)")
        scm.add_argument("--from", dest="start", type=int, required=True, help="first year of the intervention")
        scm.add_argument("--donors", default="", help="comma-separated area codes (default: all other areas)")
        scm.add_argument("--json", action="store_true", help="print the stored result as JSON")
        did = sub.add_parser("did", help="difference-in-differences from a file of group values per period")
        did.add_argument("--project", required=True, help="project (initiative) key the analysis belongs to")
        did.add_argument("--file", required=True, help="CSV: unit,group,period,value[,cluster]")
        did.add_argument("--from", dest="start", type=int, required=True, help="first period after the start")
        did.add_argument("--json", action="store_true", help="print the stored result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["analysis"] == "scm":
                donors = [d.strip() for d in options["donors"].split(",") if d.strip()]
                run = services.run_scm(options["indicator"], options["area"], options["start"], donors or None)
            else:
                run = services.run_did_file(options["project"], options["file"], options["start"])
        except ContributionInputError as error:
            raise CommandError(f"{error.field}: {error.message}") from error
        if options["json"]:
            self.stdout.write(json.dumps({"run": run.pk, **run.result}, ensure_ascii=False, indent=1))
            return
        reading = run.result.get("reading", {}).get("en", {})
        self.stdout.write(f"run #{run.pk} stored")
        for line in [reading.get("text", ""), *reading.get("warnings", []), reading.get("limits", "")]:
            if line:
                self.stdout.write(line)
