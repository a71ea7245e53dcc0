/** The bundled communes of metropolitan France (see data/fr-communes.json for the source note). */
import data from './data/fr-communes.json' with { type: 'json' }

export interface Commune {
  readonly name: string
  readonly department: string
  /** INSEE region code, e.g. "11" for Île-de-France. */
  readonly region: string
  readonly lat: number
  readonly lon: number
  readonly population: number
}

/** Communes, most populous first. */
export const COMMUNES: readonly Commune[] = data.communes

/** INSEE region code → region name. */
export const REGION_NAMES: Readonly<Record<string, string>> = data.regions

/** Short region ids used as node regions (INSEE code → id). */
export const REGION_IDS: Readonly<Record<string, string>> = {
  '11': 'IDF',
  '24': 'CVL',
  '27': 'BFC',
  '28': 'NOR',
  '32': 'HDF',
  '44': 'GES',
  '52': 'PDL',
  '53': 'BRE',
  '75': 'NAQ',
  '76': 'OCC',
  '84': 'ARA',
  '93': 'PAC',
  '94': 'COR',
}

/** The commune of that name, or throws (generator code only). */
export const commune = (name: string): Commune => {
  const c = COMMUNES.find((x) => x.name === name)
  if (c === undefined) throw new Error(`no commune ${name} in the bundled data`)
  return c
}
