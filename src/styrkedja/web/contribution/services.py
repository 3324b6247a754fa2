"""Running and storing contribution analyses: one transaction and an audit entry per run.

Bad input (`ContributionInputError`) is raised before anything is written, so a failed run leaves
the database as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from styrkedja.analytics.contribution.analysis import analyse
from styrkedja.analytics.contribution.did_analysis import analyse_did, parse_rows
from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import Panel, check_design
from styrkedja.analytics.contribution.synthetic_control import Design, Predictor

from ..areas.models import Area
from ..core import audit
from ..indicators.models import Indicator
from ..projects.models import Initiative
from ..projects.plandata import COMPARISON
from ..strategies.models import Goal
from .data import complete_span, county_panel, covariate
from .models import ContributionRun, ScmJob

STARTS = 6
SEED = 0


def set_published(run: ContributionRun, published: bool, user: Any) -> ContributionRun:
    """Publish a stored run (or withdraw it): one transaction, who and when in the run and the audit log."""
    with transaction.atomic():
        locked = ContributionRun.objects.select_for_update().get(pk=run.pk)
        if locked.published == published:
            return locked  # publishing twice keeps the first date
        before = locked.published_at.isoformat() if locked.published_at else None
        locked.published_at = timezone.now() if published else None
        locked.published_by = user if published and getattr(user, "pk", None) else None
        locked.save(update_fields=["published_at", "published_by"])
        after = locked.published_at.isoformat() if locked.published_at else None
        action = "publish" if published else "withdraw"
        audit.record(user, action, "contribution.ContributionRun", str(run.pk), {"published_at": [before, after]})
    return locked


def _indicator(key: str) -> Indicator:
    found = Indicator.objects.filter(key=key).first()
    if found is None:
        raise ContributionInputError("indicator", f"no indicator with the key {key}")
    return found


def _area(code: str) -> Area:
    found = Area.objects.filter(code=code).first()
    if found is None:
        raise ContributionInputError("area", f"no area with the code {code}")
    return found


@dataclass(frozen=True)
class ScmInputs:
    """A synthetic control's checked inputs: everything `analyse` needs and what the run stores."""

    indicator: Indicator
    area: Area
    panel: Panel
    design: Design
    names: dict[str, str]
    parameters: dict[str, Any]
    inputs: dict[str, Any]


def prepare_scm(
    indicator_key: str,
    area_code: str,
    start_year: int,
    donors: Sequence[str] | None = None,
    predictors: Sequence[str] | None = None,
) -> ScmInputs:
    """Read and check a synthetic control's data (quick: no fitting); ContributionInputError names what is
    wrong. Without `predictors` the outcome-only variant; with a list (other indicators' keys) the classic
    variant with predictors and the nested V/W search (`_predictors`)."""
    indicator = _indicator(indicator_key)
    area = _area(area_code)
    panel, names = county_panel(indicator, area)
    if area.code not in panel.units:
        raise ContributionInputError("area", f"{area.name} has no values for this indicator")
    pool = [u for u in panel.units if u != area.code] if not donors else list(dict.fromkeys(donors))
    unknown = [d for d in pool if d not in panel.units]
    if unknown:
        raise ContributionInputError("donors", f"no values for {', '.join(unknown)}")
    used = complete_span(panel, [area.code, *(d for d in pool if d != area.code)])
    chosen: tuple[Predictor, ...] = ()
    if predictors is not None:
        used, chosen = _predictors(used, area, start_year, [k for k in predictors if k != indicator.key])
    design = Design(area.code, tuple(d for d in pool if d != area.code), start_year, chosen, starts=STARTS, seed=SEED)
    check_design(used, design.treated, design.donors, start_year)
    parameters = {"method": design.method, "start_year": start_year, "donors": list(design.donors)}
    inputs: dict[str, Any] = {"units": list(used.units), "years": list(used.years), "values": used.outcome.tolist()}
    if chosen:
        parameters["predictors"] = [{"variable": p.variable, "years": list(p.years)} for p in chosen]
        inputs["variables"] = {k: m.tolist() for k, m in used.variables.items()}
    return ScmInputs(indicator, area, used, design, names, parameters, inputs)


def run_scm(
    indicator_key: str,
    area_code: str,
    start_year: int,
    donors: Sequence[str] | None = None,
    goal: Goal | None = None,
    user: Any = None,
    predictors: Sequence[str] | None = None,
    on_stored: Callable[[ContributionRun], None] | None = None,
) -> ContributionRun:
    """Synthetic control for one area with placebos (see `prepare_scm`); stored with its inputs.
    `on_stored(run)` runs inside the storing transaction (a job marks itself done with the run)."""
    given = prepare_scm(indicator_key, area_code, start_year, donors, predictors)
    result = analyse(given.panel, given.design, given.names, decimals=given.indicator.decimals)
    with transaction.atomic():
        run = ContributionRun.objects.create(
            kind=ContributionRun.SCM,
            indicator=given.indicator,
            area=given.area,
            goal=goal,
            parameters=given.parameters,
            inputs=given.inputs,
            result=result,
            user=user if getattr(user, "pk", None) else None,
        )
        audit.record(user, "create", "contribution.ContributionRun", str(run.pk), {"parameters": given.parameters})
        if on_stored is not None:
            on_stored(run)
    return run


def queue_scm(
    goal: Goal, area_code: str, start_year: int, donors: Sequence[str], predictors: Sequence[str] | None, user: Any
) -> ScmJob:
    """Check a synthetic control's inputs now and queue the fitting for `styrkedja worker`."""
    if goal.indicator is None:
        raise ContributionInputError("indicator", f"the goal {goal.key} has no indicator")
    prepare_scm(goal.indicator.key, area_code, start_year, donors, predictors)
    arguments = {"indicator_key": goal.indicator.key, "area_code": area_code, "start_year": start_year,
                 "donors": list(donors), "predictors": None if predictors is None else list(predictors)}  # fmt: skip
    with transaction.atomic():
        job = ScmJob.objects.create(
            goal=goal, arguments=arguments, created_by=user if getattr(user, "pk", None) else None
        )
        audit.record(user, "queue", "contribution.ScmJob", str(job.pk), {"arguments": arguments})
    return job


def _predictors(
    panel: Panel, area: Area, start_year: int, covariates: list[str]
) -> tuple[Panel, tuple[Predictor, ...]]:
    """The predictor variant's inputs: the outcome's mean over the pre-period and its last pre-year value
    (the usual lagged outcomes), and each covariate's mean over the pre-period years it has."""
    pre = tuple(y for y in panel.years if y < start_year)
    if not pre:
        raise ContributionInputError("start_year", f"{start_year}: no years before it in the data")
    chosen = [Predictor("outcome", pre), Predictor("outcome", (pre[-1],))]
    variables = {}
    for key in dict.fromkeys(covariates):
        matrix = covariate(_indicator(key), area, panel)
        lacking = [u for i, u in enumerate(panel.units) if not any(np.isfinite(matrix[i, : len(pre)]))]
        if lacking:
            raise ContributionInputError("predictors", f"{key}: no values before {start_year} for {', '.join(lacking)}")
        variables[key] = matrix
        chosen.append(Predictor(key, pre))
    return Panel(panel.units, panel.years, panel.outcome, variables), tuple(chosen)


def planned_comparison(project_key: str) -> dict[str, str]:
    """The comparison group the project's plan states (empty texts: none planned), kept with each run so a
    stored run says what it compared even after the plan changes."""
    row = Initiative.objects.filter(key=project_key).values(*COMPARISON).first() or {}
    return {name.removeprefix("comparison_"): row.get(name, "") for name in COMPARISON}


def run_did_file(project_key: str, path: str, start: int, user: Any = None) -> ContributionRun:
    """Difference-in-differences from a CSV file of unit, group, period, value[, cluster]."""
    file = Path(path)
    if not file.is_file():
        raise ContributionInputError("file", f"{path} does not exist")
    return run_did_text(project_key, file.name, file.read_text(encoding="utf-8-sig"), start, user)


def run_did_text(project_key: str, name: str, text: str, start: int, user: Any = None) -> ContributionRun:
    """Difference-in-differences from CSV text (an upload); stored with its rows, nothing stored on error."""
    if not Initiative.objects.filter(key=project_key).exists():
        raise ContributionInputError("project", f"no project with the key {project_key}")
    reader = csv.DictReader(io.StringIO(text))
    missing = {"unit", "group", "period", "value"} - set(reader.fieldnames or [])
    if missing:
        raise ContributionInputError("file", f"{name}: missing columns {', '.join(sorted(missing))}")
    rows = parse_rows(list(reader), name)
    result = analyse_did(rows, start)
    parameters: dict[str, Any] = {"start": start, "file": name, "comparison": planned_comparison(project_key)}
    inputs = {"rows": [[r.unit, int(r.treated), r.period, r.value, r.cluster] for r in rows]}
    with transaction.atomic():
        run = ContributionRun.objects.create(
            kind=ContributionRun.DID,
            project_key=project_key,
            parameters=parameters,
            inputs=inputs,
            result=result,
            user=user if getattr(user, "pk", None) else None,
        )
        audit.record(user, "create", "contribution.ContributionRun", str(run.pk), {"parameters": parameters})
    return run
