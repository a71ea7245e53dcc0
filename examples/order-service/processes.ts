/**
 * Helpers of the load script and the tests: scratch PostgreSQL databases, and service
 * processes started the way users scale out (several processes, one database).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

/** SQLSTATE of a session another role owns, which DROP DATABASE … WITH (FORCE) may not end. */
const INSUFFICIENT_PRIVILEGE = '42501'
const DROP_ATTEMPTS = 8

/** A throwaway database on the server `adminUrl` points at. */
export interface ScratchDatabase {
  readonly url: string
  readonly name: string
  drop(): Promise<void>
}

/** Creates an empty database next to the one `adminUrl` names (the role needs CREATEDB). */
export const createScratchDatabase = async (adminUrl: string, prefix: string): Promise<ScratchDatabase> => {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`.toLowerCase()
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      try {
        // FORCE ends the database's sessions, but a role without pg_signal_backend may not end
        // another role's (an autovacuum worker passing through the database): wait for it.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
            return
          } catch (e) {
            if ((e as { code?: string }).code !== INSUFFICIENT_PRIVILEGE || attempt >= DROP_ATTEMPTS) throw e
            await new Promise((r) => setTimeout(r, 250 * attempt))
          }
        }
      } finally {
        await c.end()
      }
    },
  }
}

/** A service process. */
export interface ServiceProcess {
  readonly url: string
  readonly child: ChildProcess
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it exited. */
  stop(graceMs?: number): Promise<void>
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))

/**
 * Starts `node --import tsx main.ts` on a free loopback port against `databaseUrl` (no request
 * log, no rate limit: the load comes from one client); resolves with its URL once it prints
 * that it listens (or rejects after `timeoutMs`).
 */
export const startServiceProcess = (
  databaseUrl: string,
  options: {
    readonly timeoutMs?: number
    readonly args?: readonly string[]
    readonly env?: Readonly<Record<string, string>>
    /** Node's own flags (`--cpu-prof`, …), before the script. */
    readonly nodeArgs?: readonly string[]
  } = {},
): Promise<ServiceProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', MAIN, '--port', '0', '--host', '127.0.0.1', '--expire-every', '0', '--quiet', '--rate', '0', ...(options.args ?? [])], {
      env: { ...process.env, ...options.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const stop = async (graceMs = 5_000): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`service did not start within ${options.timeoutMs ?? 60_000} ms:\n${output}`))
    }, options.timeoutMs ?? 60_000)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const m = /listening on (http:\/\/\S+)/.exec(output)
      if (m?.[1] !== undefined) {
        clearTimeout(timer)
        resolve({ url: m[1], child, stop })
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`service exited (${code ?? signal}) before listening:\n${output}`))
    })
  })

/** True for loopback hosts only: the load script refuses to send traffic anywhere else. */
export const isLoopback = (url: string): boolean => {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}
