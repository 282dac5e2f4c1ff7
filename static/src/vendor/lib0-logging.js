// Stands in for lib0/logging in the bundles (static/build.mjs `alias`): Yjs
// only prints a few warnings with it, and the real module pulls lib0/dom and
// lib0/schema (about 9 KB before compression, 2.5 KB brotli) into the room's
// first load. Same exports Yjs and y-websocket use; the colours are dropped.

export const BOLD = Symbol("bold");
export const UNBOLD = Symbol("unbold");
export const BLUE = Symbol("blue");
export const GREY = Symbol("grey");
export const GREEN = Symbol("green");
export const RED = Symbol("red");
export const PURPLE = Symbol("purple");
export const ORANGE = Symbol("orange");
export const UNCOLOR = Symbol("uncolor");

const plain = (args) => args.filter((arg) => typeof arg !== "symbol");

/** @param {...any} args */
export const print = (...args) => console.log(...plain(args));
/** @param {...any} args */
export const warn = (...args) => console.warn(...plain(args));
/** @param {Error} err */
export const printError = (err) => console.error(err);
/** @param {...any} args */
export const group = (...args) => console.group(...plain(args));
/** @param {...any} args */
export const groupCollapsed = (...args) => console.groupCollapsed(...plain(args));
export const groupEnd = () => console.groupEnd();
/** @param {string} moduleName */
export const createModuleLogger = (moduleName) => (...args) => console.log(`[${moduleName}]`, ...plain(args));
