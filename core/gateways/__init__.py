"""Payment gateways by name: `get_gateway()` gives the one the PAYMENT_GATEWAY setting names."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from core.gateways.base import Gateway
from core.settings import get_settings

# name -> "module:class"; a new provider is one module and one line here.
GATEWAYS = {
    "simulated": "core.gateways.simulated:SimulatedGateway",
    "stripe": "core.gateways.stripe:StripeGateway",
}
_instances: dict[str, Gateway] = {}
# What the application hands a gateway when it is built (core knows no jobs, models or tasks).
_options: dict[str, dict[str, Any]] = {}


def configure_gateway(name: str, **options: Any) -> None:
    """Give gateway `name` what it needs from the application, e.g. the simulated gateway's
    `schedule_event` (how to queue its webhooks); it is built with them from then on."""
    _options[name] = options
    _instances.pop(name, None)


def get_gateway(name: str | None = None) -> Gateway:
    name = name or get_settings().payment_gateway
    if name not in _instances:
        module, _, cls = GATEWAYS[name].partition(":")
        _instances[name] = getattr(import_module(module), cls)(**_options.get(name, {}))
    return _instances[name]
