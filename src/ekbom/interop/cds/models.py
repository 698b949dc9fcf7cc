"""CDS Hooks 2.0 (HL7 cds-hooks v2.0.1) messages as pydantic models.

Requests are read leniently (unknown keys are ignored, as the spec asks of extensions; `hook` and
`hookInstance` may be left out, as in the hook library's examples). Responses are built strictly:
`summary` under 140 characters, `indicator` info|warning|critical, `selectionBehavior` whenever
there are suggestions, and `dump()` leaves out every optional field without a value, because the
spec forbids null, "" , [] and {} for them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Indicator = Literal["info", "warning", "critical"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def dump(self) -> dict[str, Any]:
        """JSON-ready, with every unset, empty or None optional field left out."""
        pruned: dict[str, Any] = _prune(self.model_dump(mode="json", exclude_none=True))
        return pruned


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


# -- discovery -----------------------------------------------------------------------------------


class Service(_Strict):
    hook: str
    id: str
    title: str | None = None
    description: str
    prefetch: dict[str, str] | None = None
    usageRequirements: str | None = None
    extension: dict[str, Any] | None = None


class Discovery(_Strict):
    services: list[Service]


# -- requests ------------------------------------------------------------------------------------


class FhirAuthorization(_Lenient):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str
    subject: str
    patient: str | None = None


class HookRequest(_Lenient):
    hook: str | None = None
    hookInstance: str | None = None
    fhirServer: str | None = None
    fhirAuthorization: FhirAuthorization | None = None
    context: dict[str, Any]
    prefetch: dict[str, dict[str, Any] | None] | None = None
    extension: dict[str, Any] | None = None


class PatientViewContext(_Lenient):
    userId: str
    patientId: str
    encounterId: str | None = None


class OrderContext(_Lenient):
    userId: str
    patientId: str
    encounterId: str | None = None
    selections: list[str] | None = None
    draftOrders: dict[str, Any]


# -- responses -----------------------------------------------------------------------------------


class Coding(_Strict):
    code: str
    system: str | None = None
    display: str | None = None


class Source(_Strict):
    label: str
    url: str | None = None
    icon: str | None = None
    topic: Coding | None = None


class Action(_Strict):
    type: Literal["create", "update", "delete"]
    description: str | None = None
    resource: dict[str, Any] | None = None
    resourceId: str | None = None


class Suggestion(_Strict):
    label: str
    uuid: str | None = None
    isRecommended: bool | None = None
    actions: list[Action] | None = None


class Link(_Strict):
    label: str
    url: str
    type: Literal["absolute", "smart"]
    appContext: str | None = None
    autolaunchable: bool | None = None


class Card(_Strict):
    uuid: str | None = None
    summary: str = Field(min_length=1, max_length=139)
    detail: str | None = None
    indicator: Indicator
    source: Source
    suggestions: list[Suggestion] | None = None
    selectionBehavior: Literal["at-most-one", "any"] | None = None
    overrideReasons: list[Coding] | None = None
    links: list[Link] | None = None
    extension: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _selection_needs_suggestions(self) -> Card:
        if self.suggestions and self.selectionBehavior is None:
            raise ValueError("selectionBehavior is required when there are suggestions")
        return self


class SystemAction(Action):
    pass


class CardsResponse(_Strict):
    cards: list[Card]
    systemActions: list[SystemAction] | None = None

    def dump(self) -> dict[str, Any]:
        """As `_Strict.dump`, but `cards` stays even when empty (it is required)."""
        body = super().dump()
        body.setdefault("cards", [])
        return body


# -- feedback ------------------------------------------------------------------------------------


class AcceptedSuggestion(_Lenient):
    id: str


class OverrideReason(_Lenient):
    reason: dict[str, Any] | None = None
    userComment: str | None = None


class FeedbackItem(_Lenient):
    card: str
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = None
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: str


class Feedback(_Lenient):
    feedback: list[FeedbackItem] = Field(min_length=1)
