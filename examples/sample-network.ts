/**
 * A small French omnichannel network with real city coordinates: three warehouses, stores
 * in Lyon, Villeurbanne, Paris, Marseille and Lille, a Paris dark store, a Lyon locker and a
 * drop-ship supplier. Used by the demo, the recipes (examples/recipes/) and the story tests. Every node
 * keeps Paris time (daylight-saving changes included); stores open Monday to Saturday with
 * French shop hours, warehouses six days a week, the dark store every day, the locker around
 * the clock; everyone but the locker and the dark store closes on Christmas Day and New Year's Day.
 */
const week = (hours: readonly (readonly [string, string])[], days: readonly string[]): Record<string, readonly (readonly [string, string])[]> =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, days.includes(d) ? hours : []]))
const MON_SAT = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const HOLIDAYS = ['2026-12-25', '2027-01-01']
const paris = 'Europe/Paris'
const warehouseHours = week([['06:00', '22:00']], MON_SAT)
const storeHours = week([['10:00', '19:00']], MON_SAT)

export const sampleNetwork = {
  currency: 'EUR',
  transit: { baseHours: 24, kmPerHour: 80 },
  skus: [
    { id: 'SNEAKER-42', name: 'Trail sneaker, size 42' },
    { id: 'JACKET-M', name: 'Rain jacket, M' },
    { id: 'TENT-4P', name: 'Four-person tent', attributes: ['bulky'] },
    { id: 'LAMP', name: 'Head lamp' },
  ],
  nodes: [
    {
      id: 'W-PARIS', kind: 'warehouse', name: 'Paris-Bonneuil warehouse', region: 'IDF',
      location: { lat: 48.7717, lon: 2.4874 }, cutoff: '17:00', timeZone: paris, openingHours: warehouseHours, closedDates: HOLIDAYS, leadTimeHours: 4, priority: 1,
      costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336', transfer: { fixed: '4.50', unit: '0.20', perUnitKm: '0.00025' } },
    },
    {
      id: 'W-LYON', kind: 'warehouse', name: 'Lyon-Saint-Priest warehouse', region: 'ARA',
      location: { lat: 45.6969, lon: 4.9437 }, cutoff: '17:00', timeZone: paris, openingHours: warehouseHours, closedDates: HOLIDAYS, leadTimeHours: 4, priority: 2,
      costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336', transfer: { fixed: '4.50', unit: '0.20', perUnitKm: '0.00025' } },
    },
    {
      id: 'W-BORDEAUX', kind: 'warehouse', name: 'Bordeaux warehouse', region: 'NAQ',
      location: { lat: 44.8378, lon: -0.5792 }, cutoff: '16:00', timeZone: paris, openingHours: warehouseHours, closedDates: HOLIDAYS, leadTimeHours: 4, priority: 3,
      costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' },
    },
    {
      id: 'S-LYON-PART-DIEU', kind: 'store', name: 'Lyon Part-Dieu', region: 'ARA',
      location: { lat: 45.7606, lon: 4.8594 }, timeZone: paris, openingHours: storeHours, closedDates: HOLIDAYS, leadTimeHours: 2, priority: 10, dailyCapacity: { orders: 40, units: 120 },
      costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336', transfer: { fixed: '3.50', unit: '0.60', perUnitKm: '0.0002' } },
    },
    {
      id: 'S-VILLEURBANNE', kind: 'store', name: 'Villeurbanne Gratte-Ciel', region: 'ARA',
      location: { lat: 45.7719, lon: 4.8902 }, timeZone: paris, openingHours: storeHours, closedDates: HOLIDAYS, leadTimeHours: 2, priority: 11, dailyCapacity: { orders: 25, units: 80 },
      costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336', transfer: { fixed: '3.50', unit: '0.60', perUnitKm: '0.0002' } },
    },
    {
      id: 'S-PARIS-RIVOLI', kind: 'store', name: 'Paris Rivoli', region: 'IDF',
      location: { lat: 48.8606, lon: 2.3376 }, timeZone: paris, openingHours: week([['10:00', '20:00']], MON_SAT), closedDates: HOLIDAYS, leadTimeHours: 2, priority: 12, dailyCapacity: { orders: 60, units: 200 },
      costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336', transfer: { fixed: '3.50', unit: '0.60', perUnitKm: '0.0002' } },
    },
    {
      id: 'S-MARSEILLE', kind: 'store', name: 'Marseille Vieux-Port', region: 'PACA',
      location: { lat: 43.2965, lon: 5.3698 }, timeZone: paris, openingHours: storeHours, closedDates: HOLIDAYS, leadTimeHours: 2, priority: 13,
      costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336', transfer: { fixed: '3.50', unit: '0.60', perUnitKm: '0.0002' } },
    },
    {
      id: 'S-LILLE', kind: 'store', name: 'Lille Grand Place', region: 'HDF',
      location: { lat: 50.6372, lon: 3.0633 }, timeZone: paris, openingHours: storeHours, closedDates: HOLIDAYS, leadTimeHours: 2, priority: 14,
      costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336', transfer: { fixed: '3.50', unit: '0.60', perUnitKm: '0.0002' } },
    },
    {
      id: 'DS-PARIS-11', kind: 'dark-store', name: 'Paris 11e dark store', region: 'IDF',
      location: { lat: 48.8589, lon: 2.3795 }, timeZone: paris, openingHours: week([['08:00', '23:00']], [...MON_SAT, 'sun']), leadTimeHours: 1, priority: 5,
      costs: { package: '5.90', unit: '0.80', perUnitKm: '0.000336' },
    },
    {
      id: 'L-LYON-PERRACHE', kind: 'locker', name: 'Lyon Perrache locker', region: 'ARA',
      location: { lat: 45.7485, lon: 4.8270 }, timeZone: paris,
      costs: { package: '0', unit: '0.10', perUnitKm: '0' },
    },
    {
      id: 'SUP-OUTDOOR', kind: 'supplier', name: 'Outdoor drop-ship supplier', region: 'ARA',
      location: { lat: 45.1885, lon: 5.7245 }, timeZone: paris, openingHours: week([['08:00', '18:00']], ['mon', 'tue', 'wed', 'thu', 'fri']), closedDates: HOLIDAYS, leadTimeHours: 48, priority: 50,
      costs: { package: '12.00', unit: '0.50', perUnitKm: '0.000336' },
    },
  ],
} as const

export const sampleStock = {
  rows: [
    { node: 'W-PARIS', sku: 'SNEAKER-42', onHand: 40 },
    { node: 'W-PARIS', sku: 'JACKET-M', onHand: 25 },
    { node: 'W-PARIS', sku: 'TENT-4P', onHand: 6 },
    { node: 'W-LYON', sku: 'JACKET-M', onHand: 12 },
    { node: 'W-LYON', sku: 'LAMP', onHand: 30 },
    { node: 'W-BORDEAUX', sku: 'SNEAKER-42', onHand: 15 },
    { node: 'W-BORDEAUX', sku: 'TENT-4P', onHand: 3 },
    { node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', onHand: 1 },
    { node: 'S-LYON-PART-DIEU', sku: 'LAMP', onHand: 4 },
    { node: 'S-VILLEURBANNE', sku: 'JACKET-M', onHand: 3 },
    { node: 'S-PARIS-RIVOLI', sku: 'SNEAKER-42', onHand: 5 },
    { node: 'S-PARIS-RIVOLI', sku: 'JACKET-M', onHand: 4 },
    { node: 'S-MARSEILLE', sku: 'SNEAKER-42', onHand: 2 },
    { node: 'S-MARSEILLE', sku: 'TENT-4P', onHand: 1 },
    { node: 'S-LILLE', sku: 'JACKET-M', onHand: 2 },
    { node: 'DS-PARIS-11', sku: 'LAMP', onHand: 8 },
    { node: 'SUP-OUTDOOR', sku: 'TENT-4P', onHand: 50 },
  ],
  inbound: [
    { id: 'PO-7781', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 20, eta: '2026-11-29T08:00:00Z' },
  ],
  policies: {
    safetyStock: [{ nodeKind: 'warehouse', quantity: 1 }],
    ringFences: [{ channel: 'store', nodeKind: 'store', quantity: 0 }],
    confidenceBuffers: [{ nodeKind: 'store', sku: 'JACKET-M', quantity: 1 }],
  },
} as const

/** Customer addresses used by the examples. */
export const customers = {
  lyonPresquile: { lat: 45.7578, lon: 4.832 },
  parisBastille: { lat: 48.8532, lon: 2.3692 },
  grenoble: { lat: 45.1885, lon: 5.7245 },
  toulouse: { lat: 43.6047, lon: 1.4442 },
} as const
