import { describe, expect, expectTypeOf, it } from 'vitest'
import * as stock from '../../src/stock/index.js'

describe('public stock API', () => {
  it('exports exactly the names the routing engine and callers use', () => {
    expect(Object.keys(stock).sort()).toEqual(
      [
        'adjustOnHand',
        'announceInbound',
        'applyEvent',
        'atpAcrossNetwork',
        'atpAt',
        'atpInRegion',
        'atpNear',
        'availableToPromise',
        'buildScenarioStock',
        'buildStock',
        'changeNetwork',
        'confirm',
        'expire',
        'fulfil',
        'getReservation',
        'holderBits',
        'holderWords',
        'inboundLotsAt',
        'lastEventAt',
        'liveReservations',
        'nodesHoldingSku',
        'positionBreakdown',
        'receiveInbound',
        'release',
        'replay',
        'reserve',
        'returnUnits',
        'skuAttributes',
        'skuIdOf',
        'skuIndexOf',
        'strandedStock',
      ].sort(),
    )
  })

  it('types the hot path with plain numbers', () => {
    expectTypeOf(stock.atpAt).parameters.toEqualTypeOf<[stock.StockState, number, number, string, (number | undefined)?]>()
    expectTypeOf(stock.atpAt).returns.toEqualTypeOf<number>()
    expectTypeOf(stock.nodesHoldingSku).returns.toEqualTypeOf<ReadonlyArray<number>>()
  })
})
