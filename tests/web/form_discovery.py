"""Find the forms a page offers (method, action, fields with their options) by parsing its HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FormField:
    """One named control: its kind (text, checkbox, select, textarea, …) and the options of a select."""

    name: str
    kind: str
    options: list[str] = field(default_factory=list)
    # What the browser would send unchanged: the value, the checked box, the selected option.
    value: str = ""


@dataclass
class FoundForm:
    """A form as the browser would submit it."""

    method: str
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[FoundForm] = []
        self._form: FoundForm | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = a.get("action") or self.page_path
            self._form = FoundForm(a.get("method", "get").lower(), action)
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
                if "selected" in a or len(self._select.options) == 1:
                    self._select.value = a.get("value", "")
            return
        name = a["name"]
        kind = a.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "hidden"):
            value = ("y" if "checked" in a else "") if kind == "checkbox" else a.get("value", "")
            self._form.fields[name] = FormField(name, kind, value=value)
        elif tag == "textarea":
            self._textarea = FormField(name, "textarea")
            self._form.fields[name] = self._textarea
        elif tag == "select":
            self._select = FormField(name, "select")
            self._form.fields[name] = self._select

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def find_forms(html: str, page_path: str) -> list[FoundForm]:
    """Return the forms of ``html``, a page served at ``page_path``."""
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms
