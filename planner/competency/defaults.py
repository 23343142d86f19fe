"""The default competency model from the CM literature: 品德素质, 业务素质, 心理素质."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup

DEFAULT_FRAMEWORK_NAME = "客户经理胜任素质模型"

# (code, 中文, English, weight, [(code, 中文, English), ...])
DEFAULT_GROUPS = [
    (
        "integrity",
        "品德素质",
        "Integrity",
        0.3,
        [
            ("honesty", "诚信正直", "Honesty"),
            ("responsibility", "责任心", "Responsibility"),
            ("compliance", "合规意识", "Compliance awareness"),
        ],
    ),
    (
        "business",
        "业务素质",
        "Business competence",
        0.5,
        [
            ("financial_knowledge", "金融知识", "Financial knowledge"),
            ("marketing", "营销能力", "Marketing"),
            ("risk_control", "风险控制", "Risk control"),
            ("market_analysis", "市场分析", "Market analysis"),
            ("coordination", "组织协调", "Coordination"),
            ("public_relations", "公共关系", "Public relations"),
        ],
    ),
    (
        "psychology",
        "心理素质",
        "Psychological resilience",
        0.2,
        [
            ("resilience", "抗压能力", "Resilience"),
            ("confidence", "自信心", "Confidence"),
            ("composure", "沉着冷静", "Composure"),
        ],
    ),
]


def seed_default_framework(session: Session) -> CompetencyFramework:
    """Create the default framework (version 1, active) unless it already exists; return it."""
    existing = session.scalar(
        select(CompetencyFramework).where(
            CompetencyFramework.name == DEFAULT_FRAMEWORK_NAME, CompetencyFramework.version == 1
        )
    )
    if existing is not None:
        return existing
    framework = CompetencyFramework(
        name=DEFAULT_FRAMEWORK_NAME,
        version=1,
        is_active=True,
        description="品德素质、业务素质、心理素质三维度模型",
    )
    for position, (code, name_zh, name_en, weight, dimensions) in enumerate(DEFAULT_GROUPS):
        group = CompetencyGroup(code=code, name_zh=name_zh, name_en=name_en, weight=weight, position=position)
        group.dimensions = [
            CompetencyDimension(code=d_code, name_zh=d_zh, name_en=d_en, weight=1.0, position=i)
            for i, (d_code, d_zh, d_en) in enumerate(dimensions)
        ]
        framework.groups.append(group)
    session.add(framework)
    session.flush()
    return framework
