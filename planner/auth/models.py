"""Application users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, false
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
    # Part of every session cookie's user id: raising it ends all of the user's sessions at once
    # (sign-out, password change or reset, role change, deactivation).
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Set while the account still has the well-known password printed by ``flask demo``.
    has_demo_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password`` (any new password is no longer the demo's)."""
        self.password_hash = generate_password_hash(password)
        self.has_demo_password = False

    def end_sessions(self) -> None:
        """Make every session cookie issued to this user invalid."""
        self.session_version = (self.session_version or 1) + 1

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
        """Return Flask-Login's alternative id: the user id and the session version."""
        return f"{self.id}:{self.session_version}"

    def can_edit(self) -> bool:
        """Tell whether the user may change planning data."""
        return self.role in (Role.ADMIN, Role.PLANNER)

    def can_see_personal_data(self) -> bool:
        """Tell whether the user may see candidates' personal data (ID number, phone, birth date)."""
        from planner.privacy import may_see

        return may_see(self.role, "candidate", "id_number")

    def may_see(self, entity: str, field: str) -> bool:
        """Tell whether the user may see ``field`` of ``entity`` (the rules are in ``planner.privacy``)."""
        from planner.privacy import may_see

        return may_see(self.role, entity, field)
