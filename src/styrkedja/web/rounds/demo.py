"""The demo's follow-up rounds: two real rounds of the regional development strategy.

The earlier round is evaluated on the data current at an earlier date (`EARLIER_AS_OF`: before the
shipped population and employment vintages were retrieved), the later one on today's data, so both
rounds' statuses are what the engine computed then. The assessments, actions, knowledge needs and
lessons are examples and say so in their text ("Illustrativt exempel").
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ..followup.evaluation import run_evaluation
from ..followup.models import EvaluationRun, Round
from ..strategies.models import Strategy
from . import services

# A year before the later round: the 2025 targets were still running then (forecast statuses), while
# from 2026 on they are over but unpublished ("ej känt ännu"), so the status history shows a change.
EARLIER_AS_OF = dt.date(2025, 3, 25)
MARK = "Illustrativt exempel: "
NEEDS = ("off_track", "at_risk", "not_met")
NOT_YET_KNOWN = "not_yet_known"
LIKELY = 0.7  # the engine's default upper threshold: below it a forecast status would be at risk or worse


def _analyst() -> User | None:
    return User.objects.filter(username="analytiker").first()


@transaction.atomic
def ensure_demo_rounds() -> list[str]:
    """Create the demo's rounds once (idempotent); returns their names."""
    strategy = Strategy.objects.filter(level=Strategy.RUS).order_by("position", "key").first()
    if strategy is None:
        return []
    user = _analyst()
    if not Round.objects.filter(strategy=strategy).exists():
        earlier = run_evaluation(EARLIER_AS_OF).run
        current = run_evaluation().run  # the latest run again: pages read the latest
        assert earlier is not None and current is not None
        _round(strategy, EARLIER_AS_OF.year - 1, earlier, user, correction=False)
        _round(strategy, current.as_of.year, current, user, correction=True)
    sub = Strategy.objects.filter(parent=strategy).order_by("position", "key").first()
    latest = EvaluationRun.objects.filter(finished_at__isnull=False).order_by("-started_at", "-id").first()
    if sub is not None and latest is not None and not Round.objects.filter(strategy=sub).exists():
        today = timezone.localdate()
        name = f"Uppföljning {latest.as_of.year} – {sub.short_name or sub.name}"
        due, forum = today + dt.timedelta(days=14), today + dt.timedelta(days=60)
        r = services.create_round(sub, latest.as_of.year, user, name=name, assessments_due=due, forum_on=forum)
        services.freeze_round(r, latest, user)
    return list(Round.objects.order_by("strategy__position", "year").values_list("name", flat=True))


def _round(strategy: Strategy, year: int, run: EvaluationRun, user: User | None, correction: bool) -> Round:
    day = run.as_of
    r = services.create_round(
        strategy, year, user, data_due=day, assessments_due=day + dt.timedelta(days=21),
        forum="spring" if day.month < 7 else "autumn", forum_on=day + dt.timedelta(days=35),
        report_due=day + dt.timedelta(days=60), publish_on=day + dt.timedelta(days=70),
    )  # fmt: skip
    services.freeze_round(r, run, user)
    flagged = list(r.statuses.filter(status__in=NEEDS).select_related("goal").order_by("goal__position"))
    # A target year over but unpublished is "not known yet", never at risk; the illustrative assessments
    # then go to the goals whose outcome is likely missed (a probability below the at-risk threshold).
    likely_missed = run.results.filter(status=NOT_YET_KNOWN, probability__lt=LIKELY).values_list("goal_id", flat=True)
    flagged += list(
        r.statuses.filter(status=NOT_YET_KNOWN, goal_id__in=set(likely_missed))
        .select_related("goal")
        .order_by("goal__position")
    )
    for s in flagged:
        services.save_assessment(r, s.goal, {
            "text": f"{MARK}utvecklingen går åt fel håll mot målet; analysgruppen föreslår en fördjupad analys.",
            "why": f"{MARK}konjunktur och branschstruktur förklarar en del av skillnaden mot jämförelsen.",
            "what_works": f"{MARK}samverkan med kommunerna kring kompetensförsörjning.",
            "partners": f"{MARK}kommunerna, lärosätet och arbetsförmedlingen.",
            "evidence": "statistics",
        }, user)  # fmt: skip
    goals = [s.goal.key for s in flagged[:2]]
    services.save_action(r, {"title": f"{MARK}ta fram en handlingsplan för de mål som ligger efter",
                             "owner": user, "due_date": day + dt.timedelta(days=90 if correction else 45),
                             "status": "planned" if correction else "done",
                             "note": f"{MARK}följs upp vid nästa forum."}, goals, user)  # fmt: skip
    question = f"{MARK}varför utvecklas målen långsammare än jämförelsen?"
    services.save_knowledge_need(r, {"question": question,
                                     "kind": "analysis", "owner": user, "status": "proposed" if correction else "done",
                                     "due_date": day + dt.timedelta(days=120)}, goals[:1], user)  # fmt: skip
    services.add_lesson(r, "followup", f"{MARK}analysen och uppföljningen behöver mer plats i planeringen.", user)
    services.publish_round(r, user)
    if correction and flagged:
        services.save_assessment(r, flagged[0].goal, {
            "text": f"{MARK}rättad bedömning: utvecklingen går åt fel håll; den fördjupade analysen har beställts.",
            "evidence": "statistics",
        }, user)  # fmt: skip
    return r
