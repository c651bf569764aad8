#pragma once
// Semantic comparison of an expected schema (schema files, replayed migrations) with an
// introspected one, per dialect: SQLite type affinity (VARCHAR(50) and TEXT are the same
// column there), PostgreSQL type spellings, default and check expressions compared
// after normalisation (casts, parentheses, quoting, now() vs CURRENT_TIMESTAMP).
#include <optional>
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "schema/ir.h"

namespace alab::dialect {

// The same column type in `dialect`'s database (type, length, precision, enum values).
bool SameColumnType(const Dialect& dialect, const schema::Column& expected,
                    const schema::Column& actual);
// The same default for column `col` (uuid id() defaults, numbers, JSON, SQL expressions).
bool SameDefault(const Dialect& dialect, const schema::Column& col,
                 const std::optional<schema::Value>& a, const std::optional<schema::Value>& b);
// The same SQL expression after normalisation.
bool SameSqlExpr(const std::string& a, const std::string& b);

// A copy of `actual` in which every spelling that means the same as in `expected` takes
// expected's spelling (types, defaults, checks, predicates, references, metadata), so that
// schema::SameDatabaseShape(expected, Reconcile(...)) holds exactly when nothing drifted.
schema::Schema Reconcile(const Dialect& dialect, const schema::Schema& expected,
                         schema::Schema actual);

struct Difference {
  enum class Kind { kExtra, kMissing, kChanged };
  Kind kind = Kind::kChanged;
  std::string object;  // "table auth_user", "column auth_user.nickname", "index idx_x on auth_user"
  // kChanged: what differs ("type", "default", ...) and its value on each side.
  std::string aspect;
  std::string expected;
  std::string actual;
};

struct CompareLabels {
  std::string expected = "the migrations";
  std::string actual = "the database";
};

// Differences between expected and actual (after Reconcile), in a stable order.
std::vector<Difference> CompareSchemas(const Dialect& dialect, const schema::Schema& expected,
                                       const schema::Schema& actual);
// "column auth_user.nickname exists in the database but not in the migrations".
std::string DescribeDifference(const Difference& d, const CompareLabels& labels = {});

std::string DescribeValue(const std::optional<schema::Value>& v);

}  // namespace alab::dialect
