"""Population screening for RLS care gaps over FHIR Bulk Data exports (`ekbom screen`).

The iron rules of the knowledge base are compiled into Ibis expressions (compile.py) and run on
DuckDB (default) or PySpark (backends.py) over the NDJSON files of an export (inputs.py); the
result is one row per patient with active RLS and a summary (job.py). `ekbom synth bulk` writes a
synthetic export with its ground truth (synth.py). Ibis, DuckDB and PySpark are optional extras,
imported only when a screen runs.
"""

from ekbom.screening.backends import ENGINES, EngineOptions
from ekbom.screening.job import ScreenResult, run_screen

__all__ = ["ENGINES", "EngineOptions", "ScreenResult", "run_screen"]
