"""Writes for plans and reports: one transaction each, every change in the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from styrkedja.analytics import logic
from styrkedja.connectors.base import ObservationRecord, Provenance

from ..areas.models import Area
from ..core import audit
from ..core.models import AuditEntry
from ..core.permissions import is_analyst
from ..indicators.models import Indicator
from ..indicators.services import import_records
from ..strategies.models import Goal, Strategy, Target
from . import actuals, review
from . import plandata as pd
from .models import (
    APPROVED,
    DRAFT,
    EDITABLE_STATES,
    EXPOST3,
    EXPOST5,
    FINAL,
    PROGRESS,
    RETURNED,
    SUBMITTED,
    Activity,
    Initiative,
    Plan,
    Report,
    ReportValue,
)


class PlanRejected(Exception):
    """The plan cannot be stored or moved on; `problems` says why (field id -> message)."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


def plan_for(initiative: Initiative) -> Plan:
    """The plan's state; an unsaved draft when none is stored yet (reading never writes)."""
    return Plan.objects.filter(initiative=initiative).first() or Plan(initiative=initiative)


def _locked_plan(initiative: Initiative) -> Plan:
    Plan.objects.get_or_create(initiative=initiative)
    return Plan.objects.select_for_update().get(initiative=initiative)


def unique_key(model: type[Any], base: str, taken: set[str]) -> str:
    base = slugify(base)[:70].strip("-") or "x"
    key, n = base, 1
    while key in taken or model._default_manager.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


class StaleEdit(PlanRejected):
    """Someone saved the same plan or report after this form was opened."""


def check_version(obj: Plan | Report, opened_at: int | None, model: str, key: str) -> None:
    """Refuse a save from a form opened at an older version, naming who changed it since and what."""
    if opened_at is None or obj.version == opened_at:
        return
    last = AuditEntry.objects.filter(model=model, object_key=key).order_by("-at", "-pk").first()
    who = (last.user.get_full_name() or last.user.get_username()) if last and last.user else _("someone else")
    when = timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M") if last else ""
    changed = sorted({f for e in AuditEntry.objects.filter(at__gte=last.at - dt.timedelta(seconds=5))
                      .filter(user=last.user) for f in e.changes} if last else set())  # fmt: skip
    message = _("%(who)s saved a newer version at %(when)s, after you opened this form; your changes were not "
                "saved. Changed then: %(fields)s. Open the page again to see their version, then make your "
                "changes again.") % {"who": who, "when": when, "fields": ", ".join(changed) or "-"}  # fmt: skip
    raise StaleEdit({"version": message})


# --- Saving a plan -----------------------------------------------------------------------------


@transaction.atomic
def create_initiative(name: str, kind: str, area: Area, strategy: Strategy | None, user: Any) -> Initiative:
    """A new initiative with an empty plan; a project owner (not an analyst) who creates it owns it."""
    key = unique_key(Initiative, name[:60], {"ny", "portfolj", "bevakning", "granska"})
    fields = {"name": name, "kind": kind, "area": area, "strategy": strategy}
    ini = audit.upsert(Initiative, {"key": key}, fields, user)
    if not is_analyst(user):
        audit.set_m2m(ini, "owners", [user], user)
    Plan.objects.create(initiative=ini)
    audit.record(user, "create", "projects.Plan", ini.key, {}, _("plan created"))
    return ini


def _save_links(plan: pd.PlanData, goals: dict[str, Goal], user: Any) -> None:
    """Each goal's links up: to the plan's own main goals (p:) and the region's strategy goals (s:)."""
    # Only goals of the region's strategies (as the form offers them): a goal of another initiative
    # would tie two plans together and could close a cycle in the chain.
    linkable = Goal.objects.filter(key__in=list(pd.strategy_links(plan)), strategy__isnull=False,
                                   strategy__level__in=(Strategy.RUS, Strategy.SUB_STRATEGY))  # fmt: skip
    strategy_goals = {g.key: g for g in linkable}
    for row in plan.goals:
        targets = []
        for link in row.contributes_to:
            kind, ref = link[:2], link[2:]
            target = goals.get(ref) if kind == "p:" else strategy_goals.get(ref)
            if target is None:
                raise PlanRejected({f"g-{row.ref}-contributes": _("%(goal)s is not a goal of the region's "
                                    "strategies; choose one from the list.") % {"goal": ref}})  # fmt: skip
            targets.append(target)
        audit.set_m2m(goals[row.ref], "contributes_to", targets, user)


@transaction.atomic
def save_plan(initiative: Initiative, plan: pd.PlanData, user: Any) -> dict[str, str]:
    """Store the plan's data, goals, targets and activities exactly as given. Returns ref -> stored key."""
    state = _locked_plan(initiative)
    if not state.editable:
        raise PlanRejected({"plan": _("The plan is %(state)s and cannot be changed.") % {
            "state": state.get_state_display()}})  # fmt: skip
    check_version(state, plan.version, "projects.Plan", initiative.key)
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    fields = {
        "name": plan.name, "kind": plan.kind, "owner_organisation": plan.owner_organisation, "contact": plan.contact,
        "start_date": plan.start_date, "end_date": plan.end_date, "budget": plan.budget,
        "funding_source": plan.funding_source, "funding": plan.funding, "description": plan.description,
        **{name: getattr(plan, name) for name in pd.COMPARISON},
    }  # fmt: skip
    audit.upsert(Initiative, {"key": initiative.key}, fields, user)
    initiative.refresh_from_db()
    taken: set[str] = set()
    keys: dict[str, str] = {}
    existing = {g.key: g for g in initiative.goals.all()}
    kept = {g.ref for g in plan.goals}
    for key, goal in existing.items():
        if key not in kept:
            if goal.report_values.exclude(report__state=DRAFT).exists():
                raise PlanRejected({f"g-{key}-formulation": _("Goal %(name)s has reported values and cannot be "
                                                               "removed.") % {"name": goal.name}})  # fmt: skip
            audit.delete(goal, user)
    goals: dict[str, Goal] = {}
    counters = {pd.MAIN: 0, pd.SUB: 0}
    for pos, row in enumerate(plan.goals):
        counters[row.kind] += 1
        word = "huvudmal" if row.kind == pd.MAIN else "delmal"
        key = row.ref if row.ref in existing else unique_key(Goal, f"{initiative.key}-{word}-{counters[row.kind]}",
                                                             taken)  # fmt: skip
        keys[row.ref] = key
        indicator = _indicator_for(row, initiative, user, taken)
        label = _("Main goal %(n)s") if row.kind == pd.MAIN else _("Sub-goal %(n)s")
        name = row.name or row.formulation[:300] or label % {"n": counters[row.kind]}
        goal_fields = {
            "initiative": initiative, "kind": row.kind, "name": name, "formulation": row.formulation,
            "indicator": indicator, "baseline_value": row.baseline_value, "baseline_period": row.baseline_period,
            "baseline_source": row.source, "position": pos,
        }  # fmt: skip
        goals[row.ref] = audit.upsert(Goal, {"key": key}, goal_fields, user)
        _save_target(goals[row.ref], row, indicator, user)
    _save_links(plan, goals, user)
    _save_activities(initiative, plan, goals, keys, user, taken)
    if AuditEntry.objects.filter(pk__gt=last_entry).exists():  # a save that changed nothing keeps the version
        Plan.objects.filter(pk=state.pk).update(version=state.version + 1)
    audit.record(user, "save", "projects.Plan", initiative.key, {}, _("plan saved"))
    ensure_rounds(initiative, user)
    return keys


def _indicator_for(row: pd.GoalRow, initiative: Initiative, user: Any, taken: set[str]) -> Indicator | None:
    if row.indicator == pd.NEW_INDICATOR and row.new_indicator.name:
        draft = row.new_indicator
        key = unique_key(Indicator, f"{initiative.key}-{draft.name}"[:60], taken)
        share = draft.measure_type == "share"
        fields = {
            "name": draft.name, "measure_type": draft.measure_type, "numerator": draft.numerator if share else "",
            "denominator": draft.denominator if share else "",
            "unit": draft.unit or (_("percent of participants") if share else ""), "direction": "higher",
            "decimals": 0, "source_kind": "project", "followup_class": "operations_effects",
            "source_note": _("Reported by the project %(name)s.") % {"name": initiative.name},
        }  # fmt: skip
        indicator: Indicator = audit.upsert(Indicator, {"key": key}, fields, user)
        row.indicator = key
        return indicator
    if not row.indicator:
        return None
    return Indicator.objects.filter(key=row.indicator).first()


def _save_target(goal: Goal, row: pd.GoalRow, indicator: Indicator | None, user: Any) -> None:
    first = goal.targets.order_by("position", "key").first()
    if row.target_value is None or row.target_year is None:
        if first is not None and first.rule in ("share", "level"):
            audit.delete(first, user)
        return
    share = indicator is not None and indicator.measure_type == "share"
    lower = indicator is not None and indicator.direction == "lower"
    fields: dict[str, Any] = {"target_year": row.target_year, "value": row.target_value}
    if first is None or first.rule in ("share", "level"):
        fields.update(rule="share" if share else "level", operator="<=" if lower else ">=")
    key = first.key if first is not None else f"{goal.key}-t1"
    audit.upsert(Target, {"key": key}, {"goal": goal, **fields}, user)


def _save_activities(initiative: Initiative, plan: pd.PlanData, goals: dict[str, Goal], keys: dict[str, str],
                     user: Any, taken: set[str]) -> None:  # fmt: skip
    existing = {a.key: a for a in initiative.activities.all()}
    for key, act in existing.items():
        if key not in {a.ref for a in plan.activities}:
            audit.delete(act, user)
    sub_goal_pks = {goals[g.ref].pk for g in plan.sub_goals}
    for pos, row in enumerate(plan.activities):
        key = row.ref if row.ref in existing else unique_key(Activity, f"{initiative.key}-a{pos + 1}", taken)
        keys[row.ref] = key
        fields = {"initiative": initiative, "name": row.name, "content": row.content, "occasions": row.occasions,
                  "hours_per_occasion": row.hours_per_occasion, "position": pos}  # fmt: skip
        act = audit.upsert(Activity, {"key": key}, fields, user)
        feeds = [goals[g.ref] for g in plan.sub_goals if row.ref in g.activities]
        # Links to goals the plan does not list activities for (main goals) are kept as they are.
        feeds += [g for g in act.feeds.all() if g.pk not in sub_goal_pks]
        audit.set_m2m(act, "feeds", feeds, user)


# --- Plan review ----------------------------------------------------------------------------------


def _set_state(obj: Plan | Report, state: str, user: Any, comment: str = "", *, reviewer: bool) -> None:
    old = obj.state
    obj.state = state
    now = timezone.now()
    if reviewer:
        obj.reviewed_at, obj.reviewed_by, obj.comment = now, user, comment
        update = ["state", "reviewed_at", "reviewed_by", "comment"]
    else:
        obj.submitted_at, obj.submitted_by = now, user
        update = ["state", "submitted_at", "submitted_by"]
    obj.save(update_fields=update)
    key = obj.initiative.key if isinstance(obj, Plan) else str(obj.pk)
    changes: dict[str, Any] = {"state": [old, state]}
    if comment:
        changes["comment"] = [None, comment]
    audit.record(user, {SUBMITTED: "submit", APPROVED: "approve", RETURNED: "return"}[state], obj._meta.label, key,
                 changes, str(obj))  # fmt: skip


def _notify_on_commit(what: str, initiative: Initiative, path: str, user: Any, base_url: str) -> None:
    """E-mail the analysts once the submission is committed (never for a submission that is rolled back)."""
    who = (user.get_full_name() or user.get_username()) if getattr(user, "is_authenticated", False) else ""
    transaction.on_commit(lambda: review.notify_submitted(what, initiative.name, path, who, base_url))


@transaction.atomic
def submit_plan(initiative: Initiative, findings: list[logic.Finding], user: Any, base_url: str = "") -> None:
    plan = _locked_plan(initiative)
    if not plan.editable:
        raise PlanRejected({"plan": _("Only a draft or returned plan can be submitted.")})
    errors = [f for f in findings if f.severity == logic.ERROR]
    if errors:
        raise PlanRejected({"plan": _("The plan has %(n)d logic errors; fix them before submitting.") % {
            "n": len(errors)}})  # fmt: skip
    _set_state(plan, SUBMITTED, user, reviewer=False)
    _notify_on_commit(_("a plan"), initiative, reverse("projects:detail", args=[initiative.key]) + "#review", user,
                      base_url)  # fmt: skip


@transaction.atomic
def review_plan(initiative: Initiative, approve: bool, comment: str, user: Any) -> None:
    plan = _locked_plan(initiative)
    if plan.state != SUBMITTED:
        raise PlanRejected({"plan": _("Only a submitted plan can be reviewed.")})
    if not approve and not comment.strip():
        raise PlanRejected({"comment": _("Say what the owner should change when returning the plan.")})
    _set_state(plan, APPROVED if approve else RETURNED, user, comment.strip(), reviewer=True)


# --- Reporting rounds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    kind: str
    period: str
    due: dt.date


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rounds_for(start: dt.date | None, end: dt.date | None) -> list[Round]:
    """Progress reports for each year before the last, a final report for the last year (due two
    months after the end), and follow-ups 3 and 5 years after the end (due then, for that year)."""
    if start is None or end is None or end < start:
        return []
    out = [Round(PROGRESS, str(year), dt.date(year + 1, 1, 31)) for year in range(start.year, end.year)]
    final_due = end + dt.timedelta(days=61)
    out.append(Round(FINAL, str(end.year), final_due))
    out.append(Round(EXPOST3, str(end.year + 3), _add_years(end, 3)))
    out.append(Round(EXPOST5, str(end.year + 5), _add_years(end, 5)))
    return out


def ensure_rounds(initiative: Initiative, user: Any = None) -> list[Report]:
    """The reports the project period calls for; empty drafts that no longer fit the period are removed."""
    wanted = rounds_for(initiative.start_date, initiative.end_date)
    existing = {(r.kind, r.period): r for r in initiative.reports.all()}
    for r in wanted:
        report = existing.pop((r.kind, r.period), None)
        if report is None:
            report = Report(initiative=initiative, kind=r.kind, period=r.period, due_date=r.due)
            report.save()
            audit.record(user, "create", "projects.Report", str(report.pk),
                         {"kind": [None, r.kind], "period": [None, r.period], "due_date": [None, r.due.isoformat()]},
                         str(report))  # fmt: skip
        elif report.due_date != r.due and report.editable and not report.illustrative:  # demo dates stay
            audit.upsert(Report, {"pk": report.pk}, {"due_date": r.due}, user)
    for stale in existing.values():
        if stale.state == DRAFT and not stale.values.exists() and not stale.narrative:
            audit.delete(stale, user)
    return list(initiative.reports.all())


# --- Reports ---------------------------------------------------------------------------------------


@dataclass
class ValueInput:
    goal: Goal
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def is_share(self) -> bool:
        return bool(self.goal.indicator and self.goal.indicator.measure_type == "share")

    @property
    def share(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return 100.0 * self.numerator / self.denominator


def report_goals(initiative: Initiative) -> list[Goal]:
    """The goals a report gives values for: those with an indicator."""
    return list(
        initiative.goals.filter(indicator__isnull=False).select_related("indicator").order_by("position", "key")
    )


def value_problems(values: list[ValueInput]) -> dict[str, str]:
    problems = {}
    for v in values:
        if v.is_share and v.numerator is not None and v.denominator is not None and v.numerator > v.denominator:
            problems[f"v-{v.goal.key}-numerator"] = _("The number cannot be larger than the total it is a share of")
        if v.is_share and (v.numerator is None) != (v.denominator is None):
            missing = "denominator" if v.denominator is None else "numerator"
            problems[f"v-{v.goal.key}-{missing}"] = _("Enter both numbers: a share needs both counts")
        if v.is_share and v.denominator == 0 and v.numerator is not None:
            problems[f"v-{v.goal.key}-denominator"] = _("The total must be greater than zero")
    return problems


@transaction.atomic
def save_report(report: Report, participants: int | None, narrative: str, values: list[ValueInput], user: Any,
                version: int | None = None, done: list[actuals.ActualInput] | None = None) -> None:  # fmt: skip
    """Store the report's values and what was done per activity (`done`); `version` is the one the form was
    opened at (None: no check)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.editable:
        raise PlanRejected({"report": _("The report is %(state)s and cannot be changed.") % {
            "state": report.get_state_display()}})  # fmt: skip
    check_version(report, version, "projects.Report", str(report.pk))
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    problems = value_problems(values)
    if problems:
        raise PlanRejected(problems)
    audit.upsert(Report, {"pk": report.pk}, {"participants": participants, "narrative": narrative}, user)
    for v in values:
        fields = {"value": None if v.is_share else v.value, "numerator": v.numerator if v.is_share else None,
                  "denominator": v.denominator if v.is_share else None}  # fmt: skip
        if all(x is None for x in fields.values()):
            stale = ReportValue.objects.filter(report=report, goal=v.goal).first()
            if stale is not None:
                audit.delete(stale, user)
            continue
        audit.upsert(ReportValue, {"report": report, "goal": v.goal}, fields, user)
    actuals.save(report, done or [], user)
    if AuditEntry.objects.filter(pk__gt=last_entry).exists():
        Report.objects.filter(pk=report.pk).update(version=report.version + 1)


@transaction.atomic
def submit_report(report: Report, user: Any, base_url: str = "") -> None:
    report = Report.objects.select_for_update().select_related("initiative").get(pk=report.pk)
    if not report.editable:
        raise PlanRejected({"report": _("Only a draft or returned report can be submitted.")})
    if not report.values.exists() and not report.narrative.strip():
        raise PlanRejected({"report": _("Enter at least one value or a narrative before submitting.")})
    _set_state(report, SUBMITTED, user, reviewer=False)
    path = reverse("projects:report", args=[report.initiative.key, report.pk]) + "#review"
    _notify_on_commit(_("a report"), report.initiative, path, user, base_url)


@transaction.atomic
def review_report(report: Report, approve: bool, comment: str, user: Any) -> None:
    """Approve (the values become observations of the goals' indicators) or return with a comment."""
    report = Report.objects.select_for_update().select_related("initiative__area").get(pk=report.pk)
    if report.state != SUBMITTED:
        raise PlanRejected({"report": _("Only a submitted report can be reviewed.")})
    if not approve:
        if not comment.strip():
            raise PlanRejected({"comment": _("Say what the owner should change when returning the report.")})
        _set_state(report, RETURNED, user, comment.strip(), reviewer=True)
        return
    _set_state(report, APPROVED, user, comment.strip(), reviewer=True)
    records = [_observation(report, ind) for ind in _importable(report)]
    if records:
        provenance = Provenance(source="project", location=f"/projekt/{report.initiative.key}/rapport/{report.pk}/",
                                table=f"report {report.pk}", retrieved_at=timezone.now(), format="report",
                                notes=(_("illustrative demo values"),) if report.illustrative else ())  # fmt: skip
        result = import_records(records, provenance, lambda series: series, user=user)
        if result.batch is not None:
            audit.upsert(Report, {"pk": report.pk}, {"batch": result.batch}, user)


# Indicators whose observations project reports may write: the projects' own, and those with no source yet.
# Official statistics (SCB, Kolada, files, computed series) are never overwritten by a project's figures.
REPORTABLE_SOURCES = ("project", "none")


def _importable(report: Report) -> list[Indicator]:
    seen: dict[int, Indicator] = {}
    for v in report.values.select_related("goal__indicator"):
        ind = v.goal.indicator
        if ind is not None and ind.source_kind in REPORTABLE_SOURCES:
            seen.setdefault(ind.pk, ind)
    return list(seen.values())


def _observation(report: Report, indicator: Indicator) -> ObservationRecord:
    """The observation of (indicator, the initiative's area, the year reported) from every approved report.

    Usually one project has the indicator. When several initiatives in the area report on the same
    indicator for the same year, their counts are summed and a share is recomputed from the sums
    (never averaged). Within one report, the first goal with the indicator counts.
    """
    values = (ReportValue.objects.filter(goal__indicator=indicator, report__state=APPROVED,
                                         report__period=report.period, report__initiative__area=report.initiative.area)
              .select_related("report").order_by("report_id", "goal__position", "goal__key"))  # fmt: skip
    per_report: dict[int, ReportValue] = {}
    for v in values:
        per_report.setdefault(v.report_id, v)
    chosen = list(per_report.values())
    illustrative = any(v.report.illustrative for v in chosen)
    if indicator.measure_type == "share":
        pairs = [(v.numerator, v.denominator) for v in chosen if v.numerator is not None and v.denominator]
        num = sum(n for n, _d in pairs) if pairs else None
        den = sum(d for _n, d in pairs) if pairs else None
        value = 100.0 * num / den if num is not None and den else None
    else:
        counts = [v.value for v in chosen if v.value is not None]
        num = den = None
        value = sum(counts) if counts else None
    return ObservationRecord(series=indicator.key, area=report.initiative.area.code, period=report.period,
                             value=value, numerator=num, denominator=den,
                             status="missing" if value is None else ("provisional" if illustrative else "final"),
                             note="illustrative" if illustrative else "")  # fmt: skip


# --- Due list ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    report: Report
    days: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def late(self) -> int:
        return -self.days

    @property
    def expost(self) -> bool:
        return self.report.kind in (EXPOST3, EXPOST5)


def due_reports(today: dt.date, within_days: int = 60, initiatives: Any = None) -> list[Due]:
    """Reports not yet submitted that are overdue or due within `within_days`, plus ex-post follow-ups
    within a year, soonest first."""
    qs = Report.objects.filter(state__in=EDITABLE_STATES).select_related("initiative")
    if initiatives is not None:
        qs = qs.filter(initiative__in=initiatives)
    out = []
    for r in qs.order_by("due_date", "initiative__key"):
        days = (r.due_date - today).days
        horizon = 365 if r.kind in (EXPOST3, EXPOST5) else within_days
        if days <= horizon:
            out.append(Due(r, days))
    return out


# --- Portfolio per strategy goal ------------------------------------------------------------------------


@dataclass
class Contribution:
    initiative: Initiative
    goal: Goal
    via: Goal | None  # the main goal it reaches the strategy goal through (None: directly)
    report: Report | None  # the latest approved report with a value for the goal
    value: ReportValue | None
    target: Target | None

    @property
    def achieved(self) -> float | None:
        if self.value is None:
            return None
        return self.value.share if self.value.numerator is not None else self.value.value

    @property
    def attained(self) -> bool | None:
        """Has the goal reached its target (in the latest approved report)?"""
        if self.achieved is None or self.target is None or self.target.value is None:
            return None
        if self.target.operator in ("<", "<="):
            return self.achieved <= self.target.value
        return self.achieved >= self.target.value


@dataclass
class Aggregate:
    indicator: Indicator
    numerator: float = 0.0
    denominator: float = 0.0
    value: float = 0.0
    initiatives: int = 0

    @property
    def share(self) -> float | None:
        return 100.0 * self.numerator / self.denominator if self.denominator else None


def portfolio(goal: Goal) -> tuple[list[Contribution], list[Aggregate], int]:
    """Initiative goals contributing to `goal` (directly, or through their main goal), with their latest
    approved values; aggregates per indicator from sums of counts; total participants."""
    direct = list(goal.contributors.filter(initiative__isnull=False).select_related("initiative", "indicator"))
    pairs: list[tuple[Goal, Goal | None]] = [(g, None) for g in direct]
    for main in direct:
        for sub in main.contributors.filter(initiative=main.initiative).select_related("initiative", "indicator"):
            pairs.append((sub, main))
    approved: dict[int, ReportValue] = {}
    for v in (ReportValue.objects.filter(goal__in=[g for g, _via in pairs], report__state=APPROVED)
              .select_related("report").order_by("report__period", "report__due_date")):  # fmt: skip
        approved[v.goal_id] = v  # the latest wins
    out: list[Contribution] = []
    aggregates: dict[int, Aggregate] = {}
    for g, via in pairs:
        found = approved.get(g.pk)
        target = g.targets.order_by("position", "key").first()
        assert g.initiative is not None
        out.append(Contribution(g.initiative, g, via, found.report if found else None, found, target))
        if found is not None and g.indicator is not None:
            v = found
            agg = aggregates.setdefault(g.indicator.pk, Aggregate(g.indicator))
            agg.initiatives += 1
            if v.numerator is not None and v.denominator is not None:
                agg.numerator += v.numerator
                agg.denominator += v.denominator
            elif v.value is not None:
                agg.value += v.value
    participants = 0
    latest: dict[int, Report] = {}
    for r in Report.objects.filter(initiative__in={c.initiative.pk for c in out}, state=APPROVED,
                                   participants__isnull=False).order_by("period"):  # fmt: skip
        latest[r.initiative_id] = r
    participants = sum(r.participants or 0 for r in latest.values())
    return out, list(aggregates.values()), participants
