/**
 * Type-level tests: the decoded types are readonly and branded, so that code holding a
 * decoded value cannot mutate it or pass an unchecked string where a checked amount belongs.
 * These assertions are checked by `tsc` (`npm run typecheck`); at run time they are no-ops.
 * Statements that would fail at run time (writing to a stand-in value) sit in functions that
 * are type-checked but never called.
 */
import type * as E from 'fp-ts/lib/Either.js'
import { describe, expectTypeOf, test } from 'vitest'
import {
  decodeNetwork,
  decodeOrder,
  decodeReserveRequest,
  decodeScenario,
  decodeStockSnapshot,
  type DecodeError,
  type DecodeIssue,
} from '../../src/codecs/decode.js'
import type { Capability, Network, Node, NodeKind } from '../../src/model/network.js'
import type { Delivery, Order, OrderLine } from '../../src/model/order.js'
import type { Amount, Id, Instant, Location, PositiveQuantity, Quantity, Rate } from '../../src/model/primitives.js'
import type { Scenario } from '../../src/model/scenario.js'
import type { ReserveRequest, StockRow, StockSnapshot } from '../../src/model/stock.js'
import { formatMicros, toMicros, type Micros } from '../../src/money.js'

describe('decoders', () => {
  test('take unknown and return Either<DecodeError, T>', () => {
    expectTypeOf(decodeNetwork).parameter(0).toEqualTypeOf<unknown>()
    expectTypeOf(decodeNetwork).returns.toEqualTypeOf<E.Either<DecodeError, Network>>()
    expectTypeOf(decodeStockSnapshot).returns.toEqualTypeOf<E.Either<DecodeError, StockSnapshot>>()
    expectTypeOf(decodeOrder).returns.toEqualTypeOf<E.Either<DecodeError, Order>>()
    expectTypeOf(decodeReserveRequest).returns.toEqualTypeOf<E.Either<DecodeError, ReserveRequest>>()
    expectTypeOf(decodeScenario).returns.toEqualTypeOf<E.Either<DecodeError, Scenario>>()
  })

  test('errors are tagged, readonly data', () => {
    expectTypeOf<DecodeError['_tag']>().toEqualTypeOf<'decode-error'>()
    expectTypeOf<DecodeError['issues']>().toEqualTypeOf<readonly DecodeIssue[]>()
    expectTypeOf<DecodeIssue>().toEqualTypeOf<{ readonly path: string; readonly expected: string; readonly actual: string }>()
    const mutate = (issue: DecodeIssue): void => {
      // @ts-expect-error issues are readonly
      issue.path = '$'
    }
    void mutate
  })
})

describe('decoded documents are readonly', () => {
  test('an order and its lines', () => {
    expectTypeOf<Order['lines']>().toEqualTypeOf<readonly OrderLine[]>()
    expectTypeOf<Order['lines']>().not.toExtend<OrderLine[]>()
    const mutate = (order: Order, line: OrderLine): void => {
      // @ts-expect-error lines cannot be replaced
      order.lines = []
      // @ts-expect-error lines cannot be pushed to
      order.lines.push(line)
      // @ts-expect-error a line's quantity cannot change
      line.quantity = 3 as PositiveQuantity
    }
    void mutate
  })

  test('networks, nodes and their nested records', () => {
    expectTypeOf<Network['nodes']>().toEqualTypeOf<readonly Node[]>()
    expectTypeOf<Node['capabilities']>().toEqualTypeOf<readonly Capability[] | undefined>()
    const mutate = (node: Node, rows: StockSnapshot['rows']): void => {
      // @ts-expect-error a node's costs cannot be replaced
      node.costs = node.costs
      // @ts-expect-error nested records are readonly too
      node.costs.package = '1' as Amount
      // @ts-expect-error locations are readonly
      node.location.lat = node.location.lat
      // @ts-expect-error stock rows cannot be sorted in place
      rows.sort()
    }
    void mutate
  })

  test('optional fields are absent, not undefined-valued (exactOptionalPropertyTypes)', () => {
    // @ts-expect-error an explicit undefined is not an absent maxShipments
    const order: Order = { id: '' as Id, channel: '' as Id, lines: [], delivery: { method: 'pickup', node: '' as Id }, maxShipments: undefined }
    void order
    expectTypeOf<Order>().toHaveProperty('maxShipments').toEqualTypeOf<PositiveQuantity | undefined>()
  })
})

describe('branded primitives', () => {
  test('a plain string is not an Amount, Rate, Id or Instant', () => {
    expectTypeOf<string>().not.toExtend<Amount>()
    expectTypeOf<string>().not.toExtend<Rate>()
    expectTypeOf<string>().not.toExtend<Id>()
    expectTypeOf<string>().not.toExtend<Instant>()
    // …but a branded value is still a string for reading.
    expectTypeOf<Amount>().toExtend<string>()
    expectTypeOf<Id>().toExtend<string>()
    // @ts-expect-error an unchecked string cannot be used as a package cost
    const costs: Node['costs'] = { package: '8.759', unit: '0.423' as Amount, perUnitKm: '0' as Rate }
    void costs
  })

  test('brands do not mix', () => {
    expectTypeOf<Amount>().not.toExtend<Rate>()
    expectTypeOf<Rate>().not.toExtend<Amount>()
    expectTypeOf<Quantity>().not.toExtend<PositiveQuantity>()
    expectTypeOf<number>().not.toExtend<Quantity>()
    expectTypeOf<Quantity>().toExtend<number>()
  })

  test('a stock row needs checked ids and a checked quantity', () => {
    // @ts-expect-error a plain number is not a Quantity
    const row: StockRow = { node: 'a' as Id, sku: 'b' as Id, onHand: 3 }
    void row
  })

  test('money helpers work on decimal strings and integer micros', () => {
    expectTypeOf(toMicros).parameter(0).toEqualTypeOf<string>()
    expectTypeOf(toMicros).returns.toEqualTypeOf<Micros>()
    expectTypeOf(formatMicros).returns.toEqualTypeOf<string>()
    expectTypeOf<Micros>().toEqualTypeOf<number>()
  })
})

describe('unions and enums', () => {
  test('delivery is discriminated by method', () => {
    expectTypeOf<Delivery['method']>().toEqualTypeOf<'ship' | 'pickup'>()
    const narrow = (delivery: Delivery): void => {
      if (delivery.method === 'ship') expectTypeOf(delivery.to).toEqualTypeOf<Location>()
      else expectTypeOf(delivery.node).toEqualTypeOf<Id>()
    }
    void narrow
  })

  test('node kinds and capabilities are closed sets', () => {
    expectTypeOf<NodeKind>().toEqualTypeOf<'warehouse' | 'store' | 'dark-store' | 'locker' | 'supplier'>()
    expectTypeOf<Capability>().toEqualTypeOf<'ship' | 'pickup' | 'transfer-in' | 'transfer-out' | 'hub'>()
    expectTypeOf<Scenario['strategy']>().toEqualTypeOf<'optimal' | 'fastest' | 'priority' | 'nearest' | undefined>()
  })
})
