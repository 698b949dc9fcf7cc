"""The diary API for scripts, under /api/v1/diary: token auth (`Authorization: Bearer …`),
every read and write scoped to the token's account; another account's entry id answers 404."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Request, Response

from ekbom.diary import entries as diary_entries
from ekbom.interop.error_body import declared
from ekbom.store import repository
from ekbom.web.auth import api_account
from ekbom.web.checked_request import CheckedRoute
from ekbom.web.diary_view import diary, entry_json

router = APIRouter(prefix="/api/v1/diary", tags=["diary"], route_class=CheckedRoute)


@router.get("/entries", responses=declared(401))
def list_entries(request: Request, account: int = Depends(api_account)) -> dict[str, Any]:
    """Every entry of the account's diary, by day."""
    with diary(request, account) as session:
        return {"entries": [entry_json(e) for e in repository.list_entries(session)]}


@router.post("/entries", status_code=201, responses=declared(401, 409, 413, 422))
def add_entry(
    request: Request,
    kind: Annotated[Literal["lab", "symptoms", "supplement"], Body()],
    fields: Annotated[dict[str, Any], Body(description="the entry's fields, as in `ekbom log`")],
    account: int = Depends(api_account),
) -> dict[str, Any]:
    """Add one entry (422 listing every problem when it is invalid, 409 when it clashes)."""
    with diary(request, account) as session:
        return entry_json(diary_entries.add_entry(session, kind=kind, fields=fields))


@router.get("/entries/{entry_id}", responses=declared(401, 404, 422))
def get_entry(
    entry_id: int, request: Request, account: int = Depends(api_account)
) -> dict[str, Any]:
    """One entry of the account's diary."""
    with diary(request, account) as session:
        return entry_json(repository.get_entry(session, entry_id=entry_id))


@router.patch("/entries/{entry_id}", responses=declared(401, 404, 409, 413, 422))
def update_entry(
    entry_id: int,
    request: Request,
    changes: Annotated[dict[str, Any], Body(description="fields to change; null clears one")],
    account: int = Depends(api_account),
) -> dict[str, Any]:
    """Change some fields of an entry."""
    with diary(request, account) as session:
        return entry_json(diary_entries.update_entry(session, entry_id=entry_id, changes=changes))


@router.delete("/entries/{entry_id}", status_code=204, responses=declared(401, 404, 422))
def delete_entry(entry_id: int, request: Request, account: int = Depends(api_account)) -> Response:
    """Delete an entry."""
    with diary(request, account) as session:
        repository.delete_entry(session, entry_id=entry_id)
    return Response(status_code=204)
