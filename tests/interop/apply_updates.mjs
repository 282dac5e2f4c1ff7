// What an unmodified yjs client holds after applying a stream of updates.
//
// Usage: node apply_updates.mjs < {"updates": ["<base64>", ...], "roots": {"name": "map"|"text"|"array"}}
// Prints {"state": {client: clock}, "json": {root: value}, "pending": bool}.

import * as Y from 'yjs'

const chunks = []
process.stdin.on('data', (chunk) => chunks.push(chunk))
process.stdin.on('end', () => {
  const input = JSON.parse(Buffer.concat(chunks).toString())
  const doc = new Y.Doc()
  for (const update of input.updates) {
    Y.applyUpdate(doc, Buffer.from(update, 'base64'))
  }
  const json = {}
  for (const [name, kind] of Object.entries(input.roots)) {
    const type = kind === 'map' ? doc.getMap(name) : kind === 'text' ? doc.getText(name) : doc.getArray(name)
    json[name] = type.toJSON()
  }
  const state = Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)))
  process.stdout.write(JSON.stringify({ state, json, pending: doc.store.pendingStructs !== null }))
})
