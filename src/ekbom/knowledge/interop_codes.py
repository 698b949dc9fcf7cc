"""Read and check fhir_codes.yaml (and, through cds_hooks_reader, cds_hooks.yaml): the codes
and wording of ekbom.interop.

Pure, like the rest of the knowledge package: the records here are plain data. The FHIR and
CDS Hooks adapters (ekbom.interop) read them through `load_interop_codes()`; `ekbom kb check`
checks both files through `check_interop_files()` (called by `check_knowledge`). The records are
`interop_records`; `fhir_codes_reader` reads fhir_codes.yaml, `cds_hooks_reader` cds_hooks.yaml.
"""

from __future__ import annotations

from pathlib import Path

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge import models as m
from ekbom.knowledge.cds_hooks_reader import read_cds_hooks
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.fhir_codes_reader import read_fhir_codes
from ekbom.knowledge.interop_records import DOSE_UNITS as DOSE_UNITS
from ekbom.knowledge.interop_records import FACT_VALUES as FACT_VALUES
from ekbom.knowledge.interop_records import FACTS as FACTS
from ekbom.knowledge.interop_records import SYSTEMS as SYSTEMS
from ekbom.knowledge.interop_records import ConditionCodes as ConditionCodes
from ekbom.knowledge.interop_records import FactCodes as FactCodes
from ekbom.knowledge.interop_records import FactObservation as FactObservation
from ekbom.knowledge.interop_records import InteropCodes as InteropCodes
from ekbom.knowledge.interop_records import ProfileFact as ProfileFact
from ekbom.knowledge.interop_records import RecordStatus as RecordStatus
from ekbom.knowledge.interop_records import SupplementIngredient as SupplementIngredient
from ekbom.knowledge.interop_records import icd_matches as icd_matches
from ekbom.knowledge.interop_records import normalise_icd as normalise_icd
from ekbom.knowledge.reader import read_yaml_file


def load_interop_codes(directory: Path | str | None = None) -> InteropCodes:
    """The checked interop codes (loaded once per folder); KnowledgeError on any problem."""
    return folder.load(PART, directory)


def read_interop_files(
    root: Path, knowledge: m.Knowledge
) -> tuple[InteropCodes | None, list[KnowledgeIssue]]:
    """Read both files against `knowledge`; the codes (None on problems) and the issues."""
    issues: list[KnowledgeIssue] = []
    fhir = read_fhir_codes(*read_yaml_file(root, "fhir_codes.yaml", issues), knowledge)
    cds = read_cds_hooks(*read_yaml_file(root, "cds_hooks.yaml", issues), knowledge)
    if issues or fhir is None or cds is None:
        return None, issues
    return InteropCodes(**fhir, **cds), issues


PART: folder.Part[InteropCodes] = folder.Part("interop", read_interop_files, CORE)
"""fhir_codes.yaml and cds_hooks.yaml, read against the core knowledge."""
