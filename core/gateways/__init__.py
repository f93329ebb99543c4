"""Payment gateways by name: `get_gateway()` gives the one the PAYMENT_GATEWAY setting names."""

from __future__ import annotations

from importlib import import_module

from core.gateways.base import Gateway
from core.settings import get_settings

# name -> "module:class"; a new provider is one module and one line here.
GATEWAYS = {
    "simulated": "core.gateways.simulated:SimulatedGateway",
    "stripe": "core.gateways.stripe:StripeGateway",
}
_instances: dict[str, Gateway] = {}


def get_gateway(name: str | None = None) -> Gateway:
    name = name or get_settings().payment_gateway
    if name not in _instances:
        module, _, cls = GATEWAYS[name].partition(":")
        _instances[name] = getattr(import_module(module), cls)()
    return _instances[name]
