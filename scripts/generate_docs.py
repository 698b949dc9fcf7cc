"""Regenerate the generated parts of the docs: `docs/rules.md` from the knowledge files, and the
README's excerpt of `ekbom assess examples/profile.yaml` from the real output.

Run from anywhere:  python scripts/generate_docs.py
`tests/docs/test_docs.py` and `tests/test_readme.py` fail when the committed files differ from a
fresh rendering.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from rich.console import Console

from ekbom.cli import render
from ekbom.engine import assess
from ekbom.knowledge.catalogue import render_catalogue
from ekbom.knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"
EXAMPLE = ROOT / "examples" / "profile.yaml"
EXCERPT_START = (
    "<!-- excerpt of `ekbom assess examples/profile.yaml`, made by scripts/generate_docs.py -->"
)
EXCERPT_END = "<!-- end of excerpt -->"
WIDTH = 100
# The sections the excerpt shows, in the order of the output; "…" marks what is left out.
SECTIONS = (
    "Best first step",
    "Iron — ",
    "Vitamin B12 — ",
    "Magnesium — ",
    "Medicines that may worsen RLS",
    "Supplement–medicine interactions",
)
LEFT_OUT_BLOCKS = ("Foods rich in it:",)
MOST_ITEMS = 3


def assessment_text() -> str:
    """`ekbom assess examples/profile.yaml` as a 100-column terminal prints it, without colour."""
    knowledge = load_knowledge()
    profile = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    document = assess(profile, knowledge=knowledge).to_dict()
    out = io.StringIO()
    console = Console(file=out, width=WIDTH, highlight=False, color_system=None)
    render.print_text(document, knowledge, console)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def readme_excerpt(text: str) -> str:
    """The README's excerpt: the two header lines, then the chosen sections, "…" between."""
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if "────" in line]
    kept = [*lines[:2], ""]
    previous_end = 2
    for start, end in zip(heads, [*heads[1:], len(lines)], strict=True):
        if not lines[start].startswith(SECTIONS):
            continue
        if any(lines[previous_end:start]) and any(lines[2:previous_end]):
            kept[-1:] = ["…"] if not kept[-1] else [*kept[-1:], "…"]
        kept += _section_lines(lines[start:end])
        previous_end = end
    if any(lines[previous_end:]):
        kept[-1:] = ["…"] if not kept[-1] else [*kept[-1:], "…"]
    return "\n".join(kept).strip("\n")


def _section_lines(section: list[str]) -> list[str]:
    kept: list[str] = []
    items = 0
    skipping = False
    for line in section:
        if line.startswith(LEFT_OUT_BLOCKS):
            skipping = True
        elif skipping and line and not line.startswith(" "):
            skipping = False
        if skipping:
            continue
        if line.startswith("  • "):
            items += 1
        if section[0].startswith("Supplement") and items > MOST_ITEMS:
            break
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept + [""]


def readme_with_excerpt(readme: str, excerpt: str) -> str:
    before, rest = readme.split(EXCERPT_START, 1)
    _, after = rest.split(EXCERPT_END, 1)
    return f"{before}{EXCERPT_START}\n```text\n{excerpt}\n```\n{EXCERPT_END}{after}"


def _write(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old == text:
        print(f"{path.relative_to(ROOT)} is up to date")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    _write(RULES_MD, render_catalogue(load_knowledge()))
    readme = README.read_text(encoding="utf-8")
    _write(README, readme_with_excerpt(readme, readme_excerpt(assessment_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
