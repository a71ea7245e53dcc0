/**
 * The baseline strategies on hand-built instances: the order in which each visits the
 * facilities (node priority or distance, then node, stock on hand before inbound, the earlier
 * instant, the facility index), and the greedy walk that takes all it can from each one —
 * bounded by `maxOpen`, capacities, per-item supply shared between a node's instants, and
 * all-or-nothing — with the cost of exactly the units it took.
 */
import { describe, expect, it } from 'vitest'
import { greedySolution, nearestOrder, priorityOrder } from '../../src/routing/baselines.js'
import type { Facility, Instance } from '../../src/routing/instance.js'
import { compiledNetwork, nodeNorth } from '../support/network.js'
import { handInstance, handProblem, solutionShape, type HandFacility, type HandLine } from './support/instances.js'

/** One money unit in micros. */
const M = 1_000_000

interface Source extends HandFacility {
  readonly node: number
  readonly later?: boolean
  readonly stockAtMs?: number
  readonly metres?: number
}

/** A direct instance of `items` items with one facility per source; nothing but the facilities and the problem is read by the baselines. */
const instanceOf = (
  items: number,
  sources: readonly Source[],
  lines: readonly HandLine[],
  o: { readonly maxOpen?: number; readonly allOrNothing?: boolean } = {},
): Instance =>
  handInstance(
    handProblem(items, sources, lines, o),
    sources.map((f): Facility => ({ node: f.node, role: 'ship', later: f.later ?? false, stockAtMs: f.stockAtMs ?? 0, metres: f.metres ?? 0, etaMs: 0 })),
    Array.from({ length: items }, (_, s) => `SKU-${s}`),
    lines.map((l, t) => ({ lineId: String(t + 1), sku: `SKU-${l.item}`, quantity: l.quantity, penalty: l.penalty })),
  )

describe('the order the baselines visit facilities in', () => {
  // Nodes by id: A (index 0, priority 2), B (1, priority 1), C (2, priority 1), D (3, none:
  // last). C leaves now (facility 3) and when two lots land (facilities 2 at 100 and 1 at
  // 200, listed out of order); B has three facilities alike in every key but their index.
  const net = compiledNetwork({
    nodes: [
      nodeNorth('A', 'warehouse', 10, { priority: 2 }),
      nodeNorth('B', 'warehouse', 20, { priority: 1 }),
      nodeNorth('C', 'warehouse', 30, { priority: 1 }),
      nodeNorth('D', 'warehouse', 40),
    ],
  })
  const inst = instanceOf(1, [
    { node: 0, metres: 300 },
    { node: 2, later: true, stockAtMs: 200, metres: 100 },
    { node: 2, later: true, stockAtMs: 100, metres: 100 },
    { node: 2, metres: 100 },
    { node: 1, metres: 300 },
    { node: 3, metres: 50 },
    { node: 1, metres: 300 },
    { node: 1, metres: 300 },
  ], [{ item: 0, quantity: 1, penalty: 10 * M }])

  it('priority: lower priority first, then node; a node’s stock on hand before its lots, earlier lots first; then index', () => {
    // B (4, 6, 7 by index), C (now 3, then lots at 100: 2, at 200: 1), A (0), D without a priority (5).
    expect([...priorityOrder(net, inst)]).toEqual([4, 6, 7, 3, 2, 1, 0, 5])
  })

  it('nearest: shorter distance first, then node (A before B at 300 m), the same rules within a node', () => {
    // D at 50 m (5); C at 100 m (3, 2, 1); A and B at 300 m: A (0), then B (4, 6, 7).
    expect([...nearestOrder(inst)]).toEqual([5, 3, 2, 1, 0, 4, 6, 7])
  })

  it('every facility once, also for one facility and for none', () => {
    const one = instanceOf(1, [{ node: 2 }], [{ item: 0, quantity: 1, penalty: M }])
    expect([[...priorityOrder(net, one)], [...nearestOrder(one)]]).toEqual([[0], [0]])
    const none = instanceOf(1, [], [{ item: 0, quantity: 1, penalty: M }])
    expect([[...priorityOrder(net, none)], [...nearestOrder(none)]]).toEqual([[], []])
  })
})

describe('the greedy walk', () => {
  // Two items: X (2 units, penalty 40) and Y (1 unit, penalty 30). Facility 0 holds X only
  // (parcel 5, unit 1), facility 1 Y only (parcel 6, unit 2), facility 2 both (parcel 9, unit 3).
  const lines = [
    { item: 0, quantity: 2, penalty: 40 * M },
    { item: 1, quantity: 1, penalty: 30 * M },
  ]
  const sources: Source[] = [
    { node: 0, fixed: 5 * M, unit: [1 * M, 0], supply: [3, 0] },
    { node: 1, fixed: 6 * M, unit: [0, 2 * M], supply: [0, 4] },
    { node: 2, fixed: 9 * M, unit: [3 * M, 3 * M], supply: [5, 5] },
  ]

  it('opens no more than maxOpen facilities: with one, Y is left unserved though facility 1 has it', () => {
    // Facility 0 takes both X; the walk stops before facility 1: 5 + 2 × 1 + 30 for Y = 37.
    const s = greedySolution(instanceOf(2, sources, lines, { maxOpen: 1 }), [0, 1, 2])
    expect(solutionShape(s)).toEqual({
      open: [0],
      flow: [2, 0, 0, 0, 0, 0],
      unserved: [0, 1],
      cost: 37 * M,
      lowerBound: 0,
      optimality: 'bounded',
      searchNodes: 0,
      feasible: true,
    })
  })

  it('with two, facility 1 sends Y; the list of open facilities is ascending whatever the visiting order', () => {
    // Visiting 1, then 0: (6 + 2) + (5 + 2 × 1) = 15; nothing is left for facility 2.
    const s = greedySolution(instanceOf(2, sources, lines, { maxOpen: 2 }), [1, 0, 2])
    expect(solutionShape(s)).toMatchObject({ open: [0, 1], flow: [2, 0, 0, 1, 0, 0], unserved: [0, 0], cost: 15 * M })
    // Visiting 2 first, it takes everything: 9 + 3 × 3 = 18, and 0 and 1 open nothing.
    expect(solutionShape(greedySolution(instanceOf(2, sources, lines), [2, 1, 0]))).toMatchObject({ open: [2], flow: [0, 0, 0, 0, 2, 1], cost: 18 * M })
  })

  it('the list of open facilities is ascending after a walk that opened them in falling order', () => {
    // Three facilities, each with one of three items, visited 2, 1, 0: each sends its item.
    const three = instanceOf(
      3,
      [
        { node: 0, fixed: M, unit: [M, 0, 0], supply: [1, 0, 0] },
        { node: 1, fixed: M, unit: [0, M, 0], supply: [0, 1, 0] },
        { node: 2, fixed: M, unit: [0, 0, M], supply: [0, 0, 1] },
      ],
      [0, 1, 2].map((item) => ({ item, quantity: 1, penalty: 50 * M })),
    )
    const s = greedySolution(three, [2, 1, 0])
    expect(solutionShape(s)).toMatchObject({ open: [0, 1, 2], flow: [1, 0, 0, 0, 1, 0, 0, 0, 1], cost: 6 * M })
  })

  it('a facility takes no more of an item than it holds, over the item’s lines, and adds up what it sends of each', () => {
    // X (1 unit at 40) from facility 0; Y ordered on two lines (2 units at 50, 2 at 20) and
    // facility 1 holds 3: the dearer line is filled, the other gets 1, and facility 1 sends 3.
    // Cost (4 + 1) + (4 + 3 × 1) + 1 × 20 = 32.
    const s = greedySolution(
      instanceOf(
        2,
        [
          { node: 0, fixed: 4 * M, unit: [M, 0], supply: [2, 0] },
          { node: 1, fixed: 4 * M, unit: [0, M], supply: [0, 3] },
        ],
        [
          { item: 0, quantity: 1, penalty: 40 * M },
          { item: 1, quantity: 2, penalty: 50 * M },
          { item: 1, quantity: 2, penalty: 20 * M },
        ],
      ),
      [0, 1],
    )
    expect(solutionShape(s)).toMatchObject({ open: [0, 1], flow: [1, 0, 0, 3], unserved: [0, 0, 1], cost: 32 * M })
  })

  it('nor more units in all than its capacity', () => {
    // Capacity 3, X and Y 2 each, 5 of each held: 2 of X, 1 of Y. Cost 4 + 3 × 1 + 1 × 30 = 37.
    const s = greedySolution(
      instanceOf(2, [{ node: 0, fixed: 4 * M, unit: [M, M], supply: [5, 5], capacity: 3 }], [
        { item: 0, quantity: 2, penalty: 40 * M },
        { item: 1, quantity: 2, penalty: 30 * M },
      ]),
      [0],
    )
    expect(solutionShape(s)).toMatchObject({ flow: [2, 1], unserved: [0, 1], cost: 37 * M })
  })

  it('a node’s instants draw on one stock: the later one sends only what the earlier left of its cumulative supply', () => {
    // Node 0 now (2 units) and once a lot of 3 lands (cumulative 5), in group 0; node 1 holds
    // 4 more in group 1 now and cumulative 6 later. Six ordered: the walk takes 2 now, 3 from the
    // lot, then 1 from node 1 now. 3 parcels of 1 + 6 units of 1 = 9; node 1's later
    // instant is not needed.
    const stock = [
      { node: 0, fixed: M, unit: [M], supply: [2], group: 0 },
      { node: 0, fixed: M, unit: [M], supply: [5], group: 0, later: true, stockAtMs: 100 },
      { node: 1, fixed: M, unit: [M], supply: [4], group: 1 },
      { node: 1, fixed: M, unit: [M], supply: [6], group: 1, later: true, stockAtMs: 100 },
    ]
    const six = greedySolution(instanceOf(1, stock, [{ item: 0, quantity: 6, penalty: 40 * M }]), [0, 1, 2, 3])
    expect(solutionShape(six)).toMatchObject({ open: [0, 1, 2], flow: [2, 3, 1, 0], unserved: [0], cost: 9 * M })
    // Twelve ordered: 5 from node 0 and 6 from node 1, one unit unserved: 4 parcels, 11 units
    // and a penalty of 40 = 55.
    const twelve = greedySolution(instanceOf(1, stock, [{ item: 0, quantity: 12, penalty: 40 * M }]), [0, 1, 2, 3])
    expect(solutionShape(twelve)).toMatchObject({ open: [0, 1, 2, 3], flow: [2, 3, 4, 2], unserved: [1], cost: 55 * M })
  })

  it('all or nothing: an order it can fill ships; one it cannot ships nothing and pays every penalty', () => {
    const filled = greedySolution(instanceOf(2, sources, lines, { allOrNothing: true }), [0, 1, 2])
    expect(solutionShape(filled)).toMatchObject({ open: [0, 1], flow: [2, 0, 0, 1, 0, 0], unserved: [0, 0], cost: 15 * M, feasible: true })
    // With maxOpen 1, the walk cannot fill Y: nothing ships, 2 × 40 + 30 = 110.
    const empty = greedySolution(instanceOf(2, sources, lines, { allOrNothing: true, maxOpen: 1 }), [0, 1, 2])
    expect(solutionShape(empty)).toEqual({
      open: [],
      flow: [0, 0, 0, 0, 0, 0],
      unserved: [2, 1],
      cost: 110 * M,
      lowerBound: 0,
      optimality: 'bounded',
      searchNodes: 0,
      feasible: true,
    })
  })
})
