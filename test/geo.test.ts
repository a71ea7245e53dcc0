import { test } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect } from 'vitest'
import { EARTH_RADIUS_KM, boundingDegrees, distanceMetres, haversineKm, metresBelow, unitVector, type LatLon } from '../src/geo.js'

const RAD = Math.PI / 180

const latArb = fc.double({ min: -90, max: 90, noNaN: true })
const lonArb = fc.double({ min: -180, max: 180, noNaN: true })
const pointArb: fc.Arbitrary<LatLon> = fc.oneof(
  fc.record({ lat: latArb, lon: lonArb }),
  // Places that break naive formulas: poles, the antimeridian, the equator.
  fc.record({ lat: fc.constantFrom(-90, 90, 0, 89.999999, -89.999999), lon: fc.constantFrom(-180, 180, 0, 179.999999) }),
)

/**
 * The point `km` away from `from` on initial bearing `bearingDeg`, on the same sphere: the
 * standard destination formula, written independently of the code under test.
 */
const destination = (from: LatLon, bearingDeg: number, km: number): LatLon => {
  const d = km / EARTH_RADIUS_KM
  const b = bearingDeg * RAD
  const lat1 = from.lat * RAD
  const lon1 = from.lon * RAD
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b))
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2))
  const lon = ((((lon2 / RAD + 540) % 360) + 360) % 360) - 180
  return { lat: lat2 / RAD, lon }
}

/** Longitude difference folded into [0, 180]. */
const lonGap = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 360
  return d > 180 ? 360 - d : d
}

describe('haversineKm', () => {
  test('Paris–Lyon is about 391–392 km', () => {
    const paris = { lat: 48.8566, lon: 2.3522 }
    const lyon = { lat: 45.764, lon: 4.8357 }
    const km = haversineKm(paris, lyon)
    expect(km).toBeGreaterThan(391)
    expect(km).toBeLessThan(392)
    expect(distanceMetres(paris, lyon)).toBe(Math.round(km * 1000))
  })

  test('one degree of longitude on the equator and the half circumference', () => {
    expect(distanceMetres({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBe(111_195)
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6)
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6)
    // Across the antimeridian, the short way round.
    expect(haversineKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(111.195, 2)
  })

  test.prop([pointArb, pointArb])('is symmetric', (a, b) => {
    expect(haversineKm(a, b)).toBe(haversineKm(b, a))
    expect(distanceMetres(a, b)).toBe(distanceMetres(b, a))
  })

  test.prop([pointArb])('is zero between a point and itself', (a) => {
    expect(haversineKm(a, a)).toBe(0)
    expect(distanceMetres(a, { ...a })).toBe(0)
  })

  test.prop([pointArb, pointArb])('is between 0 and half the circumference', (a, b) => {
    const km = haversineKm(a, b)
    expect(km).toBeGreaterThanOrEqual(0)
    expect(km).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + 1e-9)
  })

  // Haversine's asin is ill-conditioned near antipodal points, where it can be ~0.2 m off;
  // everywhere else the slack is far below a millimetre.
  test.prop([pointArb, pointArb, pointArb])('satisfies the triangle inequality (within half a metre)', (a, b, c) => {
    expect(haversineKm(a, c)).toBeLessThanOrEqual(haversineKm(a, b) + haversineKm(b, c) + 5e-4)
  })

  test.prop([pointArb, pointArb, pointArb])('satisfies the triangle inequality within a millimetre below 15,000 km', (a, b, c) => {
    fc.pre(haversineKm(a, c) < 15_000)
    expect(haversineKm(a, c)).toBeLessThanOrEqual(haversineKm(a, b) + haversineKm(b, c) + 1e-6)
  })

  test.prop([pointArb, fc.double({ min: 0, max: 360, noNaN: true }), fc.double({ min: 0, max: 19_000, noNaN: true })])(
    'measures the distance the destination formula walked (within a metre)',
    (from, bearing, km) => {
      expect(Math.abs(haversineKm(from, destination(from, bearing, km)) - km)).toBeLessThan(1e-3)
    },
  )
})

describe('distanceMetres', () => {
  test.prop([pointArb, pointArb])('is a non-negative integer, the rounded haversine', (a, b) => {
    const m = distanceMetres(a, b)
    expect(Number.isInteger(m)).toBe(true)
    expect(m).toBeGreaterThanOrEqual(0)
    expect(Math.abs(m - haversineKm(a, b) * 1000)).toBeLessThanOrEqual(0.5)
  })
})

describe('boundingDegrees', () => {
  test('a 100 km box around Paris', () => {
    const { dLat, dLon } = boundingDegrees({ lat: 48.85, lon: 2.35 }, 100)
    expect(dLat).toBeCloseTo(0.8993, 3)
    expect(dLon).toBeGreaterThan(dLat / Math.cos(48.85 * RAD))
    expect(dLon).toBeLessThan(1.5)
  })

  test('a circle that reaches a pole covers every longitude', () => {
    // 1.2 km around a point 0.005° from the North Pole reaches across it.
    expect(boundingDegrees({ lat: 89.995, lon: 10 }, 1.2).dLon).toBe(360)
    expect(boundingDegrees({ lat: -89.995, lon: 10 }, 1.2).dLon).toBe(360)
    expect(boundingDegrees({ lat: 0, lon: 0 }, 20_000).dLon).toBe(360)
  })

  test.prop([
    pointArb,
    fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 5_000, noNaN: true })),
    fc.double({ min: 0, max: 360, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ])('contains every point within the radius', (centre, radiusKm, bearing, fraction) => {
    const p = destination(centre, bearing, radiusKm * fraction)
    // The exact test the box stands in front of:
    fc.pre(distanceMetres(centre, p) <= radiusKm * 1000)
    const { dLat, dLon } = boundingDegrees(centre, radiusKm)
    expect(Math.abs(p.lat - centre.lat)).toBeLessThanOrEqual(dLat)
    if (dLon < 180) expect(lonGap(p.lon, centre.lon)).toBeLessThanOrEqual(dLon)
  })

  test.prop([pointArb, fc.double({ min: 0.001, max: 2_000, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true })])(
    'contains points whose rounded distance is exactly the radius',
    (centre, radiusKm, bearing) => {
      // A point up to half a metre beyond the radius still rounds onto it.
      const p = destination(centre, bearing, radiusKm + 0.0004)
      fc.pre(distanceMetres(centre, p) <= Math.round(radiusKm * 1000))
      const { dLat, dLon } = boundingDegrees(centre, radiusKm)
      expect(Math.abs(p.lat - centre.lat)).toBeLessThanOrEqual(dLat)
      if (dLon < 180) expect(lonGap(p.lon, centre.lon)).toBeLessThanOrEqual(dLon)
    },
  )
})

describe('metresBelow', () => {
  const below = (a: LatLon, b: LatLon): number => {
    const v = new Float64Array(6)
    unitVector(a, v, 0)
    unitVector(b, v, 3)
    return metresBelow(v, 0, v.subarray(3))
  }

  test.prop([pointArb, pointArb])('never exceeds distanceMetres, and is a whole, non-negative number of metres', (a, b) => {
    const m = below(a, b)
    expect(Number.isInteger(m)).toBe(true)
    expect(m).toBeGreaterThanOrEqual(0)
    expect(m).toBeLessThanOrEqual(distanceMetres(a, b))
  })

  test.prop([pointArb, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true })])(
    'is within 3 m of the distance up to 100 km (chord under a metre short, a metre of margin, rounding)',
    (from, km, bearing) => {
      const to = destination(from, bearing, km)
      expect(distanceMetres(from, to) - below(from, to)).toBeLessThanOrEqual(3)
    },
  )

  test('Paris–Lyon: a chord about 0.2 km short of the 391.5 km arc', () => {
    const d = below({ lat: 48.8566, lon: 2.3522 }, { lat: 45.764, lon: 4.8357 })
    expect(d).toBeGreaterThan(391_000)
    expect(d).toBeLessThan(distanceMetres({ lat: 48.8566, lon: 2.3522 }, { lat: 45.764, lon: 4.8357 }))
  })
})
