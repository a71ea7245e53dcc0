/** A network document decoded and compiled for a test; a malformed one fails the test with its message. */
import * as E from 'fp-ts/lib/Either.js'
import { decodeNetwork } from '../../src/codecs/decode.js'
import { compileNetwork, type CompiledNetwork } from '../../src/network/compile.js'

export const compiledNetwork = (doc: unknown): CompiledNetwork => {
  const d = decodeNetwork(doc)
  if (E.isLeft(d)) throw new Error(d.left.message)
  const n = compileNetwork(d.right)
  if (E.isLeft(n)) throw new Error(JSON.stringify(n.left))
  return n.right
}
