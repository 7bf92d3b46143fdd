"""The rule set: one module per topic, registered by name, spaCy-style.

A rule is a class registered with ``@register("name")``; it is built once per process
with its data (``data/rules/<name>.toml``) and the shared environment, and called on each
sentence's :class:`~xiaomi_ev_kb.extract.context.Context`, where it adds claims. The
extractor runs the rules named in ``DEFAULT_RULES``, in that order; another order or a
subset is one argument to :class:`~xiaomi_ev_kb.extract.pipeline.Extractor`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Protocol

from ...registry import Registry
from ..context import Context
from ..ruledata import RuleData, load_rule_data
from ..subjects import Subjects


@dataclass(frozen=True)
class Environment:
    """What every rule is built with."""

    registry: Registry
    subjects: Subjects


class Rule(Protocol):
    name: str

    def __call__(self, ctx: Context) -> None: ...


_FACTORIES: dict[str, Callable[[RuleData, Environment], Rule]] = {}

# the topic modules, imported on first use so that each registers itself
RULE_MODULES = ("approval", "capacity", "deliveries", "supplier", "timeline", "investment", "price", "spec")
DEFAULT_RULES = RULE_MODULES


def register(name: str) -> Callable[[type], type]:
    """Class decorator: make the rule available under ``name`` (its data file's name too)."""

    def wrap(cls: type) -> type:
        cls.name = name
        _FACTORIES[name] = cls
        return cls

    return wrap


def registered() -> dict[str, Callable[[RuleData, Environment], Rule]]:
    for module in RULE_MODULES:
        import_module(f"{__name__}.{module}")
    return dict(_FACTORIES)


def make_rule(name: str, env: Environment) -> Rule:
    factories = registered()
    if name not in factories:
        raise KeyError(f"no rule named {name!r}; known: {', '.join(sorted(factories))}")
    return factories[name](load_rule_data(name), env)
