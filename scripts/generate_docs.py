"""Regenerate the generated parts of the docs: `docs/rules.md` from the knowledge files.

Run from anywhere:  python scripts/generate_docs.py
`tests/docs/test_docs.py` fails when the committed file differs from a fresh rendering.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ekbom.knowledge.catalogue import render_catalogue
from ekbom.knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"


def main() -> int:
    text = render_catalogue(load_knowledge())
    old = RULES_MD.read_text(encoding="utf-8") if RULES_MD.exists() else None
    if old == text:
        print(f"{RULES_MD.relative_to(ROOT)} is up to date")
        return 0
    RULES_MD.parent.mkdir(parents=True, exist_ok=True)
    RULES_MD.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {RULES_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
