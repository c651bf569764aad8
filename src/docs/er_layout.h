#pragma once
// The ER diagram of the docs page, laid out by alab itself (no external tool): one box per
// table with its columns, one orthogonal line per foreign key. Tables sit in rows by FK depth
// (referenced tables above the tables that reference them), rows wrap when they get too wide,
// and lines run in the channels between rows (each in its own track) or, when they skip rows,
// down a lane in the left or right margin. Deterministic: same schema, same coordinates.
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::docs {

struct Point {
  double x = 0;
  double y = 0;
};

// One column line inside a box.
struct BoxRow {
  std::string name;
  std::string type;   // short type text: "uuid", "string(255)", "enum"
  std::string marks;  // "PK", "FK", "UQ", "PK FK", ... ("" for none)
  bool nullable = false;
  bool deprecated = false;
};

struct Box {
  std::string ref;       // "auth.user"
  std::string sql_name;  // "auth_user" (the page's anchor is "table-<sql_name>")
  bool junction = false;
  bool deprecated = false;
  std::vector<BoxRow> rows;
  int level = 0;  // FK depth (0: references no other table)
  int row = 0;    // the diagram row it was placed in
  double x = 0, y = 0, width = 0, height = 0;
};

// One foreign key: a polyline from the referencing table's box to the referenced one's.
struct Edge {
  size_t from = 0;            // index into ErLayout::boxes (the table that holds the foreign key)
  size_t to = 0;              // the referenced table
  std::string label;          // "blog_post.author_id -> auth_user.id"
  bool self = false;          // a table referencing itself: a loop on the box's right side
  std::vector<Point> points;  // from the referencing box to the referenced box (arrow end)
};

struct ErLayout {
  std::vector<Box> boxes;  // in schema order (sorted by ref)
  std::vector<Edge> edges;
  double width = 0;
  double height = 0;
};

// Geometry shared by the layout and the SVG renderer.
inline constexpr double kHeaderHeight = 26;
inline constexpr double kRowHeight = 18;
inline constexpr double kCharWidth = 7.3;  // 12px monospace
inline constexpr double kBoxPadding = 10;

ErLayout LayoutEr(const schema::Schema& schema);

// The layout as an inline <svg> element (no external references): boxes link to the table
// sections of the page ("#table-<sql_name>"), lines carry a <title> naming the foreign key.
std::string RenderErSvg(const ErLayout& layout);

}  // namespace alab::docs
