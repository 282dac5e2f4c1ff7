// Builds the browser bundles into dist/ with fixed names (the server adds a
// ?v= cache buster), and records raw and gzip sizes in dist/sizes.json.
// Usage: npm run build

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const outdir = join(root, "dist");
const OUTPUTS = ["home.js", "join.js", "room.js", "style.css"];

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

await esbuild.build({
  absWorkingDir: root,
  entryPoints: {
    home: "src/home.js",
    join: "src/join.js",
    room: "src/room.js",
    style: "src/style.css",
  },
  outdir: "dist",
  entryNames: "[name]",
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  platform: "browser",
  jsx: "automatic",
  jsxImportSource: "preact",
  loader: { ".jsx": "jsx" },
  legalComments: "eof",
  logLevel: "warning",
});

const sizes = {};
for (const name of OUTPUTS) {
  const data = await readFile(join(outdir, name));
  sizes[name] = { bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
}
await writeFile(join(outdir, "sizes.json"), `${JSON.stringify(sizes, null, 2)}\n`);
for (const [name, size] of Object.entries(sizes)) {
  console.log(`${name.padEnd(10)} ${String(size.bytes).padStart(8)} B  ${String(size.gzip).padStart(7)} B gzip`);
}
