"""Clinical interoperability: FHIR R4 import and export, and the CDS Hooks 2.0 service.

Thin adapters around the pure core: `import_fhir` turns FHIR resources (`read_path` reads them
from files) into profiles, `profile_resources` writes a profile as FHIR resources, and
`assessment_bundle` writes an assessment as an R4 document Bundle. `ekbom.interop.cds` answers
CDS Hooks calls (it needs FastAPI, so it is not imported here). fhir.resources (its R4B models,
which read R4 data) is imported only when a resource is validated.
"""

from ekbom.interop.fhir_export import assessment_bundle
from ekbom.interop.fhir_import import FhirImport, ImportedProfile, Note, import_fhir
from ekbom.interop.profile_export import profile_bundle, profile_resources
from ekbom.interop.resources import read_path

__all__ = [
    "FhirImport",
    "ImportedProfile",
    "Note",
    "assessment_bundle",
    "import_fhir",
    "profile_bundle",
    "profile_resources",
    "read_path",
]
