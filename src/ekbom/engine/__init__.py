"""The assessment engine: pure functions from a profile and the knowledge to an assessment."""

from ekbom.engine.assessment import Assessment, NutrientResult
from ekbom.engine.evaluate import assess

__all__ = ["Assessment", "NutrientResult", "assess"]
