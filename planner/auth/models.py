"""Application users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from planner.db import Base, TimestampMixin
from planner.enums import Role, enum_column_type


class User(TimestampMixin, Base):
    """A person who signs in: an HR planner, a viewer or an administrator."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_column_type(Role), default=Role.VIEWER)
    # Locale chosen in the UI ("zh_Hans_CN" or "en"); empty means the default.
    locale: Mapped[str] = mapped_column(String(16), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    # Flask-Login protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def can_edit(self) -> bool:
        """Tell whether the user may change planning data."""
        return self.role in (Role.ADMIN, Role.PLANNER)

    def can_see_personal_data(self) -> bool:
        """Tell whether the user may see candidates' personal data (ID number, phone, birth date)."""
        return self.role in (Role.ADMIN, Role.PLANNER)
