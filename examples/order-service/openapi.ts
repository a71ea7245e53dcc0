/**
 * The order service's OpenAPI 3.1 description, served at `GET /openapi.json`. The tests check
 * that it names exactly the routes the app serves.
 */

type Json = Record<string, unknown>

const error = (description: string): Json => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
const ok = (description: string, schema: Json = { type: 'object' }): Json => ({ description, content: { 'application/json': { schema } } })
const body = (schema: Json, required = true): Json => ({ required, content: { 'application/json': { schema } } })
const pathId = (name: string, description: string): Json => ({ name, in: 'path', required: true, description, schema: { type: 'string', maxLength: 200 } })
const query = (name: string, required: boolean, schema: Json, description: string): Json => ({ name, in: 'query', required, description, schema })

/** Answers every route may give besides its own. */
const common = {
  '400': error('invalid request: the issues name the path of each problem'),
  '401': error('missing or wrong bearer token'),
  '403': error('request from a browser origin that is not allowed'),
  '413': error('body over 1,000,000 bytes'),
  '415': error('body not declared as JSON'),
  '429': error('over the rate limit of this client'),
  '503': error('the database is away, or the process is shutting down; retry'),
}

const operation = (summary: string, responses: Json, extra: Json = {}): Json => ({ summary, responses: { ...responses, ...common }, ...extra })

/** The description. */
export const openApiDocument = (): Json => ({
  openapi: '3.1.0',
  info: {
    title: 'omnistock order service',
    version: '1',
    description: 'Orders routed by omnistock and reserved in PostgreSQL, all or nothing; availability from the stock kept current from the event log.',
  },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error', 'message'],
        properties: { error: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, expected: { type: 'string' }, actual: { type: 'string' } } } } },
      },
      Order: {
        type: 'object',
        required: ['id', 'channel', 'lines', 'delivery'],
        description: 'An order document as the library decodes it (decodeOrder).',
        properties: { id: { type: 'string' }, channel: { type: 'string' }, lines: { type: 'array', items: { type: 'object', required: ['id', 'sku', 'quantity'] } }, delivery: { type: 'object' } },
      },
      InboundLot: { type: 'object', required: ['id', 'node', 'sku', 'quantity', 'eta'] },
      LineQuantities: { type: 'array', items: { type: 'object', required: ['node', 'sku', 'quantity'] } },
    },
  },
  paths: {
    '/health': {
      get: { summary: 'liveness, counters and the stock cache’s state (no token needed)', security: [], responses: { '200': ok('the process is up'), '503': error('shutting down') } },
    },
    '/openapi.json': { get: operation('this document', { '200': ok('OpenAPI 3.1') }) },
    '/metrics': { get: operation('Prometheus text format', { '200': { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } } }) },
    '/availability/{sku}': {
      get: operation('ATP at one node for a channel, with the position’s breakdown', { '200': ok('ATP'), '404': error('unknown node') }, {
        parameters: [pathId('sku', 'SKU'), query('node', true, { type: 'string' }, 'node id'), query('channel', true, { type: 'string' }, 'sales channel'), query('at', false, { type: 'string', format: 'date-time' }, 'instant (inbound lots landed by then count)')],
      }),
    },
    '/availability/{sku}/near': {
      get: operation('nodes near a point with ATP, nearest first', { '200': ok('nodes') }, {
        parameters: [
          pathId('sku', 'SKU'),
          query('channel', true, { type: 'string' }, 'sales channel'),
          query('lat', true, { type: 'number', minimum: -90, maximum: 90 }, 'latitude'),
          query('lon', true, { type: 'number', minimum: -180, maximum: 180 }, 'longitude'),
          query('radiusKm', true, { type: 'number', minimum: 0 }, 'radius'),
          query('limit', false, { type: 'integer', minimum: 1 }, 'at most this many nodes'),
        ],
      }),
    },
    '/availability/{sku}/channels': {
      get: operation('network ATP per channel', { '200': ok('per channel') }, { parameters: [pathId('sku', 'SKU'), query('channels', false, { type: 'string' }, 'comma-separated channels')] }),
    },
    '/orders': {
      post: operation(
        'route an order and reserve its plan, all or nothing',
        { '201': ok('placed: the plan and the reservation'), '409': error('out of stock, or the order id was placed already'), '422': error('the order cannot be routed') },
        { requestBody: body({ $ref: '#/components/schemas/Order' }), parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }] },
      ),
    },
    '/orders/{id}': { get: operation('an order, its plan and reservations', { '200': ok('the order'), '404': error('unknown order') }, { parameters: [pathId('id', 'order id')] }) },
    '/orders/{id}/rejections': {
      post: operation('a node cannot pick: re-route its units elsewhere', { '200': ok('re-routed'), '404': error('unknown order'), '409': error('the order holds no stock'), '422': error('cannot re-route') }, {
        parameters: [pathId('id', 'order id')],
        requestBody: body({ type: 'object', required: ['node'], properties: { node: { type: 'string' }, sku: { type: 'string' }, onHand: { type: 'integer', minimum: 0 } } }),
      }),
    },
    '/reservations/expire': { post: operation('expire every due hold', { '200': ok('expired reservations and their events') }) },
    '/reservations/{id}/confirm': { post: operation('payment captured: the hold no longer expires', { '200': ok('confirmed'), '404': error('unknown reservation'), '409': error('not live') }, { parameters: [pathId('id', 'reservation id')] }) },
    '/reservations/{id}/release': {
      post: operation('give units back to ATP, wholly or partly', { '200': ok('released'), '404': error('unknown reservation') }, {
        parameters: [pathId('id', 'reservation id')],
        requestBody: body({ type: 'object', properties: { lines: { $ref: '#/components/schemas/LineQuantities' } } }, false),
      }),
    },
    '/inbound': { post: operation('announce an inbound lot', { '201': ok('announced'), '409': error('lot announced already') }, { requestBody: body({ $ref: '#/components/schemas/InboundLot' }) }) },
    '/inbound/{id}/receipts': {
      post: operation('receive an inbound lot, wholly or partly', { '200': ok('received'), '404': error('unknown lot') }, {
        parameters: [pathId('id', 'lot id')],
        requestBody: body({ type: 'object', properties: { quantity: { type: 'integer', minimum: 1 } } }, false),
      }),
    },
    '/returns': {
      post: operation('units returned at a node join its on hand', { '200': ok('returned'), '404': error('unknown node') }, {
        requestBody: body({ type: 'object', required: ['node', 'sku', 'quantity'], properties: { node: { type: 'string' }, sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 }, reason: { type: 'string' } } }),
      }),
    },
    '/network': {
      put: operation(
        'replace the network and its stock policies, keeping every position, lot and reservation',
        { '200': ok('the new network version, nodes added and removed'), '409': error('a closed node still holds stock: every such position is named'), '422': error('the network or policies do not decode, compile or fit') },
        { requestBody: body({ type: 'object', required: ['network'], properties: { network: { type: 'object', description: 'a network document, as for --network' }, policies: { type: 'object', description: 'stock policies; none when absent' } } }) },
      ),
    },
    '/stock': {
      put: operation(
        'apply a stock snapshot: each row sets the on hand of its position, each new lot is announced; positions and lots it leaves out are kept',
        {
          '200': ok('counts of rows adjusted and unchanged, lots announced and unchanged, events written'),
          '400': error('the document does not decode: each problem named by its path'),
          '409': error('below-reserved: rows that would leave fewer units than live reservations hold; lot-conflict: lots announced already with other values'),
          '413': error('the body is over the size limit (1 MB)'),
          '422': error('the snapshot does not fit the network (unknown node, repeated position or lot) or carries policies'),
        },
        {
          requestBody: body({
            type: 'object',
            required: ['rows'],
            properties: {
              rows: { type: 'array', items: { type: 'object', required: ['node', 'sku', 'onHand'], properties: { node: { type: 'string' }, sku: { type: 'string' }, onHand: { type: 'integer', minimum: 0 } } } },
              inbound: { type: 'array', items: { $ref: '#/components/schemas/InboundLot' } },
            },
          }),
        },
      ),
    },
    '/ledger/check': { get: operation('replay the event log on the genesis and compare it with the tables', { '200': ok('consistent'), '500': ok('inconsistent: the mismatches') }) },
  },
})
