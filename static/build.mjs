// Builds the browser bundles into dist/ with content-hashed names (entries
// `room-<hash>.js`, chunks `chunks/<name>-<hash>.js`, `style-<hash>.css` and
// `later-<hash>.css`, the messages of each language in two scripts
// `messages-<lang>-<hash>.js` and `messages-later-<lang>-<hash>.js`), so the
// server can cache them for a year (`immutable`); writes a brotli (.br) and a
// gzip (.gz) copy of each, which the server sends by Accept-Encoding
// (server/compression.py); `dist/manifest.json` maps each logical name
// (`room.js`, `style.css`, `messages-es.js`) to its file and lists the chunks
// each page imports statically (preloaded by the page); `dist/sizes.json`
// records raw, gzip and brotli sizes: each file, and for each page what it
// loads before it can show anything (`initial`: the entry and the chunks it
// imports statically; `first`: those plus the stylesheet and the messages,
// everything the first visit fetches besides the HTML; the room's counts
// early-socket.js too and leaves later.css and the later messages to its
// `lazy`) apart from what it loads on demand (`lazy`: the graph editor, the
// stage of the voting phases and its panels…).
// Usage: npm run build

import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const outdir = join(root, "dist");
const localesDir = join(root, "..", "server", "locales");
const PAGES = ["home.js", "join.js", "room.js", "plan.js"];
const LANGUAGES = ["es", "en"];
// The language a first visit gets (server/i18n.py DEFAULT_LANGUAGE): the
// first-load figures count its messages.
const DEFAULT_LANGUAGE = "es";

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

const common = {
  absWorkingDir: root,
  outdir: "dist",
  entryNames: "[name]-[hash]",
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
  // Yjs's few warnings without lib0/dom and lib0/schema (src/vendor/lib0-logging.js).
  alias: { "lib0/logging": "./src/vendor/lib0-logging.js" },
};
// Home, join and the Plan de Acción page stay one file each; the room splits
// so that the graph editor (imported dynamically) is a chunk fetched only
// when it is shown.
const homeAndJoin = await esbuild.build({
  ...script,
  // public-live: the one script of a published plan's public page (server/api_public_plan.py).
  entryPoints: { home: "src/home.js", join: "src/join.js", plan: "src/plan.js", "public-live": "src/public-live.js" },
});
const room = await esbuild.build({
  ...script,
  entryPoints: { room: "src/room.js" },
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
});
// The stylesheet every page links, and later.css: what the room's first
// screen does not need (the graph editor, the later phases' panels, the plan,
// the projector), fetched by the room with the first chunk that needs it
// (src/later-assets.js) and linked by the plan pages.
const style = await esbuild.build({ ...common, entryPoints: { style: "src/style.css", later: "src/later.css" } });
// A classic script of its own, loaded async by the room page before its
// module: it opens the sync socket while the room's code downloads.
const early = await esbuild.build({ ...common, format: "iife", entryPoints: { "early-socket": "src/early-socket.js" } });

// Logical name (`room.js`, `style.css`) → the hashed file esbuild wrote.
const outputs = { ...homeAndJoin.metafile.outputs, ...room.metafile.outputs };
const nameOf = (path) => relative("dist", path);
const assets = {};
for (const [path, output] of Object.entries({ ...outputs, ...style.metafile.outputs, ...early.metafile.outputs })) {
  if (!output.entryPoint || nameOf(path).startsWith("chunks/")) continue;
  const logical = basename(output.entryPoint).replace(/\.jsx?$/, ".js");
  assets[logical] = nameOf(path);
}

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

const loads = {};
for (const page of PAGES) {
  const entry = join("dist", assets[page]);
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
  loads[page] = { initial: initial.map(nameOf), lazy: [...lazy].map(nameOf) };
}

// The interface's messages (server/locales, merged as server/i18n.py merges
// them: the main file, then the areas' files in name order) as two scripts
// per language: `messages-<lang>` with every key that the room's first load
// (its entry and the chunks it imports statically) names in its code, whole
// or by its beginning, and `messages-later-<lang>` with the rest
// (the later phases', the plan's, the join page's…), which adds itself to
// `self.__cocreaMessages` (src/page.js reads it). Every page but the room
// loads both; the room loads the second with the first chunk that needs it
// (src/later-assets.js). Cached like the code, instead of 65 KB inlined in
// every page's HTML.
const shortHash = (data) => createHash("sha256").update(data).digest("hex").slice(0, 8).toUpperCase();
const roomFirstCode = (
  await Promise.all(loads["room.js"].initial.map((name) => readFile(join(outdir, name), "utf8")))
).join("\n");
// A key counts when the code holds a string or a template's head that starts
// it: "tree.add_cause" (and "tree.add_cause_one"), `checks.rule_${…}`,
// "tree.kind." + kind.
const roomFirstLiterals = [...new Set([...roomFirstCode.matchAll(/["'`]([a-z][a-z_]*\.[^"'`$\\\n]*)/g)].map((m) => m[1]))];
const firstKey = (key) => roomFirstLiterals.some((literal) => key.startsWith(literal));
const messageFiles = {};
const laterMessageFiles = {};
for (const lang of LANGUAGES) {
  const names = (await readdir(localesDir)).filter((name) => name.endsWith(`.${lang}.json`)).sort();
  const merged = {};
  for (const name of [`${lang}.json`, ...names]) {
    const part = JSON.parse(await readFile(join(localesDir, name), "utf8"));
    const repeated = Object.keys(part).filter((key) => key in merged);
    if (repeated.length > 0) throw new Error(`${name} repeats message keys: ${repeated.join(", ")}`);
    Object.assign(merged, part);
  }
  const first = {};
  const later = {};
  for (const [key, text] of Object.entries(merged)) {
    (firstKey(key) ? first : later)[key] = text;
  }
  const code = `self.__cocreaMessages=Object.assign(self.__cocreaMessages||{},${JSON.stringify(first)});\n`;
  const file = `messages-${lang}-${shortHash(code)}.js`;
  await writeFile(join(outdir, file), code);
  messageFiles[`messages-${lang}.js`] = file;
  const laterCode = `self.__cocreaMessages=Object.assign(self.__cocreaMessages||{},${JSON.stringify(later)});\n`;
  const laterFile = `messages-later-${lang}-${shortHash(laterCode)}.js`;
  await writeFile(join(outdir, laterFile), laterCode);
  laterMessageFiles[`messages-later-${lang}.js`] = laterFile;
}
Object.assign(assets, messageFiles, laterMessageFiles);

// The service worker precaches everything the room page may load, under the
// same (hashed) names the pages use, and both languages' messages.
const roomFiles = [
  ...loads["room.js"].initial,
  ...loads["room.js"].lazy,
  assets["style.css"],
  assets["later.css"],
  assets["early-socket.js"],
  ...Object.values(messageFiles),
  ...Object.values(laterMessageFiles),
];
const precache = roomFiles.map((name) => `/static/dist/${name}`);
await esbuild.build({
  ...common,
  entryNames: "[name]",
  metafile: false,
  format: "iife",
  entryPoints: { sw: "src/sw.js" },
  define: {
    __PRECACHE__: JSON.stringify(precache),
    __SW_VERSION__: JSON.stringify(createHash("sha256").update(precache.join("\n")).digest("hex").slice(0, 12)),
  },
});

// What is sent: a brotli and a gzip copy of every file (the server picks one
// by Accept-Encoding), kept only where smaller than the file itself.
const files = {};
const walkDist = async (dir) => {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walkDist(path);
    else if ([".js", ".css"].includes(extname(entry.name))) {
      const data = await readFile(path);
      const br = brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      });
      const gzip = gzipSync(data, { level: 9 });
      if (br.length < data.length) await writeFile(`${path}.br`, br);
      if (gzip.length < data.length) await writeFile(`${path}.gz`, gzip);
      files[relative(outdir, path)] = {
        bytes: data.length,
        gzip: Math.min(gzip.length, data.length),
        br: Math.min(br.length, data.length),
      };
    }
  }
};
await walkDist(outdir);

const sum = (names) =>
  names.reduce(
    (total, name) => ({
      bytes: total.bytes + files[name].bytes,
      gzip: total.gzip + files[name].gzip,
      br: total.br + files[name].br,
    }),
    { bytes: 0, gzip: 0, br: 0 },
  );
const pages = {};
for (const [page, load] of Object.entries(loads)) {
  const first = [...load.initial, assets["style.css"], messageFiles[`messages-${DEFAULT_LANGUAGE}.js`]];
  // The room fetches the later messages and later.css on demand; every
  // other page loads the later messages, and the plan page later.css.
  if (page === "room.js") first.push(assets["early-socket.js"]);
  else first.push(laterMessageFiles[`messages-later-${DEFAULT_LANGUAGE}.js`]);
  if (page === "plan.js") first.push(assets["later.css"]);
  const lazy = page === "room.js" ? [...load.lazy, assets["later.css"], laterMessageFiles[`messages-later-${DEFAULT_LANGUAGE}.js`]] : load.lazy;
  pages[page] = {
    initial: sum(load.initial),
    first: sum(first),
    lazy: sum(lazy),
    files: { initial: load.initial, first, lazy },
  };
}

const preload = Object.fromEntries(PAGES.map((page) => [page, loads[page].initial.slice(1)]));
await writeFile(join(outdir, "manifest.json"), `${JSON.stringify({ assets, preload }, null, 2)}\n`);
await writeFile(join(outdir, "sizes.json"), `${JSON.stringify({ files, pages }, null, 2)}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${"file".padEnd(40)} ${"raw".padStart(9)} ${"gzip".padStart(9)} ${"brotli".padStart(9)}`);
for (const [name, size] of Object.entries(files).sort((a, b) => b[1].bytes - a[1].bytes)) {
  console.log(
    `${name.padEnd(40)} ${String(size.bytes).padStart(7)} B ${String(size.gzip).padStart(7)} B ${String(size.br).padStart(7)} B`,
  );
}
console.log(
  `first visit of each page, besides its HTML (scripts, style.css, messages-${DEFAULT_LANGUAGE}; the room's ` +
    "early-socket.js too) as sent: brotli (gzip):",
);
for (const [page, size] of Object.entries(pages)) {
  console.log(
    `${page.padEnd(8)} ${size.files.first.length} files, ${kb(size.first.br)} (${kb(size.first.gzip)}) first; ` +
      `then ${kb(size.lazy.br)} (${kb(size.lazy.gzip)}) on demand`,
  );
}
