// An unmodified Node yjs + y-websocket client, driven by test_node_client.py.
//
// Usage: node client.mjs '{"server": "ws://host/ws", "room": "<id>/tree", "params": {"token": "…"}}'
// Reads one JSON command per line on stdin ({"id", "op", ...args}) and writes
// one JSON object per line on stdout: {"event": "reply", "id", "result"} or
// {"event": "reply", "id", "error"} for commands, and unprompted events:
// status, sync, connection-close, closed, connection-error, doc (the whole
// tree after each change), awareness (every state after each change),
// save-ack. It never waits for a state itself: the Python side does, with a
// deadline.

import * as readline from 'node:readline'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

// Our wire extension (workshops/document_schema.py): [100][varuint n] is
// answered with the same frame once the server stored what came before it.
const MESSAGE_SAVE_BARRIER = 100

const config = JSON.parse(process.argv[2])

const emit = (message) => {
  process.stdout.write(JSON.stringify(message) + '\n')
}

const doc = new Y.Doc()
const nodes = doc.getMap('nodes')
const edges = doc.getMap('edges')

const treeJson = () => ({ nodes: nodes.toJSON(), edges: edges.toJSON() })

const provider = new WebsocketProvider(config.server, config.room, doc, {
  params: config.params || {},
  // Node 20 has no global WebSocket.
  WebSocketPolyfill: WebSocket,
  // Node 20 has BroadcastChannel: without this, providers of one process
  // would sync with each other behind the server's back.
  disableBc: true
})

// The handler signature of y-websocket 3.1 (src/y-websocket.js):
// (encoder, decoder, provider, emitSynced, messageType). Writing nothing to
// the encoder means no reply is sent.
provider.messageHandlers[MESSAGE_SAVE_BARRIER] = (_encoder, decoder, _provider, _emitSynced, _messageType) => {
  emit({ event: 'save-ack', number: decoding.readVarUint(decoder) })
}

provider.on('status', ({ status }) => emit({ event: 'status', status }))
provider.on('sync', (synced) => emit({ event: 'sync', synced }))
provider.on('connection-close', (event) => {
  // `event` is null when the client closed the socket itself.
  emit({ event: 'connection-close', code: event ? event.code : null, reason: event ? String(event.reason) : null })
})
provider.on('closed', ({ code, reason }) => emit({ event: 'closed', code, reason: String(reason) }))
provider.on('connection-error', () => emit({ event: 'connection-error' }))
doc.on('afterTransaction', (transaction) => {
  if (transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0) {
    emit({ event: 'doc', tree: treeJson() })
  }
})

const awarenessStates = () => Object.fromEntries(provider.awareness.getStates())
provider.awareness.on('change', () => emit({ event: 'awareness', states: awarenessStates() }))

const textOf = (key) => {
  const node = nodes.get(key)
  if (!node) throw new Error(`no node ${key}`)
  return node.get('text')
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const ops = {
  state: () => ({
    clientID: doc.clientID,
    tree: treeJson(),
    synced: provider.synced,
    wsconnected: provider.wsconnected,
    wsconnecting: provider.wsconnecting,
    shouldConnect: provider.shouldConnect,
    hasSocket: provider.ws !== null,
    awareness: awarenessStates()
  }),
  add_node: ({ key, kind, text, created_by: createdBy }) => {
    doc.transact(() => {
      const node = new Y.Map()
      node.set('kind', kind)
      node.set('text', new Y.Text(text))
      node.set('created_by', createdBy || 'node')
      nodes.set(key, node)
    })
    return treeJson()
  },
  add_edge: ({ key, source, target }) => {
    const edge = new Y.Map()
    edge.set('source', source)
    edge.set('target', target)
    edges.set(key, edge)
    return treeJson()
  },
  delete_edge: ({ key }) => {
    edges.delete(key)
    return treeJson()
  },
  insert_text: ({ key, index, text }) => {
    const ytext = textOf(key)
    ytext.insert(index === 'end' ? ytext.length : index, text)
    return ytext.toString()
  },
  delete_text: ({ key, index, length }) => {
    const ytext = textOf(key)
    ytext.delete(index, length)
    return ytext.toString()
  },
  // Types `text` one character (code point) per transaction, starting at
  // `index`, `interval` ms apart, so that the updates interleave on the wire
  // with someone else's.
  type_text: async ({ key, index, text, interval }) => {
    const ytext = textOf(key)
    let at = index
    for (const ch of text) {
      ytext.insert(at, ch)
      at += ch.length
      await pause(interval || 0)
    }
    return ytext.toString()
  },
  set_awareness_field: ({ field, value }) => {
    provider.awareness.setLocalStateField(field, value)
    return provider.awareness.getLocalState()
  },
  save: ({ number }) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SAVE_BARRIER)
    encoding.writeVarUint(encoder, number)
    // The frame follows the updates already sent on this socket.
    provider.ws.send(encoding.toUint8Array(encoder))
    return null
  },
  disconnect: () => {
    provider.disconnect()
    return null
  },
  connect: () => {
    provider.connect()
    return null
  },
  // Leaves like a closed tab: awareness removal, close handshake; replies
  // once the socket is closed.
  destroy: async () => {
    const socket = provider.ws
    provider.destroy()
    doc.destroy()
    if (socket !== null && socket.readyState !== WebSocket.CLOSED) {
      await new Promise((resolve) => {
        socket.once('close', resolve)
        setTimeout(resolve, 2000)
      })
    }
    return null
  }
}

const run = async (command) => {
  try {
    const op = ops[command.op]
    if (!op) throw new Error(`unknown op ${command.op}`)
    emit({ event: 'reply', id: command.id, result: await op(command) })
  } catch (error) {
    emit({ event: 'reply', id: command.id, error: String(error && error.stack ? error.stack : error) })
  }
}

const input = readline.createInterface({ input: process.stdin })
input.on('line', (line) => {
  if (line.trim()) run(JSON.parse(line))
})
// The test went away: leave too, so no client outlives its test.
input.on('close', () => process.exit(0))

emit({ event: 'ready', clientID: doc.clientID })
