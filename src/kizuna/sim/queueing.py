"""The degenerate check: Poisson arrivals, c aircraft, no geography, against Erlang C.

Erlang C is the M/M/c queue (exponential service times), which is what the figures in the
issue (lambda = 10/h, mu = 3/h, c = 5: P(wait) = 0.327, mean wait 3.9 min) are. A deterministic
("fixed") service time gives M/D/c, whose mean wait is about half that; both are offered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

__all__ = ["QueueResult", "erlang_c", "simulate_queue"]


def erlang_c(lam: float, mu: float, c: int) -> tuple[float, float]:
    """(P(wait), mean wait in the unit of 1/lam) of an M/M/c queue."""
    a = lam / mu
    if a >= c:
        raise ValueError("unstable queue: lam / mu must be below c")
    s = sum(a**k / math.factorial(k) for k in range(c))
    top = a**c / math.factorial(c) * c / (c - a)
    p = top / (s + top)
    return p, p / (c * mu - lam)


@dataclass(frozen=True)
class QueueResult:
    """Measured P(wait), mean wait and customers served."""

    p_wait: float
    mean_wait: float
    served: int


def simulate_queue(lam: float, mu: float, c: int, horizon: float, seed: int,
                   service: str = "exponential", warmup: float = 0.0) -> QueueResult:
    """SimPy M/M/c (or M/D/c with ``service="fixed"``) over ``horizon`` time units."""
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=c)
    rng = np.random.default_rng(seed)
    waits: list[float] = []

    def customer() -> Any:
        arrived = env.now
        with servers.request() as req:
            yield req
            if arrived >= warmup:
                waits.append(env.now - arrived)
            d = rng.exponential(1 / mu) if service == "exponential" else 1 / mu
            yield env.timeout(d)

    def source() -> Any:
        while True:
            yield env.timeout(rng.exponential(1 / lam))
            env.process(customer())

    env.process(source())
    env.run(until=horizon)
    w = np.asarray(waits)
    return QueueResult(float((w > 1e-12).mean()), float(w.mean()), len(w))
