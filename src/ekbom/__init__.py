"""ekbom: which vitamins and minerals may help restless legs, and which could hurt.

Decision support, not a diagnosis. The public API::

    import ekbom
    assessment = ekbom.assess({"age": 45, "sex": "female", "labs": [...]}, as_of="2026-11-28")
    assessment.to_dict()      # the JSON document of spec assessment-v1

Invalid profiles raise `ekbom.ProfileError` (a ValueError) listing every problem.
"""

from ekbom.__about__ import __version__
from ekbom.engine import Assessment, NutrientResult, assess
from ekbom.errors import EkbomError, KnowledgeError, KnowledgeIssue, Problem, ProfileError
from ekbom.knowledge.loader import check_knowledge, load_knowledge
from ekbom.profile import Profile, parse_profile

__all__ = [
    "Assessment",
    "EkbomError",
    "KnowledgeError",
    "KnowledgeIssue",
    "NutrientResult",
    "Problem",
    "Profile",
    "ProfileError",
    "__version__",
    "assess",
    "check_knowledge",
    "load_knowledge",
    "parse_profile",
]
