"""Project pages: initiatives, their plans (form, checks, diagram, Excel), reports, portfolio, due list.

Who may do what is asked of `core.permissions`: everyone with a role reads; owners edit
their own initiatives; analysts edit all and review. Anonymous visitors are sent to log in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..areas.models import Area
from ..core.guards import require
from ..core.models import AuditEntry
from ..core.permissions import can_create_initiative, can_edit_initiative, is_analyst, sees_unpublished
from ..followup.models import EvaluationResult
from ..strategies.models import Goal, Strategy
from . import actuals, excel, history, review
from . import diagram as dg
from . import plandata as pd
from . import services as sv
from .findings import describe_all
from .models import Initiative, Plan, Report

# Project pages show unpublished work: only users with a role read them (core.guards answers the rest).
reader_required = require(sees_unpublished)


def _initiative(key: str) -> Initiative:
    return get_object_or_404(Initiative.objects.select_related("area", "strategy"), key=key)


def _editable(request: HttpRequest, initiative: Initiative) -> Plan:
    if not can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    return sv.plan_for(initiative)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- Lists ------------------------------------------------------------------------------------------


@require_GET
@reader_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = list(Initiative.objects.select_related("strategy", "plan").prefetch_related("owners"))
    for ini in initiatives:
        ini.can_edit = can_edit_initiative(request.user, ini)  # type: ignore[attr-defined]
    return render(request, "projects/list.html", {
        "initiatives": initiatives, "can_create": can_create_initiative(request.user),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@reader_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    if not can_create_initiative(request.user):
        raise PermissionDenied
    areas = Area.objects.filter(code__regex=r"^\d{2}$").order_by("code")
    strategies = Strategy.objects.order_by("position", "key")
    home = Strategy.objects.filter(level=Strategy.RUS).order_by("position", "key").first()  # the region's own area
    values = {"name": "", "kind": Initiative.PROJECT, "area": home.area.code if home else "", "strategy": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        if not values["name"]:
            errors["name"] = _("Enter the initiative's name")
        if values["kind"] not in dict(Initiative.KINDS):
            errors["kind"] = _("Choose a kind of initiative")
        area = Area.objects.filter(code=values["area"]).first()
        if area is None:
            errors["area"] = _("Choose an area")
        strategy = Strategy.objects.filter(key=values["strategy"]).first() if values["strategy"] else None
        if not errors and area is not None:  # no error means an area was found
            ini = sv.create_initiative(values["name"], values["kind"], area, strategy, request.user)
            return redirect("projects:plan", key=ini.key)
    return render(request, "projects/new.html", {
        "areas": areas, "strategies": strategies, "values": values, "errors": errors, "kinds": Initiative.KINDS,
    })  # fmt: skip


# --- One initiative ---------------------------------------------------------------------------------


def _latest_status(goals: list[Goal]) -> dict[int, EvaluationResult]:
    out: dict[int, EvaluationResult] = {}
    for r in EvaluationResult.objects.filter(goal__in=goals).select_related("run").order_by("run__started_at", "id"):
        out[r.goal_id] = r
    return out


@require_GET
@reader_required
def initiative_detail(request: HttpRequest, key: str) -> HttpResponse:
    initiative = _initiative(key)
    plan_state = sv.plan_for(initiative)
    plan = pd.from_db(initiative)
    catalogue = pd.load_catalogue()
    findings = pd.check(plan, initiative.key, catalogue)
    errors, warnings = describe_all(plan, findings)
    goals = list(initiative.goals.select_related("indicator").prefetch_related("targets"))
    status = _latest_status(goals)
    for g in goals:
        g.latest_result = status.get(g.pk)  # type: ignore[attr-defined]
    return render(request, "projects/detail.html", {
        "initiative": initiative, "plan_state": plan_state, "plan": plan, "catalogue": catalogue,
        "goals": goals, "diagram": dg.build(plan, catalogue), "errors": errors, "warnings": warnings,
        "total_hours": pd.total_hours(plan), "reports": initiative.reports.all(),
        "can_edit": can_edit_initiative(request.user, initiative), "is_analyst": is_analyst(request.user),
        "owners": initiative.owners.all(),
    })  # fmt: skip


@require_GET
@reader_required
def initiative_history(request: HttpRequest, key: str) -> HttpResponse:
    initiative = _initiative(key)
    entries = AuditEntry.objects.filter(_history_filter(initiative)).select_related("user")[:500]
    return render(request, "projects/history.html", {"initiative": initiative, "entries": history.rows(entries)})


def _history_filter(initiative: Initiative) -> Any:
    from django.db.models import Q

    goal_keys = list(initiative.goals.values_list("key", flat=True))
    targets = list(initiative.goals.values_list("targets__key", flat=True))
    acts = list(initiative.activities.values_list("key", flat=True))
    reports = [str(pk) for pk in initiative.reports.values_list("pk", flat=True)]
    values = [f"{r}/{g}" for r in reports for g in goal_keys]
    batches = [str(b) for b in initiative.reports.exclude(batch=None).values_list("batch", flat=True)]
    indicators = list(initiative.goals.exclude(indicator=None).filter(indicator__source_kind="project")
                      .values_list("indicator__key", flat=True))  # fmt: skip
    return (
        Q(model="projects.Initiative", object_key=initiative.key)
        | Q(model="projects.Plan", object_key=initiative.key)
        | Q(model="strategies.Goal", object_key__in=goal_keys)
        | Q(model="strategies.Target", object_key__in=[t for t in targets if t])
        | Q(model="projects.Activity", object_key__in=acts)
        | Q(model="projects.Report", object_key__in=reports)
        | Q(model="projects.ReportValue", object_key__in=values)
        | Q(model="indicators.ImportBatch", object_key__in=batches)
        | Q(model="indicators.Indicator", object_key__in=indicators)
    )


# --- The plan form ------------------------------------------------------------------------------------


def _plan_context(request: HttpRequest, initiative: Initiative, plan: pd.PlanData, field_errors: dict[str, str],
                  catalogue: pd.Catalogue, focus: str = "") -> dict[str, Any]:  # fmt: skip
    findings = pd.check(plan, initiative.key, catalogue)
    errors, warnings = describe_all(plan, findings)
    marks: dict[str, Any] = {}
    for shown in errors + warnings:  # each field shows its first finding (errors first) on the field itself
        marks.setdefault(shown.field_id, shown)
    return {
        "initiative": initiative, "plan": plan, "catalogue": catalogue, "field_errors": field_errors, "marks": marks,
        "error_list": [(fid, msg) for fid, msg in field_errors.items()], "errors": errors, "warnings": warnings,
        "total_hours": pd.total_hours(plan), "kinds": Initiative.KINDS, "focus": focus,
        "diagram": dg.build(plan, catalogue), "plan_state": sv.plan_for(initiative),
        "NEW": pd.NEW_INDICATOR,
    }  # fmt: skip


def _apply_action(plan: pd.PlanData, action: str) -> str:
    """Add or remove a row in place; returns the id of the field to focus."""
    if action in ("add-main", "add-sub"):
        ref = plan.new_ref()
        row = pd.GoalRow(ref=ref, kind=pd.MAIN if action == "add-main" else pd.SUB)
        row.raw = {n: "" for n in pd.NUMBER_FIELDS_GOAL}
        if row.kind == pd.SUB and plan.main_goals:
            row.contributes_to = [f"p:{plan.main_goals[0].ref}"]
        plan.goals.append(row)
        return pd.field_id(ref, "formulation")
    if action == "add-activity":
        ref = plan.new_ref()
        plan.activities.append(pd.ActivityRow(ref=ref, raw={n: "" for n in pd.NUMBER_FIELDS_ACTIVITY}))
        return pd.field_id(ref, "name", "a")
    if action.startswith("remove:"):
        ref = action.split(":", 1)[1]
        goal = plan.goal(ref)
        plan.remove(ref)
        if goal is not None:
            return "add-main" if goal.kind == pd.MAIN else "add-sub"
        return "add-activity"
    return ""


@require_http_methods(["GET", "POST"])
@reader_required
def plan_edit(request: HttpRequest, key: str) -> HttpResponse:
    initiative = _initiative(key)
    state = _editable(request, initiative)
    if not state.editable:
        messages.info(request, _("The plan is %(state)s and cannot be changed.") % {"state": state.get_state_display()})
        return redirect("projects:detail", key=key)
    catalogue = pd.load_catalogue()
    if request.method == "GET":
        plan = pd.from_db(initiative)
        if not plan.goals and not plan.activities:  # a new plan starts as the template does
            pd.start_from_template(plan)
        return render(request, "projects/plan_form.html", _plan_context(request, initiative, plan, {}, catalogue))
    plan, field_errors = pd.from_post(request.POST)
    action = request.POST.get("action", "save")
    if action not in ("save", "submit"):
        focus = _apply_action(plan, action)
        context = _plan_context(request, initiative, plan, {}, catalogue, focus)
        template = "projects/_plan_form.html" if _is_htmx(request) else "projects/plan_form.html"
        return render(request, template, context)
    if field_errors:
        context = _plan_context(request, initiative, plan, field_errors, catalogue)
        return render(request, "projects/plan_form.html", context, status=400)
    try:
        sv.save_plan(initiative, plan, request.user)
    except sv.PlanRejected as exc:
        context = _plan_context(request, initiative, plan, exc.problems, catalogue)
        status = 409 if isinstance(exc, sv.StaleEdit) else 400
        return render(request, "projects/plan_form.html", context, status=status)
    if action == "submit":
        return _submit(request, initiative)
    messages.success(request, _("The plan was saved."))
    return redirect("projects:plan", key=key)


@require_POST
@reader_required
def plan_check(request: HttpRequest, key: str) -> HttpResponse:
    """The logic checks of the plan as posted (htmx, while filling in): nothing is stored."""
    initiative = _initiative(key)
    _editable(request, initiative)
    plan, field_errors = pd.from_post(request.POST)
    context = _plan_context(request, initiative, plan, field_errors, pd.load_catalogue())
    return render(request, "projects/_checks.html", context)


def _submit(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    plan = pd.from_db(initiative)
    findings = pd.check(plan, initiative.key, pd.load_catalogue())
    try:
        sv.submit_plan(initiative, findings, request.user, request.build_absolute_uri("/"))
    except sv.PlanRejected as exc:
        for message in exc.problems.values():
            messages.error(request, message)
        return redirect("projects:plan", key=initiative.key)
    messages.success(request, _("The plan was submitted for review."))
    return redirect("projects:detail", key=initiative.key)


@require_POST
@reader_required
def plan_submit(request: HttpRequest, key: str) -> HttpResponse:
    initiative = _initiative(key)
    _editable(request, initiative)
    return _submit(request, initiative)


@require_POST
@reader_required
def plan_review(request: HttpRequest, key: str) -> HttpResponse:
    initiative = _initiative(key)
    if not is_analyst(request.user):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        sv.review_plan(initiative, approve, request.POST.get("comment", ""), request.user)
    except sv.PlanRejected as exc:
        for message in exc.problems.values():
            messages.error(request, message)
    else:
        messages.success(request, _("The plan was approved.") if approve else _("The plan was returned."))
    return redirect("projects:detail", key=key)


# --- Excel ------------------------------------------------------------------------------------------------


@require_GET
@reader_required
def plan_download(request: HttpRequest, key: str) -> HttpResponse:
    initiative = _initiative(key)
    content = excel.write_workbook(pd.from_db(initiative), pd.load_catalogue())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="projektplan-{initiative.key}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@reader_required
def plan_upload(request: HttpRequest, key: str) -> HttpResponse:
    initiative = _initiative(key)
    state = _editable(request, initiative)
    problems: list[excel.Problem] = []
    if request.method == "POST":
        upload = request.FILES.get("workbook")
        if upload is None:
            problems = [excel.Problem("", "", _("Choose an Excel file (.xlsx) to upload"))]
        elif not state.editable:
            problems = [excel.Problem("", "", _("The plan is %(state)s and cannot be changed.") % {
                "state": state.get_state_display()})]  # fmt: skip
        elif upload.size is not None and upload.size > settings.STYRKEDJA_MAX_UPLOAD_BYTES:
            limit = settings.STYRKEDJA_MAX_UPLOAD_BYTES // (1024 * 1024)
            problems = [
                excel.Problem(
                    "",
                    "",
                    _(
                        "The file is larger than %(limit)s MB; a plan workbook is far "
                        "smaller. Check that you chose the right file."
                    )
                    % {"limit": limit},
                )
            ]
            return render(request, "projects/upload.html", {"initiative": initiative, "problems": problems}, status=413)
        else:
            catalogue = pd.load_catalogue()
            plan, problems = excel.read_and_check(upload.read(), catalogue, initiative.key)
            if not problems and plan is not None:
                try:
                    sv.save_plan(initiative, plan, request.user)
                except sv.PlanRejected as exc:
                    problems = [excel.Problem("", "", m) for m in exc.problems.values()]
                else:
                    messages.success(request, _("The workbook was read and the plan saved."))
                    return redirect("projects:detail", key=key)
    status = 400 if problems else 200
    return render(request, "projects/upload.html", {"initiative": initiative, "problems": problems}, status=status)


# --- Reports -------------------------------------------------------------------------------------------


def _report(initiative: Initiative, pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("initiative"), initiative=initiative, pk=pk)


def _value_inputs(report: Report, data: Any = None) -> tuple[list[sv.ValueInput], dict[str, str]]:
    stored = {v.goal_id: v for v in report.values.all()}
    errors: dict[str, str] = {}
    out = []
    for goal in sv.report_goals(report.initiative):
        v = sv.ValueInput(goal)
        s = stored.get(goal.pk)
        for name in ("value", "numerator", "denominator"):
            fid = f"v-{goal.key}-{name}"
            if data is None:
                number = getattr(s, name) if s else None
                setattr(v, name, number)
                v.raw[name] = pd.fmt_number(number)
                continue
            text = str(data.get(fid, "")).strip()
            v.raw[name] = text
            if text:
                try:
                    number = pd.parse_number(text)
                    if number < 0:
                        raise ValueError(text)
                    setattr(v, name, number)
                except ValueError:
                    errors[fid] = _("Enter a number of zero or more, like 12")
        out.append(v)
    return out, errors


@dataclass
class _ReportForm:
    values: list[sv.ValueInput]
    done: list[actuals.ActualInput]
    errors: dict[str, str]
    participants_raw: str
    narrative: str
    participants: int | None = None


def _stored_report(report: Report) -> _ReportForm:
    values, errors = _value_inputs(report)
    done, _none = actuals.inputs(report)
    return _ReportForm(values, done, errors, pd.fmt_number(report.participants), report.narrative)


def _posted_report(report: Report, data: Any) -> _ReportForm:
    values, errors = _value_inputs(report, data)
    done, done_errors = actuals.inputs(report, data)
    form = _ReportForm(values, done, {**errors, **done_errors}, data.get("participants", "").strip(),
                       data.get("narrative", "").strip())  # fmt: skip
    if form.participants_raw:
        try:
            form.participants = pd.parse_count(form.participants_raw)
        except ValueError:
            form.errors["participants"] = pd.number_error("count")
    form.errors.update(sv.value_problems(values) if not form.errors else {})
    return form


@require_http_methods(["GET", "POST"])
@reader_required
def report_detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    initiative = _initiative(key)
    report = _report(initiative, pk)
    can_edit = can_edit_initiative(request.user, initiative) and report.editable
    form = _stored_report(report)
    stale = False
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = _posted_report(report, request.POST)
        if not form.errors:
            try:
                version = request.POST.get("version", "")
                opened = int(version) if version.isdigit() and len(version) < 10 else None
                sv.save_report(report, form.participants, form.narrative, form.values, request.user, opened, form.done)
            except sv.PlanRejected as exc:
                form.errors = exc.problems
                stale = isinstance(exc, sv.StaleEdit)
            else:
                if request.POST.get("action") == "submit":
                    return _report_submit(request, initiative, report)
                messages.success(request, _("The report was saved."))
                return redirect("projects:report", key=key, pk=pk)
    plan = pd.from_db(initiative)
    catalogue = pd.load_catalogue()
    return render(request, "projects/report.html", {
        "initiative": initiative, "report": report, "values": form.values, "done": form.done,
        "field_errors": form.errors, "error_list": list(form.errors.items()),
        "participants_raw": form.participants_raw, "narrative": form.narrative, "can_edit": can_edit,
        "is_analyst": is_analyst(request.user), "diagram": dg.build(plan, catalogue),
        "form_version": request.POST.get("version", "") if stale else report.version,
    }, status=409 if stale else 400 if form.errors else 200)  # fmt: skip


def _report_submit(request: HttpRequest, initiative: Initiative, report: Report) -> HttpResponse:
    try:
        sv.submit_report(report, request.user, request.build_absolute_uri("/"))
    except sv.PlanRejected as exc:
        for message in exc.problems.values():
            messages.error(request, message)
    else:
        messages.success(request, _("The report was submitted for review."))
    return redirect("projects:report", key=initiative.key, pk=report.pk)


@require_POST
@reader_required
def report_submit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    initiative = _initiative(key)
    report = _report(initiative, pk)
    if not can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    return _report_submit(request, initiative, report)


@require_POST
@reader_required
def report_review(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    initiative = _initiative(key)
    report = _report(initiative, pk)
    if not is_analyst(request.user):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        sv.review_report(report, approve, request.POST.get("comment", ""), request.user)
    except sv.PlanRejected as exc:
        for message in exc.problems.values():
            messages.error(request, message)
    else:
        messages.success(request, _("The report was approved.") if approve else _("The report was returned."))
    return redirect("projects:report", key=key, pk=pk)


# --- The analysts' review queue -----------------------------------------------------------------------------


@require_GET
@reader_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_analyst(request.user):
        raise PermissionDenied
    return render(request, "projects/review_queue.html", {"waiting": review.review_queue()})


# --- Portfolio and due list -------------------------------------------------------------------------------


@require_GET
@reader_required
def portfolio_index(request: HttpRequest) -> HttpResponse:
    goals = (Goal.objects.filter(strategy__isnull=False, contributors__initiative__isnull=False)
             .select_related("strategy").distinct().order_by("strategy__position", "position", "key"))  # fmt: skip
    return render(request, "projects/portfolio_index.html", {"goals": goals})


@require_GET
@reader_required
def portfolio_goal(request: HttpRequest, goal_key: str) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.select_related("strategy", "indicator"), key=goal_key,
                             strategy__isnull=False)  # fmt: skip
    contributions, aggregates, participants = sv.portfolio(goal)
    return render(request, "projects/portfolio_goal.html", {
        "goal": goal, "contributions": contributions, "aggregates": aggregates, "participants": participants,
    })  # fmt: skip


@require_GET
@reader_required
def due_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    mine = request.GET.get("mine") == "1"
    initiatives = Initiative.objects.filter(owners=request.user.pk) if mine else None
    due = sv.due_reports(today, initiatives=initiatives)
    return render(request, "projects/due.html", {"due": due, "today": today, "mine": mine})
