"""Checks: each one reads claims and entities and returns findings of one kind, explained and cited.

One module per kind of finding (see DESIGN.md, "Kinds of finding"), each a plain function so it can be
run, tested and benchmarked alone.
"""

from countertrial.reason.checks.alibi import check_alibis

__all__ = ["check_alibis"]
