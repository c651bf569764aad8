#include "js/prelude.h"

namespace alab::js {

// The prelude is one expression: a function taking the DSL config (JSON text) and
// returning [finish(exportedValue) -> JSON text, mode(locations, part, parts)]. It defines no
// global of its own.
// Every recorded call carries `loc: [line, col]` of the innermost user frame.
static const char kPrelude[] = R"JS((function (configJson) {
  "use strict";
  const G = globalThis;
  const cfg = JSON.parse(configJson);
  const PRELUDE = cfg.prelude_url;
  const LINE_SHIFT = cfg.line_shift;
  const freeze = Object.freeze;
  const defineProperty = Object.defineProperty;
  const create = Object.create;
  const getProto = Object.getPrototypeOf;
  const getDesc = Object.getOwnPropertyDescriptor;
  const ownKeys = Reflect.ownKeys;
  const objectKeys = Object.keys;
  const isArray = Array.isArray;
  const isFinite = Number.isFinite;
  const Str = String;
  const RegExpCtor = RegExp;
  const ProxyCtor = Proxy;
  const ErrorCtor = Error;
  const WeakMapCtor = WeakMap;
  const stringify = JSON.stringify;
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const records = new WeakMapCtor();  // builder -> record
  let LOCS = true;   // record call locations (off only for internal checks; see mode())
  let PART = 0;      // with PARTS > 1, a body's operation k is recorded only when
  let PARTS = 1;     // k % PARTS == PART (others are null): see mode()
  ErrorCtor.stackTraceLimit = 16;      // locations need the innermost frames only
  const PASS = new Set(["then", "toJSON", "toString", "valueOf", "constructor", "prototype",
                        "inspect", "asymmetricMatch", "$$typeof", "nodeType"]);

  // Innermost frame of the user's file: [line, col], from an Error created by the DSL
  // function the user called (few frames, so the stack text is short).
  function here(err) {
    if (!LOCS) return [0, 0];
    const stack = (err || new ErrorCtor()).stack || "";
    const frames = stack.split("\n");
    for (let i = 0; i < frames.length; i++) {
      let f = frames[i];
      const at = f.indexOf("@");
      if (at >= 0) f = f.substring(at + 1);
      const c2 = f.lastIndexOf(":");
      if (c2 < 0) continue;
      const c1 = f.lastIndexOf(":", c2 - 1);
      if (c1 < 0) continue;
      const url = f.substring(0, c1);
      if (url === PRELUDE || url === "[native code]" || url === "") continue;
      const line = +f.substring(c1 + 1, c2);
      const col = +f.substring(c2 + 1);
      if (!(line > 0)) continue;
      return [line - LINE_SHIFT, col];
    }
    return [0, 0];
  }

  // Unknown names do not stop the file (SPEC §2: every problem in one run): each is recorded
  // here, with its location, and finish() hands them to the engine as diagnostics.
  let problems = [];
  const poisoned = new WeakMapCtor();  // stand-ins for what an unknown name would have made
  function poison() {
    let p;
    p = new ProxyCtor(function () {}, {
      get(t, key) { return typeof key !== "string" || PASS.has(key) ? undefined : p; },
      apply() { return p; },
      construct() { return p; },
      set() { return true; },
    });
    poisoned.set(p, true);
    return p;
  }

  // Plain-data copy of a JS value; non-JSON values become {$alab: kind}.
  function enc(v, d) {
    if (v === null) return null;
    switch (typeof v) {
      case "string":
        // Half of a surrogate pair is not text (no UTF-8 spelling): refused at the call.
        if (loneSurrogate.test(v))
          throw new ErrorCtor("a string holds an unpaired UTF-16 surrogate (a lone \\uD800-\\uDFFF), which is not " +
                              "text in any database or export: remove it, or write the whole character");
        return v;
      case "boolean":
        return v;
      case "number":
        return isFinite(v) ? v : { $alab: "number", text: Str(v) };
      case "undefined":
        return { $alab: "undefined" };
      case "bigint":
        return { $alab: "bigint", text: Str(v) };
      case "symbol":
        return { $alab: "symbol" };
      case "function": {
        if (poisoned.has(v)) return { $alab: "reported" };
        const r = records.get(v);
        return r ? { $alab: "rec", rec: r } : { $alab: "function" };
      }
    }
    const r = records.get(v);
    if (r) return { $alab: "rec", rec: r };
    if (d > 40) return { $alab: "deep" };
    if (v instanceof RegExpCtor) return { $alab: "regex", source: v.source, flags: v.flags };
    if (isArray(v)) {
      const out = [];
      for (let i = 0; i < v.length; i++) out.push(enc(v[i], d + 1));
      return out;
    }
    const out = {};
    const keys = objectKeys(v);
    // Defined, not assigned: a key such as "constructor" or "toString" would hit the frozen
    // Object.prototype's read-only property, and "__proto__" would set the prototype.
    for (let i = 0; i < keys.length; i++)
      defineProperty(out, enc(keys[i], d + 1), { value: enc(v[keys[i]], d + 1), enumerable: true, writable: true,
                                     configurable: true });
    return out;
  }
  function encArgs(args) {
    const out = [];
    for (let i = 0; i < args.length; i++) out.push(enc(args[i], 0));
    return out;
  }

  // Reads of a name an object does not have end at this proxy (the last link of its
  // prototype chain): a passthrough name is undefined, anything else is an "unknown ..."
  // error with did-you-mean. Known names are ordinary properties in front of it, read
  // without a trap.
  function missTrap(what, list) {
    return new ProxyCtor(freeze({}), {
      get(t, key, receiver) {
        if (typeof key !== "string") return undefined;
        if (PASS.has(key)) return undefined;
        problems.push({ message: "unknown " + what + " '" + key + "'", name: key, candidates: list,
                        loc: here(new ErrorCtor()) });
        // On a builder the unknown modifier is left out and the chain goes on; an unknown
        // type or operation stands in as a value the decoder skips (already reported).
        if (records.get(receiver) !== undefined) return function () { return receiver; };
        return poison();
      },
      set() { return false; },
    });
  }
  // A frozen object holding fns (name -> function) in front of a missTrap: the namespaces
  // (col, t, m, fn...) and the prototypes of builders.
  function makeNamespace(fns, what, list) {
    const o = create(missTrap(what, list));
    for (const [name, f] of fns) defineProperty(o, name, { value: f, enumerable: false });
    return freeze(o);
  }

  // A chainable builder: every allowed method records {n, a, loc} and returns the builder.
  function makeMethods(names, what) {
    const fns = new Map();
    for (const name of names) {
      fns.set(name, function (...args) {
        const rec = records.get(this);
        if (rec === undefined) throw new ErrorCtor("." + name + "() must be called on a builder");
        rec.mods.push({ n: name, a: encArgs(args), loc: here(new ErrorCtor()) });
        return this;
      });
    }
    return makeNamespace(fns, what, names);
  }
  function makeBuilder(rec, proto) {
    const builder = freeze(create(proto));
    records.set(builder, rec);
    return builder;
  }

  const colMods = makeMethods(cfg.column_modifiers, "modifier");
  const tableMods = makeMethods(cfg.table_modifiers, "table modifier");
  function columnBuilder(type, args, into, err) {
    const rec = { k: "col", type: type, a: encArgs(args), loc: here(err), mods: [] };
    if (into) into.push(rec);
    return makeBuilder(rec, colMods);
  }

  // col.<type>(...)
  const colFns = new Map();
  for (const type of cfg.column_types) colFns.set(type, (...args) => columnBuilder(type, args, null, new ErrorCtor()));
  const col = makeNamespace(colFns, "column type", cfg.column_types);

  function table(...args) {
    const rec = { k: "table", a: encArgs(args), loc: here(), mods: [] };
    return makeBuilder(rec, tableMods);
  }

  function sql(value) {
    return freeze({ $alab: "sql", value: enc(value, 0), loc: here() });
  }
  // postgres("..."), sqlite("..."): one global per key of sql({...}), the text for that key.
  const sqlKeyFns = new Map();
  for (const key of cfg.sql_text_keys) {
    sqlKeyFns.set(key, (text) => freeze({ $alab: "sql", value: { [key]: enc(text, 0) }, loc: here() }));
  }

  const fnFns = new Map();
  for (const name of cfg.fn_names) {
    fnFns.set(name, (...args) => freeze({ $alab: "fn", fn: name, args: encArgs(args), loc: here() }));
  }
  const fn = makeNamespace(fnFns, "function", cfg.fn_names);

  // Migration recorders: t (columns), c (alter_column), m (operations), h (hooks).
  function makeT(cols) {
    const fns = new Map();
    for (const type of cfg.t_types) fns.set(type, (...args) => columnBuilder(type, args, cols, new ErrorCtor()));
    return makeNamespace(fns, "column type", cfg.t_types);
  }
  function makeRecorder(list, names, what) {
    const fns = new Map();
    let self;
    for (const name of names) {
      fns.set(name, (...args) => {
        list.push({ n: name, a: encArgs(args), loc: here() });
        return self;
      });
    }
    self = makeNamespace(fns, what, names);
    return self;
  }
  function makeM(ops) {
    const fns = new Map();
    let k = 0;
    for (const name of cfg.migration_ops) {
      fns.set(name, (...args) => {
        if (PARTS > 1 && (k++ % PARTS) !== PART) {
          ops.push(null);
          return;
        }
        const entry = { n: name, a: [], loc: here() };
        ops.push(entry);
        for (let i = 0; i < args.length; i++) {
          const v = args[i];
          if (typeof v === "function" && records.get(v) === undefined) {
            if (name === "alter_column") {
              entry.body = { mods: [] };
              v(makeRecorder(entry.body.mods, cfg.alter_modifiers, "alter_column method"));
            } else {
              entry.body = { cols: [] };
              v(makeT(entry.body.cols));
            }
            entry.a.push({ $alab: "body" });
          } else {
            entry.a.push(enc(v, 0));
          }
        }
      });
    }
    return makeNamespace(fns, "migration operation", cfg.migration_ops);
  }

  const HOOK_FIELDS = { up: "op", down: "op", up_hook: "hook", down_hook: "hook" };
  function migration(def) {
    const rec = { k: "migration", loc: here(), fields: {}, up: [], down: [], up_hook: [], down_hook: [] };
    if (def === null || typeof def !== "object") {
      rec.fields = enc(def, 0);
    } else {
      const keys = objectKeys(def);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const v = def[key];
        const kind = HOOK_FIELDS[key];
        if (kind !== undefined && typeof v === "function") {
          rec.fields[key] = { $alab: "called" };
          if (kind === "op") v.call(def, makeM(rec[key]));
          else v.call(def, makeRecorder(rec[key], cfg.hook_methods, "hook method"));
        } else {
          rec.fields[key] = enc(v, 0);
        }
      }
    }
    const handle = freeze({});
    records.set(handle, rec);
    return handle;
  }

  function finish(v) {
    const found = problems;
    problems = [];
    const isRef = v !== null && (typeof v === "object" || typeof v === "function");
    const r = isRef ? records.get(v) : undefined;
    if (r === undefined) return stringify({ kind: v === undefined ? "none" : "other", type: typeof v, problems: found });
    return stringify({ kind: r.k === "table" || r.k === "migration" ? r.k : "other", rec: r, problems: found });
  }

  // --- Sandbox -----------------------------------------------------------------
  const why = " is not available: schema and migration files are evaluated deterministically " +
              "(no clock, randomness, timers, eval, modules, files or network)";
  function forbidden(name) {
    const fail = () => { throw new ErrorCtor(name + why); };
    return new ProxyCtor(function () {}, {
      get(t, key) {
        if (typeof key !== "string") return undefined;
        throw new ErrorCtor(name + "." + key + why);
      },
      set: fail, apply: fail, construct: fail,
    });
  }
  function setGlobal(name, value) {
    defineProperty(G, name, { value: value, writable: false, enumerable: false, configurable: false });
  }
  // Promises and async functions: their callbacks would run as microtasks after the file's
  // body, outside the time limit (JavaScriptCore restarts it for each one), so a promise loop
  // could run forever. A schema file has no use for them: Promise is removed (and the methods
  // of promises that still exist stubbed out), and the engine refuses `async`/`await` in the
  // source before running it.
  const promiseWhy = " is not available: schema and migration files run synchronously and must finish " +
                     "within the time limit (" + cfg.time_limit + "); promises and async functions are not supported";
  function forbiddenWhy(name, reason) {
    const fail = () => { throw new ErrorCtor(name + reason); };
    return new ProxyCtor(function () {}, {
      get(t, key) {
        if (typeof key !== "string") return undefined;
        throw new ErrorCtor(name + "." + key + reason);
      },
      set: fail, apply: fail, construct: fail,
    });
  }
  const promiseProto = Promise.prototype;
  for (const m of ["then", "catch", "finally"]) {
    defineProperty(promiseProto, m, { value: forbiddenWhy("Promise.prototype." + m, promiseWhy),
                                      writable: false, configurable: false });
  }
  defineProperty(Array, "fromAsync", { value: forbiddenWhy("Array.fromAsync", promiseWhy), writable: false,
                                       configurable: false });
  setGlobal("Promise", forbiddenWhy("Promise", promiseWhy));
  for (const name of ["Date", "eval", "Function", "WeakRef", "FinalizationRegistry", "Intl",
                      "WebAssembly", "setTimeout", "setInterval", "setImmediate", "clearTimeout",
                      "clearInterval", "queueMicrotask", "requestAnimationFrame", "require",
                      "process", "fetch", "XMLHttpRequest", "importScripts", "Worker",
                      "SharedArrayBuffer", "Atomics", "module", "exports", "Deno", "Bun"]) {
    setGlobal(name, forbidden(name));
  }
  // Binary buffers: one constructor call (new Float64Array(2 ** 29)) allocates gigabytes in a
  // single native step, before the memory watchdog can look; a schema file has no use for them.
  const bufferWhy = " is not available: schema and migration files declare tables and operations and do not " +
                    "build binary data (one call could allocate past the memory limit before it is checked)";
  for (const name of ["ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
                      "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array",
                      "BigInt64Array", "BigUint64Array"]) {
    if (name in G) setGlobal(name, forbiddenWhy(name, bufferWhy));
  }
  defineProperty(Math, "random", { value: forbidden("Math.random"), writable: false, configurable: false });
  const ctorRoots = [function () {}, async function () {}, function* () {}, async function* () {}];
  const ctorNames = ["Function", "AsyncFunction", "GeneratorFunction", "AsyncGeneratorFunction"];
  for (let i = 0; i < ctorRoots.length; i++) {
    defineProperty(getProto(ctorRoots[i]), "constructor",
                   { value: forbidden(ctorNames[i]), writable: false, configurable: false });
  }
  const noop = () => undefined;
  setGlobal("console", freeze({ log: noop, info: noop, warn: noop, error: noop, debug: noop }));

  setGlobal("col", col);
  setGlobal("table", table);
  setGlobal("sql", sql);
  for (const [key, f] of sqlKeyFns) setGlobal(key, f);
  setGlobal("fn", fn);
  setGlobal("migration", migration);

  // Freeze everything reachable so one file cannot change what another sees.
  const seen = new Set();
  const todo = [G, getProto(ctorRoots[1]), getProto(ctorRoots[2]), getProto(ctorRoots[3]),
                getProto(ctorRoots[2].prototype), getProto(ctorRoots[3].prototype),
                getProto([][Symbol.iterator]()), getProto(new Map().entries()),
                getProto(new Set().values()), getProto(""[Symbol.iterator]()),
                getProto(/a/[Symbol.matchAll]("a")), getProto(getProto([][Symbol.iterator]()))];
  while (todo.length > 0) {
    const o = todo.pop();
    if (o === null || o === undefined || (typeof o !== "object" && typeof o !== "function")) continue;
    if (seen.has(o)) continue;
    seen.add(o);
    try { freeze(o); } catch (e) {}
    todo.push(getProto(o));
    const keys = ownKeys(o);
    for (let i = 0; i < keys.length; i++) {
      const d = getDesc(o, keys[i]);
      if (d === undefined) continue;
      if ("value" in d) todo.push(d.value);
      else { todo.push(d.get); todo.push(d.set); }
    }
  }
  // Per-evaluation mode, set by the engine before a file and reset after it.
  function mode(locs, part, parts) {
    LOCS = locs;
    PART = part;
    PARTS = parts;
  }
  return [finish, mode];
}))JS";

const char* PreludeSource() { return kPrelude; }

}  // namespace alab::js
