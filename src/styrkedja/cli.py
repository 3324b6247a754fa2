"""The `styrkedja` command: the project's own commands on top of Django's management commands."""

from __future__ import annotations

import os
import sys

# CLI name -> management command. `check` would shadow Django's system check, hence `chaincheck`.
COMMANDS = {
    "init": ("init", "create or upgrade the database (safe to run again)"),
    "demo": ("demo", "set up the Kronoberg demo and serve it (--no-serve to only set it up)"),
    "serve": ("serve", "serve the web application (default 127.0.0.1:8000; ADDRESS or --port to change)"),
    "load": ("load", "validate and load a strategy file (YAML)"),
    "export": ("export", "write the chain as a strategy file (--format yaml)"),
    "check": ("chaincheck", "check the logic of the chain (exit 1 on errors)"),
    "import-data": ("import_data", "import statistics from a file (csv, jsonstat, px, xlsx, kolada)"),
    "worker": ("worker", "do the work queued on the web: imports, synthetic controls (runs beside the web server)"),
    "fetch": ("fetch", "refresh indicators from SCB and Kolada"),
    "export-data": ("export_data", "write all observations as CSV or Excel"),
    "evaluate": ("evaluate", "evaluate every target (status, forecast, probability)"),
    "evaluate-file": (None, "evaluate targets on a file of observations, without a database (--json)"),
    "index": ("index", "build the influence index (påverkansindex) with its rank intervals"),
    "contribution": ("contribution", "synthetic control (scm) or difference-in-differences (did): 'without us?'"),
    "report": ("report", "write the yearly follow-up report (pdf, docx, pptx, xlsx)"),
    "remind": ("remind", "e-mail reminders: reports, assessments and actions that are due"),
    "createuser": ("createuser", "create a user with a role, or change a user's role (--role)"),
    "manage": (None, "any Django management command (migrate, createsuperuser, …)"),
}


def usage() -> str:
    lines = [
        "usage: styrkedja COMMAND [options]   (styrkedja COMMAND --help for its options)",
        "",
        "commands:",
    ]
    lines += [f"  {name:<14} {text}" for name, (_, text) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
    import django
    from django.core.management import execute_from_command_line, get_commands, load_command_class

    name, rest = args[0], args[1:]
    if name == "evaluate-file":  # pure analytics: no Django, no database
        from styrkedja.analytics.evaluate.files import main as evaluate_file

        sys.exit(evaluate_file(rest))
    if name == "manage":
        execute_from_command_line(["styrkedja manage", *rest])
        return
    if name not in COMMANDS:
        print(f"styrkedja: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        sys.exit(2)
    django.setup()
    command = COMMANDS[name][0] or name
    load_command_class(get_commands()[command], command).run_from_argv(["styrkedja", name, *rest])


if __name__ == "__main__":
    main()
