"""The read-only JSON API: areas, indicators, observations, goals, and targets with their latest results.

Same permission model as the pages: signed-in users with a role read everything; anonymous
visitors read only in public mode (settings.PUBLIC_READ), and then only what belongs to published
strategies. Lists are paginated (`?page=N`, 100 per page; `page_size=M` for up to 1000). Errors are
401, 404 and 422, each in the OpenAPI description (errors.py). The OpenAPI description is at
/api/openapi.json and a readable description at /api/docs/.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Schema
from ninja.pagination import PageNumberPagination, paginate

from ..areas.models import Area
from ..core.permissions import can_read
from ..dashboards import queries as q
from ..followup.models import EvaluationResult
from ..indicators.models import Indicator, Observation
from ..influence.models import IndexRun
from ..influence.queries import run_document
from ..strategies.models import Goal, Target
from .errors import document_errors

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def read_access(request: HttpRequest) -> Any:
    """Ninja auth: the user when they may read (a role, or public mode), else None (401)."""
    user = getattr(request, "user", None)
    if user is not None and can_read(user):
        return user if user.is_authenticated else "public"
    return None


class StyrkedjaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        return document_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = StyrkedjaAPI(
    title="Styrkedja API",
    version="1",
    description=(
        "Read-only follow-up data: goals, targets with their latest evaluation, indicators, observations, areas, "
        "follow-up rounds, the influence index and stored contribution analyses."
    ),
    urls_namespace="api",
    docs_url=None,
    auth=read_access,
)


class AreaOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class IndicatorOut(Schema):
    key: str
    name: str
    name_en: str
    unit: str
    measure_type: str
    direction: str
    decimals: int
    periodicity: str
    definition: str
    source_kind: str
    source_spec: dict[str, Any]
    followup_class: str


class ObservationOut(Schema):
    indicator: str = Field(..., alias="indicator_key")
    area: str = Field(..., alias="area_code")
    period: str
    breakdown: str
    value: float | None
    status: str


class GoalOut(Schema):
    key: str
    name: str
    kind: str
    formulation: str
    strategy: str | None
    initiative: str | None
    indicator: str | None
    area: str | None
    contributes_to: list[str]
    followup_class: str


class ResultOut(Schema):
    run_as_of: str
    status: str
    probability: float | None
    latest_period: str
    latest_value: float | None
    data_through: str
    preliminary: bool
    explanation_sv: str
    explanation_en: str


class TargetOut(Schema):
    key: str
    goal: str
    rule: str
    target_year: int
    operator: str
    value: float | None
    base_year: int | None
    benchmark: str
    rank: int | None
    rank_by: str
    text: str
    latest_result: ResultOut | None


def _user(request: HttpRequest) -> Any:
    return request.user


@api.get("/areas", response=list[AreaOut], tags=["areas"])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def areas(request: HttpRequest, level: str | None = None) -> Any:
    """Riket, the counties and the municipalities with their SCB codes."""
    qs = Area.objects.select_related("parent").order_by("code")
    if level:
        qs = qs.filter(level=level)
    return [
        {"code": a.code, "name": a.name, "level": a.level, "parent": a.parent.code if a.parent else None} for a in qs
    ]


def _indicator_out(i: Indicator) -> dict[str, Any]:
    return {
        "key": i.key,
        "name": i.name,
        "name_en": i.name_en,
        "unit": i.unit,
        "measure_type": i.measure_type,
        "direction": i.direction,
        "decimals": i.decimals,
        "periodicity": i.periodicity,
        "definition": i.definition,
        "source_kind": i.source_kind,
        "source_spec": i.source_spec or {},
        "followup_class": i.followup_class,
    }


@api.get("/indicators", response=list[IndicatorOut], tags=["indicators"])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def indicators(request: HttpRequest) -> Any:
    """The indicator catalogue."""
    return [_indicator_out(i) for i in q.visible_indicators(_user(request)).order_by("position", "key")]


@api.get("/indicators/{key}", response=IndicatorOut, tags=["indicators"])
def indicator(request: HttpRequest, key: str) -> Any:
    return _indicator_out(get_object_or_404(q.visible_indicators(_user(request)), key=key))


@api.get("/observations", response=list[ObservationOut], tags=["observations"])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def observations(
    request: HttpRequest,
    indicator: str | None = None,
    area: str | None = None,
    period: str | None = None,
    breakdown: str | None = None,
) -> Any:
    """Observations, filtered by indicator key, area code, period and breakdown (T, K, M)."""
    qs: QuerySet[Observation] = Observation.objects.filter(indicator__in=q.visible_indicators(_user(request)))
    if indicator:
        qs = qs.filter(indicator__key=indicator)
    if area:
        qs = qs.filter(area__code=area)
    if period:
        qs = qs.filter(period=period)
    if breakdown:
        qs = qs.filter(breakdown=breakdown)
    return (
        qs.order_by("indicator__key", "area__code", "breakdown", "period")
        .annotate(indicator_key=F("indicator__key"), area_code=F("area__code"))
        .values("indicator_key", "area_code", "period", "breakdown", "value", "status")
    )


def _goals(request: HttpRequest) -> QuerySet[Goal]:
    return (
        q.visible_goals(_user(request))
        .select_related("strategy", "initiative", "indicator", "area")
        .prefetch_related(Prefetch("contributes_to", queryset=Goal.objects.only("id", "key")))
        .order_by("position", "key")
    )


def _goal_out(g: Goal) -> dict[str, Any]:
    return {
        "key": g.key,
        "name": g.name,
        "kind": g.kind,
        "formulation": g.formulation,
        "strategy": g.strategy.key if g.strategy else None,
        "initiative": g.initiative.key if g.initiative else None,
        "indicator": g.indicator.key if g.indicator else None,
        "area": g.area.code if g.area else None,
        "contributes_to": [c.key for c in g.contributes_to.all()],
        "followup_class": g.followup_class,
    }


@api.get("/goals", response=list[GoalOut], tags=["goals"])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def goals(request: HttpRequest, strategy: str | None = None) -> Any:
    """Goals of strategies and initiatives, with the goals they contribute to (the chain)."""
    qs = _goals(request)
    if strategy:
        qs = qs.filter(strategy__key=strategy)
    return [_goal_out(g) for g in qs]


@api.get("/goals/{key}", response=GoalOut, tags=["goals"])
def goal(request: HttpRequest, key: str) -> Any:
    return _goal_out(get_object_or_404(_goals(request), key=key))


@api.get("/targets", response=list[TargetOut], tags=["targets"])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def targets(request: HttpRequest, goal: str | None = None) -> Any:
    """Targets as typed rules, each with its result in the latest evaluation run (null before the first run)."""
    qs = (
        Target.objects.filter(goal__in=q.visible_goals(_user(request)))
        .select_related("goal")
        .order_by("goal__key", "position", "key")
    )
    if goal:
        qs = qs.filter(goal__key=goal)
    rows = list(qs)
    run = q.latest_run()
    results: dict[int, EvaluationResult] = {}
    if run is not None:
        for r in EvaluationResult.objects.filter(run=run, target_id__in=[t.pk for t in rows]):
            results.setdefault(r.target_id or 0, r)
    out = []
    for t in rows:
        found = results.get(t.pk)
        latest = None
        if found is not None and run is not None:
            r = found
            latest = {
                "run_as_of": run.as_of.isoformat(),
                "status": r.status,
                "probability": r.probability,
                "latest_period": r.latest_period,
                "latest_value": r.latest_value,
                "data_through": r.data_through,
                "preliminary": r.preliminary,
                "explanation_sv": r.explanation_sv,
                "explanation_en": r.explanation_en,
            }
        out.append(
            {
                "key": t.key,
                "goal": t.goal.key,
                "rule": t.rule,
                "target_year": t.target_year,
                "operator": t.operator,
                "value": t.value,
                "base_year": t.base_year,
                "benchmark": t.benchmark,
                "rank": t.rank,
                "rank_by": t.rank_by,
                "text": t.text,
                "latest_result": latest,
            }
        )
    return out


@api.get("/influence-index", tags=["influence"])
def influence_index(request: HttpRequest, strategy: str | None = None) -> Any:
    """The latest stored influence index (påverkansindex) of a visible strategy: the framework with the
    indicators used and left out, and per county the index score, rank, median rank and 5-95 % rank interval,
    each factor's score and rank, and each indicator's value, score, rank and contribution. 404 before the
    first run (`styrkedja index`)."""
    runs = IndexRun.objects.select_related("strategy", "strategy__area").filter(
        strategy__in=q.visible_strategies(_user(request))
    )
    if strategy:
        runs = runs.filter(strategy__key=strategy)
    run = runs.first()
    if run is None:
        raise Http404("no influence index has been computed")
    return run_document(run)


from .rounds import router as rounds_router  # noqa: E402  (the follow-up rounds' endpoints)

api.add_router("/", rounds_router)

from .contribution import router as contribution_router  # noqa: E402  (stored contribution analyses)

api.add_router("/", contribution_router)
