"""Speed of the FHIR import and of the CDS Hooks service.

    .venv/bin/python benchmarks/bench_interop.py [--rounds 5] [--requests 500]

1. Bundles per second imported: every Synthea R4 bundle of ../shared/data/synthea-r4, read from
   disk, parsed, validated (the resources ekbom reads) and turned into a profile, `--rounds`
   times over; also with an assessment of each profile.
2. Latency of a patient-view call through a real uvicorn server on 127.0.0.1: `--requests`
   sequential POSTs (after 20 warm-up calls) of the example profile as prefetch, each with a
   10 s timeout; p50, p99 and the mean. Then the same for an order-sign call.

Prints figures only; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import yaml

import ekbom
from ekbom.interop import import_fhir, profile_resources, read_path
from ekbom.interop.cds.app import create_cds_app, serve_in_thread
from ekbom.interop.cds.prefetch import prefetch_for
from ekbom.interop.codings import vocabulary

ROOT = Path(__file__).resolve().parent.parent
SYNTHEA = ROOT.parent / "shared" / "data" / "synthea-r4"
EXAMPLE = ROOT / "examples" / "profile.yaml"
AS_OF = date(2026, 11, 28)
WARM_UP = 20


def bench_import(rounds: int) -> None:
    files = sorted(SYNTHEA.glob("*.json"))
    if not files:
        print(f"import: skipped, {SYNTHEA} is absent")
        return
    size = sum(path.stat().st_size for path in files) / 1e6
    import_fhir(read_path(files[0]), as_of=AS_OF)  # loads the models once
    for assess in (False, True):
        start = time.perf_counter()
        for _ in range(rounds):
            for path in files:
                found = import_fhir(read_path(path), as_of=date(2020, 6, 1))
                if assess:
                    for imported in found.profiles:
                        ekbom.assess(imported.profile)
        elapsed = time.perf_counter() - start
        count = rounds * len(files)
        what = "import + assess" if assess else "import"
        print(
            f"{what}: {count / elapsed:,.1f} bundles/s ({count} bundles of {len(files)} files, "
            f"{size:.1f} MB per round, {elapsed:.2f} s)"
        )


def latencies(client: httpx.Client, url: str, body: dict[str, Any], requests: int) -> list[float]:
    for _ in range(WARM_UP):
        client.post(url, json=body).raise_for_status()
    found = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.post(url, json=body)
        found.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return found


def report(name: str, values: list[float]) -> None:
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, mean {statistics.fmean(ordered):.1f} ms "
        f"({len(ordered)} sequential requests)"
    )


def bench_service(requests: int) -> None:
    vocab = vocabulary()
    profile = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    prefetch = prefetch_for(profile_resources(profile, as_of=AS_OF), vocab)
    context = {"userId": "Practitioner/example", "patientId": "patient"}
    view = {
        "hook": "patient-view",
        "hookInstance": "bench",
        "context": context,
        "prefetch": prefetch,
    }
    draft = {
        "resourceType": "MedicationRequest",
        "id": "draft-1",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"text": "ferrous sulfate 325 MG Oral Tablet"},
        "subject": {"reference": "Patient/patient"},
        "dosageInstruction": [
            {
                "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "TAB"}}],
            }
        ],
    }
    orders = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": draft}]}
    sign = {**view, "hook": "order-sign", "context": {**context, "draftOrders": orders}}
    with serve_in_thread(create_cds_app(today=lambda: AS_OF)) as base:
        with httpx.Client(base_url=base, timeout=10) as client:
            cards = client.post("/cds-services/ekbom-rls-nutrients", json=view).json()["cards"]
            print(
                f"patient-view: {len(cards)} cards for a prefetch of {len(str(prefetch)):,} chars"
            )
            report(
                "patient-view",
                latencies(client, "/cds-services/ekbom-rls-nutrients", view, requests),
            )
            report(
                "order-sign",
                latencies(client, "/cds-services/ekbom-supplement-order-check", sign, requests),
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the Synthea bundles")
    parser.add_argument("--requests", type=int, default=500, help="timed requests per hook")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, ekbom {ekbom.__version__}")
    bench_import(args.rounds)
    bench_service(args.requests)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
