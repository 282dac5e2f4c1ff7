// Builds the browser bundles into dist/ with fixed entry names (the server adds
// a ?v= cache buster) and content-hashed chunks (dist/chunks/), and records raw
// and gzip sizes in dist/sizes.json: each file, and for each page what it loads
// before it can show anything (`initial`: the entry and the chunks it imports
// statically) apart from what it loads on demand (`lazy`: the graph editor, the
// stage of the voting phases and its panels…).
// Usage: npm run build

import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const outdir = join(root, "dist");
const PAGES = ["home.js", "join.js", "room.js", "plan.js"];

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

const common = {
  absWorkingDir: root,
  outdir: "dist",
  entryNames: "[name]",
  bundle: true,
  minify: true,
  target: "es2020",
  platform: "browser",
  legalComments: "eof",
  logLevel: "warning",
  metafile: true,
};

const script = {
  ...common,
  format: "esm",
  jsx: "automatic",
  jsxImportSource: "preact",
  loader: { ".jsx": "jsx" },
};
// Home, join and the Plan de Acción page stay one file each; the room splits
// so that the graph editor (imported dynamically) is a chunk fetched only
// when it is shown.
const homeAndJoin = await esbuild.build({
  ...script,
  entryPoints: { home: "src/home.js", join: "src/join.js", plan: "src/plan.js" },
});
const room = await esbuild.build({
  ...script,
  entryPoints: { room: "src/room.js" },
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
});
await esbuild.build({ ...common, entryPoints: { style: "src/style.css" } });

const sizeOf = async (name) => {
  const data = await readFile(join(outdir, name));
  return { bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
};
const sum = (list) =>
  list.reduce((total, size) => ({ bytes: total.bytes + size.bytes, gzip: total.gzip + size.gzip }), {
    bytes: 0,
    gzip: 0,
  });

const outputs = { ...homeAndJoin.metafile.outputs, ...room.metafile.outputs };
const nameOf = (path) => relative("dist", path);
const closure = (start, kind) => {
  const seen = new Set();
  const walk = (path) => {
    for (const item of outputs[path].imports) {
      if (item.kind !== kind || seen.has(item.path)) continue;
      seen.add(item.path);
      walk(item.path);
    }
  };
  walk(start);
  return seen;
};

const files = {};
for (const path of Object.keys(outputs)) files[nameOf(path)] = await sizeOf(nameOf(path));
files["style.css"] = await sizeOf("style.css");

const loads = {};
for (const page of PAGES) {
  const entry = join("dist", page);
  const initial = [entry, ...closure(entry, "import-statement")];
  // Everything fetched on demand, however deep (the stage's panels are
  // chunks that the stage chunk imports dynamically).
  const lazy = new Set();
  const pending = [...initial];
  while (pending.length > 0) {
    for (const item of outputs[pending.pop()].imports) {
      if (item.kind !== "dynamic-import") continue;
      for (const chunk of [item.path, ...closure(item.path, "import-statement")]) {
        if (initial.includes(chunk) || lazy.has(chunk)) continue;
        lazy.add(chunk);
        pending.push(chunk);
      }
    }
  }
  loads[page] = {
    initial: sum(initial.map((path) => files[nameOf(path)])),
    lazy: sum([...lazy].map((path) => files[nameOf(path)])),
    files: { initial: initial.map(nameOf), lazy: [...lazy].map(nameOf) },
  };
}

// The service worker precaches everything the room page may load, with the
// ?v= the server adds to entries (server/pages.py `asset`: sha256, 10 hex).
const versioned = async (name) => {
  const digest = createHash("sha256").update(await readFile(join(outdir, name))).digest("hex");
  return `/static/dist/${name}?v=${digest.slice(0, 10)}`;
};
const roomFiles = [...loads["room.js"].files.initial, ...loads["room.js"].files.lazy];
const precache = [
  ...(await Promise.all(["room.js", "style.css"].map(versioned))),
  ...roomFiles.filter((name) => name.startsWith("chunks/")).map((name) => `/static/dist/${name}`),
];
await esbuild.build({
  ...common,
  metafile: false,
  format: "iife",
  entryPoints: { sw: "src/sw.js" },
  define: {
    __PRECACHE__: JSON.stringify(precache),
    __SW_VERSION__: JSON.stringify(createHash("sha256").update(precache.join("\n")).digest("hex").slice(0, 12)),
  },
});

await writeFile(join(outdir, "sizes.json"), `${JSON.stringify({ files, pages: loads }, null, 2)}\n`);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [name, size] of Object.entries(files)) {
  console.log(`${name.padEnd(34)} ${String(size.bytes).padStart(8)} B  ${String(size.gzip).padStart(7)} B gzip`);
}
for (const [page, size] of Object.entries(loads)) {
  console.log(`${page.padEnd(8)} loads ${kb(size.initial.gzip)} gzip first, ${kb(size.lazy.gzip)} gzip on demand`);
}
