#pragma once
// What a SQLite table rebuild (rebuild.cc) would lose if the IR were the whole truth. The
// rebuild's DROP TABLE takes the table's triggers and indexes with it, its ALTER TABLE ...
// RENAME re-checks every view and trigger of the schema, and its INSERT ... SELECT copies
// only the columns the IR knows. The frame runs around those statements, inside the
// migration's transaction:
//   Begin: refuses columns the database has and the IR does not (they would vanish with their
//          values); remembers the hand-made indexes of the table, every view and every trigger
//          of the schema; drops the views and triggers (so the RENAME cannot trip on them).
//   End:   recreates the views, then the triggers, in their original order, and the hand-made
//          indexes whose names do not exist any more (alab's own ones are recreated by the
//          rebuild, and one the migration dropped stays dropped); then checks that every
//          view and trigger still compiles, naming the one that does not and the fix.
// A failure returns an error; the caller rolls the transaction back, so nothing changes.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"
#include "dialect/dialect.h"

namespace alab::dialect::sqlite {

class RebuildFrame {
 public:
  // Turns SQLite's double-quoted string literals ("qty" read as 'qty' when there is no such
  // column) on or off for the connection, returning the previous setting. Off while the
  // frame recreates and checks, so an index or view on a dropped column fails instead of
  // becoming one on a constant.
  using QuotedStrings = std::function<bool(bool on)>;
  explicit RebuildFrame(QuotedStrings quoted_strings)
      : quoted_strings_(std::move(quoted_strings)) {}

  Status Begin(Connection& conn, const Statement& first);
  // Without a Begin (or after one that failed) there is nothing to recreate.
  Status End(Connection& conn);

 private:
  struct Object {
    std::string name, sql;
  };
  void Reset();

  QuotedStrings quoted_strings_;
  bool active_ = false;
  bool strict_ = false;  // the views and triggers compiled without quoted strings before
  std::string table_;    // SQL name
  std::string ref_;      // "shop.item"
  std::vector<Object> indexes_, views_, triggers_;
};

}  // namespace alab::dialect::sqlite
