"""The CDS Hooks services, free of HTTP: discovery, calls and feedback (app.py serves them).

`CdsHooks.call(service_id, body)` returns the response body or raises `CdsHooksError` with the
HTTP status to answer: 404 for an unknown service, 400 for a malformed request, 412 when a
required prefetch key is missing or holds no Patient.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import date
from typing import Any

from ekbom.engine import assess
from ekbom.errors import CdsHooksError, Problem, ProfileError
from ekbom.interop._errors import request_errors
from ekbom.interop.cds import cards as card_texts
from ekbom.interop.cds.models import (
    Card,
    CardsResponse,
    Discovery,
    Feedback,
    HookRequest,
    OrderContext,
    PatientViewContext,
    Service,
)
from ekbom.interop.cds.orders import POLICY, drafts_in, order_cards
from ekbom.interop.cds.prefetch import prefetched_resources, templates
from ekbom.interop.codings import Vocabulary, vocabulary
from ekbom.interop.fhir_import import ImportedProfile, import_fhir
from ekbom.knowledge.cds_hooks_reader import CdsService

HOOKS_OF_KIND = {"nutrients": ("patient-view",), "order_check": ("order-select", "order-sign")}
FEEDBACK_KEPT = 1000


class CdsHooks:
    """ekbom's CDS Hooks services over one knowledge base; `today` gives the assessment day."""

    def __init__(
        self, vocab: Vocabulary | None = None, today: Callable[[], date] = date.today
    ) -> None:
        self.vocab = vocab or vocabulary()
        self.today = today
        self.services = {s.id: s for s in self.vocab.codes.services}
        self.feedback_log: deque[dict[str, Any]] = deque(maxlen=FEEDBACK_KEPT)

    def discovery(self) -> dict[str, Any]:
        """The body of `GET /cds-services`."""
        prefetch = templates(self.vocab)
        services = [
            Service(
                hook=s.hook, id=s.id, title=s.title, description=s.description, prefetch=prefetch
            )
            for s in self.services.values()
        ]
        return Discovery(services=services).dump()

    def service(self, service_id: str) -> CdsService:
        found = self.services.get(service_id)
        if found is None:
            known = ", ".join(self.services)
            raise CdsHooksError(
                404, [Problem("id", f"no service '{service_id}'; services: {known}")]
            )
        return found

    def call(self, service_id: str, body: Any) -> dict[str, Any]:
        """Answer one hook call: the response body with its cards."""
        service = self.service(service_id)
        with request_errors():
            request = HookRequest.model_validate(body)
        hook = request.hook or service.hook
        if hook not in HOOKS_OF_KIND[service.kind]:
            handled = " or ".join(HOOKS_OF_KIND[service.kind])
            raise CdsHooksError(
                400, [Problem("hook", f"'{hook}' is not handled here; use {handled}")]
            )
        with request_errors("prefetch"):
            resources = prefetched_resources(request, self.vocab)
        today = self.today()
        imported = import_fhir(resources, as_of=today, vocab=self.vocab)
        if service.kind == "nutrients":
            with request_errors("context"):
                context = PatientViewContext.model_validate(request.context)
            patient = self._patient(imported.profiles, context.patientId)
            found = self._nutrient_cards(patient, today)
        else:
            with request_errors("context"):
                order = OrderContext.model_validate(request.context)
                drafts = drafts_in(order, hook, self.vocab)
            patient = self._patient(imported.profiles, order.patientId)
            found = self._order_cards(drafts, patient, today)
        return CardsResponse(cards=found).dump()

    def feedback(self, service_id: str, body: Any) -> int:
        """Accept the feedback of `POST /cds-services/{id}/feedback`; the number of items."""
        self.service(service_id)
        with request_errors():
            items = Feedback.model_validate(body).feedback
        for item in items:
            self.feedback_log.append({"service": service_id, **item.model_dump(exclude_none=True)})
        return len(items)

    def _patient(self, profiles: tuple[ImportedProfile, ...], patient_id: str) -> ImportedProfile:
        for imported in profiles:
            if imported.patient_id == patient_id:
                return imported
        if len(profiles) == 1:
            return profiles[0]
        problem = "holds no Patient" if not profiles else f"holds no Patient '{patient_id}'"
        raise CdsHooksError(412, [Problem("prefetch.patient", problem)])

    def _nutrient_cards(self, patient: ImportedProfile, today: date) -> list[Card]:
        try:
            assessment = assess(
                patient.profile, as_of=today, limits=POLICY, knowledge=self.vocab.kb
            )
        except ProfileError as exc:
            return [self._problem_card(exc)]
        return card_texts.assessment_cards(assessment, self.vocab)

    def _order_cards(self, drafts: Any, patient: ImportedProfile, today: date) -> list[Card]:
        try:
            return order_cards(drafts, patient.profile, today, self.vocab)
        except ProfileError as exc:
            return [self._problem_card(exc)]

    def _problem_card(self, error: ProfileError) -> Card:
        """An info card saying why the record cannot be assessed (e.g. no sex recorded)."""
        lines = ["The patient record lacks facts ekbom needs:", ""]
        lines += [f"- {problem}" for problem in error.problems]
        return Card(
            summary="ekbom could not assess this patient: the record lacks facts it needs",
            detail="\n".join(lines),
            indicator="info",
            source=card_texts.source(self.vocab),
        )
