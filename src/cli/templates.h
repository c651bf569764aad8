#pragma once
// The files `alab init` and `alab table` write: config, editor typings, the demo project
// and the table scaffold. Embedded in the binary so the tool works with no other files.
#include <string>
#include <vector>

namespace alab::cli::templates {

struct File {
  std::string path;  // relative to the project root, '/' separated
  std::string content;
};

// alab.yaml as `alab init` writes it (SQLite, ./app.db).
std::string AlabYaml();
// tsconfig.json: type-checks schemas/**/*.js and migrations/**/*.js against types/alab.d.ts.
std::string TsConfig();
// types/alab.d.ts: TypeScript declarations of the DSL globals (table, col, sql, postgres,
// sqlite, fn, migration and the m / t / c / h builders).
std::string AlabDts();
// types/tables.d.ts: the project's table references (sorted "ns.table"), which make
// Alab.TableRef a union in schema files.
std::string TablesDts(const std::vector<std::string>& refs);
// The demo project: an auth + blog schema (schemas/<ns>/<table>.js files).
std::vector<File> DemoSchemaFiles();
// schemas/<ns>/<name>.js for `alab table <ns> <name>`.
std::string TableScaffold(const std::string& ns, const std::string& name);

}  // namespace alab::cli::templates
