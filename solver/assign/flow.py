"""Min-cost-flow relaxation of shape 1 (CMs → territories): a warm start and a lower bound.

Without the side rules (senior, avoidance, move cap) the core is a transportation problem whose LP is
integral, so ``SimpleMinCostFlow`` solves it exactly: each CM sends one unit to a territory (or to "not
assigned" at its penalty), each territory takes up to its need at a reward equal to the shortfall penalty and
more at the surplus penalty. Dropping side rules that only add rows or non-negative penalties relaxes the
model, so the flow's cost is a valid lower bound for the whole model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from solver.assign.engine import Core

log = logging.getLogger(__name__)


@dataclass
class Network:
    """The arcs of one solved flow network (arrays over arcs) and where the pair arcs sit among them."""

    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    costs: np.ndarray
    flows: np.ndarray
    n_nodes: int
    pair_arc: np.ndarray  # pair -> arc index, -1 when the pair is not in the network (banned, pinned away)
    unassigned_arc: np.ndarray  # item -> arc index of "not assigned", -1 when absent
    value: float  # the optimal cost, constant included (before subtracting mu * max_moves)
    scale: int = 1  # the network's costs are the model's times this


@dataclass
class FlowStart:
    """The flow's choice of pair per item (-1 = not assigned) and its cost (a lower bound)."""

    choice: np.ndarray
    bound: float
    mu: int = 0  # the move multiplier of the start
    network: Network | None = None  # the network whose optimum gave ``bound`` (for reduced costs)
    lagrange: float = 0.0  # mu * max_moves: the network's cost minus this is the bound at mu
    slack: float = 0.0  # what the choice pays above that bound on priced rows it leaves slack
    incumbent: np.ndarray | None = None  # a feasible choice found on the way (an integral LP), if any
    incumbent_value: float = float("inf")  # its cost


def reduced_costs(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """Return the reduced cost of each pair arc and each "not assigned" arc at the network's optimum.

    Node potentials are shortest-path distances in the residual network (Bellman-Ford from a virtual root,
    relaxing only arcs out of nodes whose distance changed). At an optimum there is no negative cycle, unused
    arcs have a reduced cost >= 0 and saturated ones <= 0, and any other feasible flow costs at least the
    optimum plus the absolute reduced cost of each arc whose use it changes. Arcs not in the network get inf.
    """
    fwd = net.flows < net.caps
    bwd = net.flows > 0
    tail = np.concatenate([net.tails[fwd], net.heads[bwd]])
    head = np.concatenate([net.heads[fwd], net.tails[bwd]])
    cost = np.concatenate([net.costs[fwd], -net.costs[bwd]])
    order = np.argsort(tail, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    dist = np.zeros(net.n_nodes, dtype=np.int64)
    active = np.ones(net.n_nodes, dtype=bool)
    for _ in range(net.n_nodes + 1):
        sel = np.nonzero(active[tail])[0]
        cand = dist[tail[sel]] + cost[sel]
        better = cand < dist[head[sel]]
        if not better.any():
            break
        new = dist.copy()
        np.minimum.at(new, head[sel[better]], cand[better])
        active = new < dist
        dist = new
    arc_rc = (net.costs + dist[net.tails] - dist[net.heads]) / net.scale
    pair = np.where(net.pair_arc >= 0, arc_rc[np.maximum(net.pair_arc, 0)], np.inf)
    free = np.where(net.unassigned_arc >= 0, arc_rc[np.maximum(net.unassigned_arc, 0)], np.inf)
    return pair.astype(np.float64), free.astype(np.float64)


def transportation_start(
    core: Core,
    pinned: dict[int, int] | None = None,
    move: np.ndarray | None = None,
    has_post: np.ndarray | None = None,
    max_moves: int | None = None,
    senior: np.ndarray | None = None,
    senior_reward: np.ndarray | None = None,
) -> FlowStart | None:
    """Solve the min-cost-flow relaxation; with a move cap, price moves by a multiplier found by bisection.

    ``move`` marks the pairs that are moves and ``has_post`` the items with a current post (leaving it
    unassigned is a move too). ``senior`` marks pairs whose CM counts as senior and ``senior_reward`` is the
    price per territory of having none: the first senior into a territory earns it back. For a multiplier
    ``mu`` the flow with move cost raised by ``mu`` minus ``mu * max_moves`` is a Lagrangian lower bound; the
    start is the first flow within the cap.
    """
    best = resolve_flow(core, pinned or {}, None, None, 0, senior, senior_reward)
    if best is None or move is None or has_post is None or max_moves is None:
        return best
    count = _moves(core, best.choice, move, has_post)
    if count <= max_moves:
        return best
    low, high, bound = 0, max(1, int(np.abs(core.cost).max())), best.bound
    start: FlowStart | None = None
    for _ in range(30):  # doubling then bisection on the multiplier
        mu = high if start is None else (low + high) // 2
        trial = resolve_flow(core, pinned or {}, move, has_post, mu, senior, senior_reward)
        if trial is None:
            break
        bound = max(bound, trial.bound - mu * max_moves)
        moves = _moves(core, trial.choice, move, has_post)
        if moves <= max_moves:
            start, high = trial, mu
            cost = trial.bound - mu * moves  # what this start really costs
            if cost - bound <= 1e-4 * max(1.0, abs(cost)):
                break  # the start is provably within 0.01% of the relaxation: good enough
        elif start is None:
            low, high = high, high * 4
        else:
            low = mu
        if start is not None and high - low <= 1:
            break
    log.info("move-capped relaxation: bound %.0f", bound)
    if start is None:
        return FlowStart(best.choice, bound)
    slack = float(high * (max_moves - _moves(core, start.choice, move, has_post)))
    return FlowStart(start.choice, bound, high, start.network, float(high * max_moves), slack)


def _moves(core: Core, choice: np.ndarray, move: np.ndarray, has_post: np.ndarray) -> int:
    picked = choice[choice >= 0]
    return int(move[picked].sum() + (has_post & (choice < 0)).sum())


def resolve_flow(
    core: Core,
    pinned: dict[int, int],
    move: np.ndarray | None,
    has_post: np.ndarray | None,
    mu: int,
    senior: np.ndarray | None = None,
    senior_reward: np.ndarray | None = None,
    banned: np.ndarray | None = None,
    price: np.ndarray | None = None,
    scale: int = 1,
) -> FlowStart | None:
    """Solve one min-cost flow with move cost raised by ``mu`` (and pair costs by ``price / scale``).

    Costs are multiplied by ``scale`` inside the network so that fractional prices keep ``1 / scale``
    precision. The bound is the network's optimum: the caller subtracts its multipliers' constant
    (``mu * max_moves``).
    """
    if not np.all(core.load == 1):
        return None
    pinned = pinned or {}
    n_i, n_b = core.n_items, core.n_bins
    source, sink = n_i + 2 * n_b, n_i + 2 * n_b + 1  # senior entry nodes sit at n_i + n_b + bin
    flow = min_cost_flow.SimpleMinCostFlow()
    usable = np.ones(core.item.size, dtype=bool) if banned is None else ~banned
    for i, p in pinned.items():
        usable[core.item == i] = False
        usable[p] = True
    tails: list[np.ndarray] = [np.full(n_i, source), core.item[usable]]
    entry = n_i + core.bin
    if senior is not None and senior_reward is not None:
        entry = entry + n_b * senior  # seniors enter through their territory's senior node
    heads: list[np.ndarray] = [np.arange(n_i), entry[usable]]
    caps: list[np.ndarray] = [np.ones(n_i, dtype=np.int64), np.ones(int(usable.sum()), dtype=np.int64)]
    pair_cost = (core.cost + (mu * move if move is not None else 0)) * scale
    if price is not None:
        pair_cost = pair_cost + price
    costs: list[np.ndarray] = [np.zeros(n_i, dtype=np.int64), pair_cost[usable].astype(np.int64)]
    constant = 0
    if core.unassigned_penalty is not None:
        free = np.array([i for i in range(n_i) if i not in pinned], dtype=np.int64)
        tails.append(free)
        heads.append(np.full(free.size, sink))
        caps.append(np.ones(free.size, dtype=np.int64))
        extra = mu * has_post[free] if has_post is not None else 0
        costs.append(((core.unassigned_penalty[free] + extra) * scale).astype(np.int64))
    need = core.bin_min.astype(np.int64)
    if core.shortfall_penalty is not None:
        # reward filling up to the need; the shortfall cost is the constant minus the reward earned
        tails.append(n_i + np.arange(n_b))
        heads.append(np.full(n_b, sink))
        caps.append(need)
        costs.append(-core.shortfall_penalty.astype(np.int64) * scale)
        constant = int((core.shortfall_penalty * need).sum()) * scale
    else:
        tails.append(n_i + np.arange(n_b))
        heads.append(np.full(n_b, sink))
        caps.append(core.bin_max.astype(np.int64))
        costs.append(np.zeros(n_b, dtype=np.int64))
    if core.surplus_penalty is not None:
        extra = int(n_i)
        tails.append(n_i + np.arange(n_b))
        heads.append(np.full(n_b, sink))
        caps.append(np.full(n_b, extra, dtype=np.int64))
        costs.append(core.surplus_penalty.astype(np.int64) * scale)
    if senior is not None and senior_reward is not None:
        for cap, cost in ((np.ones(n_b, dtype=np.int64), -senior_reward), (np.full(n_b, n_i), np.zeros(n_b))):
            tails.append(n_i + n_b + np.arange(n_b))
            heads.append(n_i + np.arange(n_b))
            caps.append(cap.astype(np.int64))
            costs.append(cost.astype(np.int64) * scale)
        constant += int(senior_reward.sum()) * scale
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails), np.concatenate(heads), np.concatenate(caps), np.concatenate(costs)
    )
    supplies = np.zeros(n_i + 2 * n_b + 2, dtype=np.int64)
    supplies[source] = n_i
    supplies[sink] = -n_i
    flow.set_nodes_supplies(np.arange(supplies.size), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        log.info("transportation relaxation: status %s (no start)", status)
        return None
    first = n_i  # the pair arcs follow the n_i source arcs
    pair_ids = np.nonzero(usable)[0]
    all_flows = flow.flows(np.arange(flow.num_arcs()))
    used = all_flows[first : first + pair_ids.size]
    choice = np.full(n_i, -1, dtype=np.int64)
    picked = pair_ids[used > 0]
    choice[core.item[picked]] = picked
    bound = float(flow.optimal_cost() + constant) / scale
    log.info("transportation relaxation: cost %.0f", bound)
    pair_arc = np.full(core.item.size, -1, dtype=np.int64)
    pair_arc[pair_ids] = first + np.arange(pair_ids.size)
    unassigned_arc = np.full(n_i, -1, dtype=np.int64)
    if core.unassigned_penalty is not None:
        unassigned_arc[free] = first + pair_ids.size + np.arange(free.size)
    network = Network(
        np.concatenate(tails),
        np.concatenate(heads),
        np.concatenate(caps),
        np.concatenate(costs),
        np.asarray(all_flows, dtype=np.int64),
        int(supplies.size),
        pair_arc,
        unassigned_arc,
        bound,
        scale,
    )
    return FlowStart(choice=choice, bound=bound, mu=mu, network=network)
