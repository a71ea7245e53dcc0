/**
 * Great-circle distances. Every distance in the library is the haversine distance on a sphere
 * of radius 6371 km, rounded to whole metres so that costs derived from it are exact integers.
 */

/** Mean Earth radius used for every distance, in kilometres. */
export const EARTH_RADIUS_KM = 6371

/** A point on the Earth in decimal degrees. */
export interface LatLon {
  readonly lat: number
  readonly lon: number
}

const RAD = Math.PI / 180

/**
 * Haversine distance between two points in kilometres (unrounded).
 *
 * @example haversineKm({ lat: 48.85, lon: 2.35 }, { lat: 45.76, lon: 4.84 }) // ≈ 391.5
 */
export const haversineKm = (a: LatLon, b: LatLon): number => {
  const dLat = (b.lat - a.lat) * RAD
  const dLon = (b.lon - a.lon) * RAD
  const s1 = Math.sin(dLat / 2)
  const s2 = Math.sin(dLon / 2)
  const h = s1 * s1 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * s2 * s2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Haversine distance in whole metres: the unit every cost and radius test uses.
 *
 * @example distanceMetres({ lat: 0, lon: 0 }, { lat: 0, lon: 1 }) // 111195
 */
export const distanceMetres = (a: LatLon, b: LatLon): number => Math.round(haversineKm(a, b) * 1000)

/**
 * Writes the point as a unit vector (x, y, z) at `out[at..at+2]`. The straight chord between
 * two such vectors, times the radius, never exceeds their great-circle distance (by under a
 * metre up to 100 km, about a kilometre at 1,000 km): a cheap lower bound, see
 * {@link metresBelow}.
 *
 * @example unitVector({ lat: 0, lon: 0 }, v, 0) // v[0..2] = 1, 0, 0
 */
export const unitVector = (p: LatLon, out: Float64Array, at: number): void => {
  const lat = p.lat * RAD
  const lon = p.lon * RAD
  const c = Math.cos(lat)
  out[at] = c * Math.cos(lon)
  out[at + 1] = c * Math.sin(lon)
  out[at + 2] = Math.sin(lat)
}

/** The point's unit vector as a new array (see {@link unitVector}). */
export const unitVectorOf = (p: LatLon): Float64Array => {
  const out = new Float64Array(3)
  unitVector(p, out, 0)
  return out
}

/**
 * Whole metres no more than `distanceMetres` between the point whose unit vector is at
 * `vectors[i..i+2]` and the one at `point[0..2]` (see {@link unitVector}): the chord length,
 * less a metre for rounding. A square root, no trigonometry.
 *
 * @example metresBelow(nodes.unitVectors, 3 * node, customer) // ≤ distanceMetres(node, customer)
 */
export const metresBelow = (vectors: Float64Array, i: number, point: Float64Array): number => {
  const dx = (vectors[i] as number) - (point[0] as number)
  const dy = (vectors[i + 1] as number) - (point[1] as number)
  const dz = (vectors[i + 2] as number) - (point[2] as number)
  return Math.max(0, Math.floor(Math.sqrt(dx * dx + dy * dy + dz * dz) * EARTH_RADIUS_KM * 1000) - 1)
}

/**
 * Latitude and longitude half-widths (degrees) of a box that contains every point within
 * `radiusKm` of `centre`; used to visit only nearby grid cells before the exact test.
 * The box is padded by one metre so that a point whose `distanceMetres` rounds down onto the
 * radius is inside it too. When the circle reaches a pole, every longitude is in range
 * (`dLon` = 360). Longitudes wrap: compare the difference modulo 360.
 *
 * @example boundingDegrees({ lat: 48.85, lon: 2.35 }, 100) // { dLat: ≈ 0.9, dLon: ≈ 1.38 }
 */
export const boundingDegrees = (centre: LatLon, radiusKm: number): { readonly dLat: number; readonly dLon: number } => {
  const dLat = (radiusKm + 0.001) / (EARTH_RADIUS_KM * RAD)
  const nearestPoleLat = Math.abs(centre.lat) + dLat
  // A circle around a pole contains points at every longitude; past 89.9° the cosine below
  // would also make the box uselessly wide, so treat that as reaching the pole.
  if (nearestPoleLat >= 89.9) return { dLat, dLon: 360 }
  const dLon = Math.min(360, dLat / Math.cos(nearestPoleLat * RAD))
  return { dLat, dLon }
}
