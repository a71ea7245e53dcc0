import { test as fcTest } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatLocalInstant, formatLocalIso, formatMoney, zoneOfNode } from '../src/display.js'
import { formatMicros } from '../src/money.js'

describe('formatMoney', () => {
  it('two decimals and the currency symbol or code, in the en locale', () => {
    expect(formatMoney('14.65', 'EUR')).toBe('€14.65')
    expect(formatMoney('1234.5', 'EUR')).toBe('€1,234.50')
    expect(formatMoney('3', 'CHF')).toBe('CHF 3.00')
    expect(formatMoney('3', 'GBP')).toBe('£3.00')
    // Two decimals whatever the currency's own minor unit.
    expect(formatMoney('14.65', 'JPY')).toBe('¥14.65')
  })

  it('without a currency, a plain decimal with two decimals and no grouping', () => {
    expect(formatMoney('14.65')).toBe('14.65')
    expect(formatMoney('1234567.5')).toBe('1234567.50')
  })

  it('rounds the exact decimal half away from zero, never through a double', () => {
    expect(formatMoney('14.655', 'EUR')).toBe('€14.66')
    expect(formatMoney('1.005', 'EUR')).toBe('€1.01')
    expect(formatMoney('123456789.125')).toBe('123456789.13')
    expect(formatMoney('-2.345', 'EUR')).toBe('-€2.35')
    expect(formatMoney('-0.004', 'EUR')).toBe('€0.00')
  })

  it('reads micro-units as their decimal', () => {
    expect(formatMoney(14_650_000, 'EUR')).toBe('€14.65')
    expect(formatMoney(8_759_000)).toBe('8.76')
  })

  fcTest.prop([fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 })])('the plain form is the micros rounded to cents, half away from zero', (micros) => {
    const cents = Math.sign(micros) * Math.round(Math.abs(micros) / 10_000)
    const expected = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`
    expect(formatMoney(formatMicros(micros))).toBe(expected)
  })
})

describe('formatLocalInstant', () => {
  it('an IANA zone, across the March change to summer time', () => {
    expect(formatLocalInstant(Date.parse('2026-03-28T16:30:00Z'), 'Europe/Paris')).toBe('Sat 28 Mar 17:30 Europe/Paris')
    expect(formatLocalInstant(Date.parse('2026-03-30T08:00:00Z'), 'Europe/Paris')).toBe('Mon 30 Mar 10:00 Europe/Paris')
  })

  it('and the October change back', () => {
    expect(formatLocalInstant(Date.parse('2026-10-24T08:00:00Z'), 'Europe/Paris')).toBe('Sat 24 Oct 10:00 Europe/Paris')
    expect(formatLocalInstant(Date.parse('2026-10-26T09:00:00Z'), 'Europe/Paris')).toBe('Mon 26 Oct 10:00 Europe/Paris')
  })

  it('fixed offsets, which Node 20 Intl refuses, applied by hand', () => {
    expect(formatLocalInstant(Date.parse('2026-03-28T16:30:00Z'), '+01:00')).toBe('Sat 28 Mar 17:30 +01:00')
    expect(formatLocalInstant(Date.parse('2026-01-01T02:00:00Z'), '-05:30')).toBe('Wed 31 Dec 20:30 -05:30')
    expect(formatLocalInstant(Date.parse('2026-01-01T02:00:00Z'), 'UTC')).toBe('Thu 1 Jan 02:00 UTC')
  })

  it('an unknown zone is shown in UTC rather than throwing', () => {
    expect(formatLocalInstant(0, 'Nowhere/Else')).toBe('Thu 1 Jan 00:00 UTC')
  })

  it('ISO instants from plans; a node zone is its timeZone, else its utcOffset, else UTC', () => {
    expect(formatLocalIso('2026-03-30T08:00:00Z', 'Europe/Paris')).toBe('Mon 30 Mar 10:00 Europe/Paris')
    expect(formatLocalIso('not an instant', 'Europe/Paris')).toBe('not an instant')
    expect(zoneOfNode({ timeZone: 'Europe/Paris', utcOffset: '+01:00' })).toBe('Europe/Paris')
    expect(zoneOfNode({ utcOffset: '+01:00' })).toBe('+01:00')
    expect(zoneOfNode(undefined)).toBe('UTC')
  })

  fcTest.prop([fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -14 * 60, max: 14 * 60 })])('a fixed offset reads as UTC shifted by it', (ms, minutes) => {
    const sign = minutes < 0 ? '-' : '+'
    const a = Math.abs(minutes)
    const zone = `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
    expect(formatLocalInstant(ms, zone)).toBe(formatLocalInstant(ms + minutes * 60_000, 'UTC').replace(/UTC$/, zone))
  })
})
