"""Demo candidates across the five channels, at every stage of the selection pipeline."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from planner.demo.names import id_number, person_name, phone_number
from planner.enums import PIPELINE_ORDER, CandidateChannel, Education, Gender, PipelineStatus

CHANNEL_WEIGHTS = {
    CandidateChannel.CAMPUS: 0.40,
    CandidateChannel.EXPERIENCED: 0.20,
    CandidateChannel.COUNTER_TRANSFER: 0.20,
    CandidateChannel.INTERNAL: 0.10,
    CandidateChannel.REFERRAL: 0.10,
}
STATUS_WEIGHTS = {
    PipelineStatus.APPLIED: 0.15,
    PipelineStatus.SCREENED: 0.12,
    PipelineStatus.WRITTEN_EXAM: 0.15,
    PipelineStatus.INTERVIEW: 0.15,
    PipelineStatus.OFFERED: 0.08,
    PipelineStatus.HIRED: 0.10,
    PipelineStatus.REJECTED: 0.20,
    PipelineStatus.WITHDRAWN: 0.05,
}
MAJORS = [
    "金融学",
    "经济学",
    "会计学",
    "市场营销",
    "工商管理",
    "农林经济管理",
    "国际经济与贸易",
    "法学",
    "统计学",
]


@dataclass
class CandidatePlan:
    """A generated candidate; ``steps`` are (from, to, day) of the pipeline history."""

    row: dict
    preferences: list[int]
    steps: list[tuple[PipelineStatus | None, PipelineStatus, datetime]] = field(default_factory=list)
    # Whether the interview took place, so interview assessments exist.
    interviewed: bool = False


def _path(rng: random.Random, status: PipelineStatus) -> list[PipelineStatus]:
    """Return the statuses passed through to reach ``status``, APPLIED first."""
    if status in PIPELINE_ORDER:
        return PIPELINE_ORDER[: PIPELINE_ORDER.index(status) + 1]
    # Rejected or withdrawn after some stage short of an offer.
    reached = rng.randint(1, 4)
    return [*PIPELINE_ORDER[:reached], status]


def candidates(rng: random.Random, count: int, branches: int, today: date) -> list[CandidatePlan]:
    """Return ``count`` candidates with pipeline histories ending before ``today``."""
    channels, channel_weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    result = []
    for seq in range(1, count + 1):
        channel = rng.choices(channels, channel_weights)[0]
        status = rng.choices(statuses, status_weights)[0]
        gender = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
        if channel is CandidateChannel.CAMPUS:
            age, experience = rng.uniform(21.5, 26), 0
            education = rng.choices(
                [Education.BACHELOR, Education.MASTER, Education.JUNIOR_COLLEGE], [7, 2, 1]
            )[0]
        else:
            experience = rng.randint(1, 12)
            age = 23 + experience + rng.uniform(0, 4)
            education = rng.choices(
                [Education.JUNIOR_COLLEGE, Education.BACHELOR, Education.MASTER, Education.HIGH_SCHOOL],
                [3, 6, 1, 0.3],
            )[0]
        birth = today - timedelta(days=round(age * 365.25))
        path = _path(rng, status)
        applied = today - timedelta(days=rng.randint(20, 240))
        moment = datetime.combine(applied, time(9, 0), UTC)
        steps: list[tuple[PipelineStatus | None, PipelineStatus, datetime]] = [(None, path[0], moment)]
        for before, after in itertools.pairwise(path):
            moment = min(
                moment + timedelta(days=rng.randint(5, 25), hours=rng.randint(0, 8)),
                datetime.combine(today, time(8, 0), UTC),
            )
            steps.append((before, after, moment))
        passed = set(path[:-1]) | ({status} if status is PipelineStatus.HIRED else set())
        written = PipelineStatus.WRITTEN_EXAM in passed
        interviewed = PipelineStatus.INTERVIEW in passed
        internal = channel.is_internal
        row = {
            "reference": f"DEMO-C{applied.year}-{seq:05d}",
            "channel": channel,
            "employee_no": f"NS{rng.randint(5, 24):02d}{90_000 + seq:05d}" if internal else None,
            "name": person_name(rng, gender),
            "gender": gender,
            "birth_date": birth,
            "id_number": id_number(rng, birth, gender),
            "phone": phone_number(rng),
            "education": education,
            "major": rng.choice(MAJORS),
            "years_experience": experience,
            "written_score": round(min(100.0, max(30.0, rng.gauss(68, 10))), 1) if written else None,
            "interview_score": round(min(100.0, max(30.0, rng.gauss(72, 9))), 1) if interviewed else None,
            "personality_score": round(rng.uniform(50, 95), 1) if written else None,
            "credit_record_clean": rng.random() > 0.03,
            "has_disciplinary_record": rng.random() < 0.01,
            "qualification_passed_on": (today - timedelta(days=rng.randint(30, 900)))
            if internal or (channel is CandidateChannel.EXPERIENCED and rng.random() < 0.7)
            else None,
            "status": status,
            "applied_on": applied,
        }
        preferences = rng.sample(range(branches), min(branches, rng.randint(1, 3)))
        result.append(CandidatePlan(row, preferences, steps, interviewed))
    return result
