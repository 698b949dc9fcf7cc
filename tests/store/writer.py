"""A child process for the reliability tests: writes diary entries as fast as it can and prints
each saved id (only after its transaction committed), until it has written COUNT or is killed.

    python writer.py URL COUNT TAG
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from ekbom.diary import entries as diary_entries
from ekbom.store import StoreSettings, open_store

TODAY = date(2026, 11, 28)


def main() -> None:
    url, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = open_store(StoreSettings(url, "--db"))
    session = store.session()
    print("ready", flush=True)
    for number in range(count):
        entry = diary_entries.add_entry(
            session,
            kind="lab",
            fields={
                "date": (TODAY - timedelta(days=number % 300)).isoformat(),
                "test": "ferritin",
                "value": number,
                "unit": "ng/mL",
                "note": f"{tag}-{number}",
            },
            today=TODAY,
        )
        print(entry.stamp.id, flush=True)
    store.close()


if __name__ == "__main__":
    main()
