// The ER layout's geometry: on the demo schema and on a generated 40-table schema, no two boxes
// overlap, every foreign key has a line that starts on its table's box and ends on the
// referenced one, lines are orthogonal, never cross a box, never run along another line,
// and stay inside the drawing.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <cstdint>

#include "docs/docs_test_util.h"
#include "docs/er_layout.h"

namespace alab::docs {
namespace {

bool Overlap(const Box& a, const Box& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

bool OnBorder(const Point& p, const Box& b) {
  const bool in_x = p.x >= b.x && p.x <= b.x + b.width;
  const bool in_y = p.y >= b.y && p.y <= b.y + b.height;
  return (in_x && (p.y == b.y || p.y == b.y + b.height)) ||
         (in_y && (p.x == b.x || p.x == b.x + b.width));
}

// True when the axis-aligned segment a-b enters the open interior of box.
bool CrossesInterior(const Point& a, const Point& b, const Box& box) {
  const double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
  const double y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  return x0 < box.x + box.width && x1 > box.x && y0 < box.y + box.height && y1 > box.y &&
         // a segment lying on the border only touches it
         !(x0 == x1 && (x0 == box.x || x0 == box.x + box.width)) &&
         !(y0 == y1 && (y0 == box.y || y0 == box.y + box.height));
}

struct Seg {
  size_t edge;
  Point a, b;
};

void ExpectCleanLayout(const schema::Schema& schema) {
  const ErLayout l = LayoutEr(schema);
  ASSERT_EQ(l.boxes.size(), schema.tables.size());
  size_t fks = 0;
  for (const auto& t : schema.tables) fks += t.foreign_keys.size();
  ASSERT_EQ(l.edges.size(), fks) << "every foreign key has a line";

  for (size_t i = 0; i < l.boxes.size(); ++i) {
    const Box& a = l.boxes[i];
    EXPECT_EQ(a.ref, schema.tables[i].Ref());
    EXPECT_GT(a.width, 0);
    EXPECT_GT(a.height, kHeaderHeight);
    EXPECT_GE(a.x, 0);
    EXPECT_GE(a.y, 0);
    EXPECT_LE(a.x + a.width, l.width);
    EXPECT_LE(a.y + a.height, l.height);
    for (size_t j = i + 1; j < l.boxes.size(); ++j)
      EXPECT_FALSE(Overlap(a, l.boxes[j])) << a.ref << " overlaps " << l.boxes[j].ref;
  }

  std::vector<Seg> segs;
  for (size_t k = 0; k < l.edges.size(); ++k) {
    const Edge& e = l.edges[k];
    ASSERT_GE(e.points.size(), 2u) << e.label;
    EXPECT_TRUE(OnBorder(e.points.front(), l.boxes[e.from])) << e.label << " starts off its box";
    EXPECT_TRUE(OnBorder(e.points.back(), l.boxes[e.to]))
        << e.label << " ends off the referenced box";
    for (size_t p = 0; p + 1 < e.points.size(); ++p) {
      const Point& a = e.points[p];
      const Point& b = e.points[p + 1];
      EXPECT_TRUE(a.x == b.x || a.y == b.y) << e.label << ": not orthogonal";
      for (const Point& q : {a, b}) {
        EXPECT_GE(q.x, 0) << e.label;
        EXPECT_GE(q.y, 0) << e.label;
        EXPECT_LE(q.x, l.width) << e.label;
        EXPECT_LE(q.y, l.height) << e.label;
      }
      for (const auto& box : l.boxes)
        EXPECT_FALSE(CrossesInterior(a, b, box)) << e.label << " crosses " << box.ref;
      segs.push_back({k, a, b});
    }
  }
  // Two lines may cross, but never run along each other.
  for (size_t i = 0; i < segs.size(); ++i) {
    for (size_t j = i + 1; j < segs.size(); ++j) {
      const Seg& s = segs[i];
      const Seg& t = segs[j];
      if (s.edge == t.edge) continue;
      if (s.a.y == s.b.y && t.a.y == t.b.y && s.a.y == t.a.y) {
        EXPECT_FALSE(std::max(std::min(s.a.x, s.b.x), std::min(t.a.x, t.b.x)) <
                     std::min(std::max(s.a.x, s.b.x), std::max(t.a.x, t.b.x)))
            << l.edges[s.edge].label << " runs along " << l.edges[t.edge].label << " at (" << s.a.x
            << "," << s.a.y << ")-(" << s.b.x << "," << s.b.y << ") and (" << t.a.x << "," << t.a.y
            << ")-(" << t.b.x << "," << t.b.y << ")";
      }
      if (s.a.x == s.b.x && t.a.x == t.b.x && s.a.x == t.a.x) {
        EXPECT_FALSE(std::max(std::min(s.a.y, s.b.y), std::min(t.a.y, t.b.y)) <
                     std::min(std::max(s.a.y, s.b.y), std::max(t.a.y, t.b.y)))
            << l.edges[s.edge].label << " runs along " << l.edges[t.edge].label << " at (" << s.a.x
            << "," << s.a.y << ")-(" << s.b.x << "," << s.b.y << ") and (" << t.a.x << "," << t.a.y
            << ")-(" << t.b.x << "," << t.b.y << ")";
      }
    }
  }
}

TEST(DocsErLayout, DemoIsClean) {
  const schema::Schema demo = testschemas::Demo();
  ASSERT_EQ(demo.tables.size(), 9u);
  ExpectCleanLayout(demo);
}

TEST(DocsErLayout, Generated40TablesAreClean) {
  const schema::Schema s = testschemas::Generated(40, 7);
  ASSERT_EQ(s.tables.size(), 40u);
  ExpectCleanLayout(s);
}

TEST(DocsErLayout, ManySeedsAreClean) {
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    ExpectCleanLayout(testschemas::Generated(10 + 5 * seed, seed));
  }
}

TEST(DocsErLayout, ReferencedTablesSitAboveTheirReferrers) {
  const ErLayout l = LayoutEr(testschemas::Demo());
  for (const auto& e : l.edges)
    if (!e.self) {
      EXPECT_LT(l.boxes[e.to].row, l.boxes[e.from].row) << e.label;
    }
}

TEST(DocsErLayout, Deterministic) {
  const schema::Schema s = testschemas::Generated(40, 3);
  EXPECT_EQ(RenderErSvg(LayoutEr(s)), RenderErSvg(LayoutEr(s)));
}

TEST(DocsErLayout, EmptySchema) {
  const ErLayout l = LayoutEr(schema::Schema{});
  EXPECT_TRUE(l.boxes.empty());
  EXPECT_NE(RenderErSvg(l).find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace alab::docs
