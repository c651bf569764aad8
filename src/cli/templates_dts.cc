// types/alab.d.ts: the DSL's TypeScript declarations. The semantic types are generated from
// the schema package's preset table, so the typings cannot drift from what the engine accepts.
#include <string>

#include <fmt/format.h>

#include "cli/templates.h"
#include "schema/dsl_names.h"

namespace alab::cli::templates {

namespace {

constexpr const char* kHead =
    R"(// alab schema and migration language: TypeScript declarations for editors and for
// `tsc --noEmit -p .` (tsconfig.json type-checks schemas/**/*.js and migrations/**/*.js).
// Written by `alab init`; regenerate it rather than editing it.

declare namespace Alab {
  /** A JSON value (json() columns, .meta()). */
  type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

  /**
   * The project's tables, "ns.table": true each, listed in types/tables.d.ts (written by
   * `alab init`, `alab new`, `alab check` and `alab types`).
   */
  interface Tables {}
  type TableName<K> = K extends `${string}.${infer N}` ? N : never;
  /**
   * A table of the project in a schema file: "ns.table", or ".table" for a table of the same
   * namespace; a misspelled one is a type error (any string while types/tables.d.ts lists none).
   */
  type TableRef = [keyof Tables] extends [never] ? string : (keyof Tables & string) | `.${TableName<keyof Tables>}`;
  /** A table reference in a migration: any name (its history holds tables the schema files dropped). */
  type AnyTableRef = string;

  type FkActionName = "cascade" | "restrict" | "set null" | "set_null" | "set default" | "set_default" | "no action" | "no_action";
  /** Foreign key action (case-insensitive). */
  type FkAction = FkActionName | Uppercase<FkActionName>;

  /** A database type or index definition by SQL text key, as col.native() and native: take it. */
  type NativeTexts = { readonly [key: string]: string };

  /** Dialect-specific SQL made by sql({postgres, sqlite}), postgres("...") or sqlite("..."). */
  interface SqlValue {
    readonly $alab: "sql";
  }

  /** An expression for .computed(), built with fn.*. */
  interface FnExpr {
    readonly $alab: "fn";
  }
  type FnArg = FnExpr | string | number | boolean | null;

  /** A column declaration; every modifier returns the column so calls chain. */
  interface Column<V> {
    /** Allow NULL (columns are NOT NULL by default). */
    optional(): this;
    /** Alias of .optional(). */
    nullable(): this;
    unique(): this;
    /** Part of the table's primary key (several: one composite key, in declared order, or in
     *  the order of the places they give: .primary_key(1), .primary_key(2)). */
    primary_key(place?: number): this;
    /** A single-column index. */
    index(): this;
    /** A JS literal, or sql({postgres, sqlite}) for a database expression. */
    default(value: V | null | SqlValue): this;
    /** The value existing rows get when this NOT NULL column is added. */
    backfill(value: V | SqlValue): this;
    min(n: number): this;
    max(n: number): this;
    pattern(re: RegExp | string): this;
    format(name: string): this;
    docs(text: string): this;
    deprecated(reason?: string): this;
    /** A column CHECK constraint (SQL expression). */
    check(expr: string): this;
    /** API metadata: OpenAPI readOnly. */
    read_only(): this;
    /** API metadata: OpenAPI writeOnly. */
    write_only(): this;
    /** A generated column: .computed(fn.concat(fn.col("first"), " ", fn.col("last"))). */
    computed(expr: FnExpr): this;
    /** With .computed(): not stored. */
    virtual(): this;
  }

  /** belongs_to / one_to_one: a `<name>_id` uuid column, a foreign key and an index. */
  interface Relation extends Column<string> {
    /** Names the column `<alias>_id`. */
    as(alias: string): this;
    on_delete(action: FkAction): this;
    on_update(action: FkAction): this;
    /** DEFERRABLE INITIALLY IMMEDIATE / DEFERRED: "deferred" is checked at commit. */
    deferrable(mode: "immediate" | "deferred"): this;
  }

  /** belongs_to_any: `<as>_type` + `<as>_id` columns pointing at one of several tables. */
  interface Polymorphic {
    optional(): this;
    nullable(): this;
    docs(text: string): this;
    deprecated(reason?: string): this;
  }

  interface PolymorphicOptions {
    as?: string;
  }

  interface IndexOptions {
    name?: string;
    /** Partial index predicate (SQL). */
    where?: string;
    /** .unique(): a UNIQUE constraint (PostgreSQL), not a unique index. */
    constraint?: boolean;
    /** The definition after `ON <table>`, kept as written: `USING gin (tags)`. */
    native?: string | NativeTexts;
  }
  type ColumnList = string | readonly string[] | IndexOptions;

  /** col.*: the column types of schema files (the property name is the column name). */
  interface Col {
    /** UUID primary key with a database-side default. */
    id(): Column<string>;
    /** Text of at most `length` characters: VARCHAR(length); a longer value is refused, never cut. */
    string(length: number): Column<string>;
    /** Text of any length: TEXT. */
    text(): Column<string>;
    /** Integer: PostgreSQL INTEGER (32-bit), SQLite INTEGER. */
    integer(): Column<number>;
    /** 64-bit integer: BIGINT (SQLite: BIGINT, 64-bit like every SQLite integer); a string of digits in the exports and dumps. */
    bigint(): Column<number>;
    /** Double precision. */
    float(): Column<number>;
    /** Exact decimal, `precision` digits with `scale` after the point: NUMERIC(p,s); SQLite keeps the digits as text. */
    decimal(precision: number, scale: number): Column<number | string>;
    /** true / false: BOOLEAN (SQLite: 0 / 1 with a CHECK). */
    boolean(): Column<boolean>;
    /** A calendar date, "YYYY-MM-DD". */
    date(): Column<string>;
    time(): Column<string>;
    datetime(): Column<string>;
    /** A UUID (PostgreSQL UUID, SQLite TEXT). */
    uuid(): Column<string>;
    /** A JSON value: JSONB (SQLite: TEXT checked with json_valid). */
    json(): Column<Json>;
    /** Binary data (BYTEA / BLOB), base64 in the exports. */
    base64(): Column<string>;
    /** One of `values`: TEXT with a CHECK listing them. */
    /** options.type: a PostgreSQL enum type of that name (CREATE TYPE ... AS ENUM); else text with a CHECK. */
    enum<V extends string>(values: readonly V[], options?: { type: string }): Column<V>;
    /** A type alab has no name for, written into the DDL as given: native("interval"). */
    native(type: string | NativeTexts): Column<string>;
    /** A `<name>_id` column referencing the table's id, with a foreign key and an index. */
    belongs_to(ref: TableRef): Relation;
    /** A unique foreign key. */
    one_to_one(ref: TableRef): Relation;
    belongs_to_any(refs: readonly TableRef[], options?: PolymorphicOptions): Polymorphic;
)";

constexpr const char* kMiddle = R"(  }

  /** Returned by table({...}); every modifier returns the table so calls chain. */
  interface Table {
    /** created_at and updated_at (NOT NULL, default CURRENT_TIMESTAMP; SQLite stores it as "YYYY-MM-DDTHH:MM:SSZ"). */
    timestamps(): this;
    /** A nullable deleted_at. */
    soft_delete(): this;
    /** A position integer (default 0). */
    sortable(): this;
    /** created_by and updated_by (nullable uuid). */
    auditable(): this;
    /** .index("a", "b") or .index(["a", "b"], {name, where}). */
    index(...columns: ColumnList[]): this;
    unique(...columns: ColumnList[]): this;
    check(name: string, expr: string): this;
    /** A foreign key between any columns: .foreign_key("artist_id", "artist", "id", { on_delete: "cascade" }). */
    foreign_key(columns: string | readonly string[], ref: TableRef, ref_columns: string | readonly string[], options?: ForeignKeyOptions): this;
    docs(text: string): this;
    deprecated(reason?: string): this;
    /** Export metadata (no SQL). */
    sort_by(...columns: Array<string | readonly string[]>): this;
    searchable(...columns: Array<string | readonly string[]>): this;
    filterable(...columns: Array<string | readonly string[]>): this;
    meta(data: { readonly [key: string]: Json }): this;
    /** A junction table `<a>_<b>` with two foreign keys and a unique pair. */
    many_to_many(ref: TableRef): this;
    belongs_to_any(refs: readonly TableRef[], options?: PolymorphicOptions): this;
  }

  type Columns = { readonly [name: string]: Column<any> | Polymorphic };

  /** t.*: columns inside m.create_table / m.add_column (the name comes first). */
  interface T {
    id(name?: string): Column<string>;
    string(name: string, length: number): Column<string>;
    text(name: string): Column<string>;
    integer(name: string): Column<number>;
    bigint(name: string): Column<number>;
    float(name: string): Column<number>;
    decimal(name: string, precision: number, scale: number): Column<number | string>;
    boolean(name: string): Column<boolean>;
    date(name: string): Column<string>;
    time(name: string): Column<string>;
    datetime(name: string): Column<string>;
    uuid(name: string): Column<string>;
    json(name: string): Column<Json>;
    base64(name: string): Column<string>;
    enum<V extends string>(name: string, values: readonly V[], options?: { type: string }): Column<V>;
    native(name: string, type: string | NativeTexts): Column<string>;
    belongs_to(ref: AnyTableRef): Relation;
    one_to_one(ref: AnyTableRef): Relation;
    belongs_to_any(refs: readonly AnyTableRef[], options?: PolymorphicOptions): Polymorphic;
    timestamps(): void;
    soft_delete(): void;
    sortable(): void;
    auditable(): void;
    many_to_many(ref: AnyTableRef): void;
)";

constexpr const char* kTail = R"(  }

  type LowLevelType = "id" | "string" | "text" | "integer" | "bigint" | "float" | "decimal" | "boolean" | "date" | "time" | "datetime" | "uuid" | "json" | "base64" | "enum" | "native";

  /** c.*: inside m.alter_column(ref, column, (c) => c.set_type(...).set_not_null()). */
  interface AlterColumn {
    set_type(type: "string", length: number): AlterColumn;
    set_type(type: "decimal", precision: number, scale: number): AlterColumn;
    set_type(type: "enum", values: readonly string[], options?: { type: string }): AlterColumn;
    set_type(type: "native", texts: string | NativeTexts): AlterColumn;
    set_type(type: Exclude<LowLevelType, "string" | "decimal" | "enum" | "native">): AlterColumn;
    set_nullable(): AlterColumn;
    set_not_null(): AlterColumn;
    set_default(value: Json | SqlValue): AlterColumn;
    drop_default(): AlterColumn;
    set_check(expr: string): AlterColumn;
    drop_check(): AlterColumn;
    set_unique(): AlterColumn;
    drop_unique(): AlterColumn;
    /** The column's place in its composite primary key (every key column gives one). */
    set_key_place(place: number): AlterColumn;
    /** The composite primary key back in the table's column order. */
    drop_key_place(): AlterColumn;
    /** With set_not_null(): the value existing NULLs get first (UPDATE ... WHERE col IS NULL). */
    backfill(value: Json | SqlValue): AlterColumn;
  }

  interface CreateIndexOptions {
    name?: string;
    unique?: boolean;
    where?: string;
    constraint?: boolean;
    native?: string | NativeTexts;
  }

  interface ForeignKeyOptions {
    name?: string;
    on_delete?: FkAction;
    on_update?: FkAction;
    /** DEFERRABLE INITIALLY IMMEDIATE / DEFERRED: "deferred" is checked at commit. */
    deferrable?: "immediate" | "deferred";
  }

  /** m.*: the operations of up() and down(). */
  interface M {
    create_table(ref: AnyTableRef, body: (t: T) => void): void;
    drop_table(ref: AnyTableRef): void;
    /** rename_table("auth.user", "account"). */
    rename_table(from: AnyTableRef, to: string): void;
    add_column(ref: AnyTableRef, body: (t: T) => void): void;
    drop_column(ref: AnyTableRef, column: string): void;
    rename_column(ref: AnyTableRef, from: string, to: string): void;
    alter_column(ref: AnyTableRef, column: string, change: (c: AlterColumn) => AlterColumn | void): void;
    create_index(ref: AnyTableRef, columns: string | readonly string[], options?: CreateIndexOptions): void;
    drop_index(name: string): void;
    add_foreign_key(ref: AnyTableRef, columns: string | readonly string[], ref_table: AnyTableRef,
                    ref_columns: string | readonly string[], options?: ForeignKeyOptions): void;
    drop_foreign_key(ref: AnyTableRef, name: string): void;
    add_check(ref: AnyTableRef, name: string, expr: string): void;
    drop_check(ref: AnyTableRef, name: string): void;
    /** Raw SQL; only the active dialect's text of postgres()/sqlite()/sql({...}) runs. */
    sql(statement: string | SqlValue, down_statement?: string | SqlValue): void;
  }

  /** h.*: SQL run inside the migration's transaction, before/after its DDL. */
  interface Hooks {
    before(statement: string | SqlValue): Hooks;
    after(statement: string | SqlValue): Hooks;
    /** Sets `column` of existing rows to a SQL expression. */
    backfill(ref: AnyTableRef, column: string, value_sql: string): Hooks;
  }

  interface MigrationDef {
    description?: string;
    up_revision?: string;
    /** null for the first migration; an array of parents for a merge. */
    down_revision?: string | readonly string[] | null;
    /** Rename hints: { columns: {"auth.user.email": "email_address"}, tables: {"auth.user": "account"} }. */
    renames?: {
      columns?: { readonly [from: string]: string };
      tables?: { readonly [from: string]: string };
    };
    /** false runs the statements one by one, outside a transaction. */
    transaction?: boolean;
    up?(m: M): void;
    down?(m: M): void;
    up_hook?(h: Hooks): void;
    down_hook?(h: Hooks): void;
  }

  interface Fn {
    col(name: string): FnExpr;
    concat(...args: FnArg[]): FnExpr;
    upper(value: FnArg): FnExpr;
    lower(value: FnArg): FnExpr;
    trim(value: FnArg): FnExpr;
    length(value: FnArg): FnExpr;
    add(a: FnArg, b: FnArg): FnExpr;
    sub(a: FnArg, b: FnArg): FnExpr;
    mul(a: FnArg, b: FnArg): FnExpr;
    div(a: FnArg, b: FnArg): FnExpr;
    abs(value: FnArg): FnExpr;
    round(value: FnArg, digits?: FnArg): FnExpr;
    coalesce(first: FnArg, second: FnArg, ...rest: FnArg[]): FnExpr;
    nullif(a: FnArg, b: FnArg): FnExpr;
  }

  /** What a migration file exports. */
  interface Migration {
    readonly $alab_migration: true;
  }
}

/** Column types for schema files: `email: col.email().unique()`. */
declare const col: Alab.Col;
/** One table per schema file: `export default table({ id: col.id(), ... }).timestamps();`. */
declare function table(columns: Alab.Columns): Alab.Table;
/** A database expression: sql("CURRENT_TIMESTAMP") or sql({postgres: "...", sqlite: "..."}). */
declare function sql(expr: string | { postgres?: string; sqlite?: string }): Alab.SqlValue;
/** SQL for PostgreSQL only. */
declare function postgres(text: string): Alab.SqlValue;
/** SQL for SQLite only. */
declare function sqlite(text: string): Alab.SqlValue;
/** Expressions for .computed(), rendered per dialect. */
declare const fn: Alab.Fn;
/** One migration per file: `export default migration({ up(m) {...}, down(m) {...} });`. */
declare function migration(def: Alab.MigrationDef): Alab.Migration;
)";

const char* TsValueType(schema::Type t) {
  switch (t) {
    case schema::Type::kInteger:
    case schema::Type::kBigint:
    case schema::Type::kFloat:
      return "number";
    case schema::Type::kDecimal:
      return "number | string";
    case schema::Type::kBoolean:
      return "boolean";
    case schema::Type::kJson:
      return "Json";
    default:
      return "string";
  }
}

// "string(255), format email, pattern ^...$" for a preset's doc comment.
std::string PresetDoc(const schema::SemanticPreset& p) {
  std::string doc = schema::TypeName(p.type);
  if (p.length > 0) doc += fmt::format("({})", p.length);
  if (p.precision > 0) doc += fmt::format("({}, {})", p.precision, p.scale);
  if (*p.format) doc += fmt::format(", format {}", p.format);
  if (p.min) doc += fmt::format(", min {}", *p.min);
  if (p.max) doc += fmt::format(", max {}", *p.max);
  if (p.default_number) doc += fmt::format(", default {}", p.default_number);
  if (p.write_only) doc += ", write-only";
  return doc;
}

// One member per semantic type; `with_name` for t.* (the column name comes first).
std::string SemanticMembers(bool with_name) {
  std::string out;
  for (const auto& p : schema::SemanticPresets()) {
    const std::string name_param = with_name ? "name: string" : "";
    std::string params = name_param;
    if (std::string(p.name) == "flag") {
      params += with_name ? ", default_value?: boolean" : "default_value?: boolean";
    }
    out += fmt::format("    /** {} */\n    {}({}): Column<{}>;\n", PresetDoc(p), p.name, params,
                       TsValueType(p.type));
  }
  return out;
}

}  // namespace

std::string AlabDts() {
  return std::string(kHead) + SemanticMembers(false) + kMiddle + SemanticMembers(true) + kTail;
}

std::string TablesDts(const std::vector<std::string>& refs) {
  std::string out =
      "// The project's tables, for the editor typings (types/alab.d.ts): a misspelled table "
      "reference\n"
      "// in a schema file is a type error. Written by alab init, new, check and types; do not "
      "edit.\n\n"
      "declare namespace Alab {\n  interface Tables {\n";
  for (const auto& r : refs) out += fmt::format("    \"{}\": true;\n", r);
  return out + "  }\n}\n";
}

}  // namespace alab::cli::templates
