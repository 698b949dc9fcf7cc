"""A daily timetable of medicines and supplements that keeps every separation of spec §5.5.

from ekbom.plan import make_plan
plan = make_plan(profile, wake="07:00", sleep="23:00")
plan.ok          # False when the gaps cannot all fit: see plan.conflicts
plan.to_dict()   # the JSON document `ekbom plan --format json` prints
"""

from ekbom.plan.build import make_plan
from ekbom.plan.model import Conflict, Gap, Item, Plan, Slot
from ekbom.plan.text import plan_text

__all__ = ["Conflict", "Gap", "Item", "Plan", "Slot", "make_plan", "plan_text"]
