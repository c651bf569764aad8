// The ER diagram's layout: FK depth -> rows (wrapped at a maximum width) -> order within rows
// (barycentre sweeps) -> ports on box edges -> tracks in the channels between rows and lanes
// in the margins -> coordinates. Every step is a pure function of the schema's order.
#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <set>

#include "docs/er_layout.h"
#include "docs/text.h"
#include "schema/type_text.h"

namespace alab::docs {

namespace {

constexpr double kBoxGap = 48;         // horizontal space between boxes of a row
constexpr double kMaxRowWidth = 1260;  // a level wider than this wraps into more rows
constexpr double kTrackGap = 10;       // between two horizontal line segments of a channel
constexpr double kMinChannel = 48;     // vertical space between two rows
constexpr double kLaneGap = 12;        // between two vertical lanes in a margin
constexpr double kMargin = 20;
constexpr double kSelfLoop = 18;  // how far a self-reference reaches right of its box
constexpr double kMinBoxWidth = 150;

Box MakeBox(const schema::Table& t) {
  Box b;
  b.ref = t.Ref();
  b.sql_name = t.SqlName();
  b.junction = t.junction;
  b.deprecated = t.deprecated.has_value();
  const auto fk_cols = ForeignKeyColumns(t);
  size_t chars = 0;
  for (const auto& c : t.columns) {
    BoxRow r;
    r.name = c.name;
    r.type = schema::TypeText(c, schema::EnumValues::kOmit);
    std::vector<std::string> marks;
    if (c.primary_key) marks.push_back("PK");
    if (std::find(fk_cols.begin(), fk_cols.end(), c.name) != fk_cols.end()) marks.push_back("FK");
    if (c.unique) marks.push_back("UQ");
    for (const auto& m : marks) r.marks += (r.marks.empty() ? "" : " ") + m;
    r.nullable = c.nullable;
    r.deprecated = c.deprecated.has_value();
    chars = std::max(chars, r.name.size() + 2 + r.type.size() + (r.nullable ? 1 : 0) +
                                (r.marks.empty() ? 0 : r.marks.size() + 1));
    b.rows.push_back(std::move(r));
  }
  const size_t title = b.ref.size() + (b.deprecated ? 13 : 0);
  b.width = std::max(kMinBoxWidth,
                     std::ceil(std::max(chars * kCharWidth, title * 7.9) + 2 * kBoxPadding));
  b.height = kHeaderHeight + static_cast<double>(b.rows.size()) * kRowHeight + 6;
  return b;
}

double CenterX(const Box& b) { return b.x + b.width / 2; }

// FK depth: a table sits one level below the deepest table it references. A table that
// references nothing but is referenced moves down next to its highest referencing table,
// so its lines stay short. Cycles (other than self-references) are bounded by the pass count.
std::vector<int> Levels(size_t n, const std::vector<Edge>& edges) {
  std::vector<int> level(n, 0);
  for (size_t pass = 0; pass < n; ++pass) {
    bool changed = false;
    for (const auto& e : edges)
      if (!e.self && level[e.from] < level[e.to] + 1 && level[e.to] < static_cast<int>(n)) {
        level[e.from] = level[e.to] + 1;
        changed = true;
      }
    if (!changed) break;
  }
  for (size_t i = 0; i < n; ++i) {
    bool has_parent = false;
    int min_child = INT_MAX;
    for (const auto& e : edges) {
      if (e.self) continue;
      if (e.from == i) has_parent = true;
      if (e.to == i) min_child = std::min(min_child, level[e.from]);
    }
    if (!has_parent && min_child != INT_MAX && min_child - 1 > level[i]) level[i] = min_child - 1;
  }
  return level;
}

// Splits an ordered level into rows no wider than kMaxRowWidth, each centred on x = 0.
std::vector<std::vector<size_t>> PlaceLevel(const std::vector<size_t>& order,
                                            std::vector<Box>& boxes) {
  std::vector<std::vector<size_t>> rows;
  std::vector<size_t> current;
  double width = 0;
  for (size_t i : order) {
    if (!current.empty() && width + kBoxGap + boxes[i].width > kMaxRowWidth) {
      rows.push_back(std::move(current));
      current.clear();
      width = 0;
    }
    width += (current.empty() ? 0 : kBoxGap) + boxes[i].width;
    current.push_back(i);
  }
  if (!current.empty()) rows.push_back(std::move(current));
  for (const auto& row : rows) {
    double total = -kBoxGap;
    for (size_t i : row) total += boxes[i].width + kBoxGap;
    double x = std::round(-total / 2);
    for (size_t i : row) {
      boxes[i].x = x;
      x += boxes[i].width + kBoxGap;
    }
  }
  return rows;
}

// Re-orders a level by the mean x of each table's neighbours (parents or children); a table
// without neighbours keeps its place. Stable, so ties keep the previous order.
void OrderLevel(std::vector<size_t>& level, const std::vector<std::vector<size_t>>& neighbours,
                std::vector<Box>& boxes) {
  std::vector<std::pair<double, size_t>> keyed;
  for (size_t i : level) {
    double key = CenterX(boxes[i]);
    if (!neighbours[i].empty()) {
      double sum = 0;
      for (size_t n : neighbours[i]) sum += CenterX(boxes[n]);
      key = sum / static_cast<double>(neighbours[i].size());
    }
    keyed.emplace_back(key, i);
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t k = 0; k < keyed.size(); ++k) level[k] = keyed[k].second;
  PlaceLevel(level, boxes);
}

// A horizontal line segment in a channel, waiting for its track.
struct Segment {
  size_t edge;
  int part;  // 0: next to the referencing box, 1: next to the referenced box
  double lo, hi;
};

// Greedy interval packing: each interval gets the first slot whose last interval ended
// before it starts. Returns the slot of each interval (in input order) and the slot count.
int Pack(std::vector<std::pair<double, double>> spans, std::vector<int>& slot_of, double gap) {
  std::vector<size_t> order(spans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return spans[a] < spans[b]; });
  std::vector<double> ends;
  slot_of.assign(spans.size(), 0);
  for (size_t i : order) {
    size_t s = 0;
    while (s < ends.size() && ends[s] + gap > spans[i].first) ++s;
    if (s == ends.size()) ends.push_back(0);
    ends[s] = spans[i].second;
    slot_of[i] = static_cast<int>(s);
  }
  return static_cast<int>(ends.size());
}

size_t RowIndex(const schema::Table& t, const std::string& column) {
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name == column) return i;
  return 0;
}

}  // namespace

ErLayout LayoutEr(const schema::Schema& schema) {
  ErLayout out;
  const size_t n = schema.tables.size();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < n; ++i) {
    out.boxes.push_back(MakeBox(schema.tables[i]));
    index[schema.tables[i].Ref()] = i;
  }
  // Edges, and for self-references the rows their loop joins.
  std::vector<std::pair<size_t, size_t>> loop_rows;
  for (size_t i = 0; i < n; ++i) {
    const auto& t = schema.tables[i];
    for (const auto& fk : t.foreign_keys) {
      const schema::Table* target = schema.Find(fk.ref_table);
      if (target == nullptr) continue;
      Edge e;
      e.from = i;
      e.to = index[target->Ref()];
      e.self = e.from == e.to;
      std::vector<std::string> refs;
      for (const auto& c : fk.ref_columns) refs.push_back(target->SqlName() + "." + c);
      std::string cols;
      for (const auto& c : fk.columns) cols += (cols.empty() ? "" : ", ") + t.SqlName() + "." + c;
      std::string ref_text;
      for (const auto& r : refs) ref_text += (ref_text.empty() ? "" : ", ") + r;
      e.label = cols + " -> " + ref_text;
      loop_rows.emplace_back(RowIndex(t, fk.columns.empty() ? "" : fk.columns[0]),
                             RowIndex(*target, fk.ref_columns.empty() ? "" : fk.ref_columns[0]));
      out.edges.push_back(std::move(e));
    }
  }
  auto& boxes = out.boxes;
  auto& edges = out.edges;
  if (n == 0) {
    out.width = 2 * kMargin;
    out.height = 2 * kMargin;
    return out;
  }

  // Levels and the order within them.
  const auto level = Levels(n, edges);
  const int max_level = *std::max_element(level.begin(), level.end());
  std::vector<std::vector<size_t>> levels(max_level + 1), parents(n), children(n);
  for (size_t i = 0; i < n; ++i) levels[level[i]].push_back(i);
  for (const auto& e : edges) {
    if (e.self) continue;
    parents[e.from].push_back(e.to);
    children[e.to].push_back(e.from);
  }
  for (auto& l : levels) PlaceLevel(l, boxes);
  for (int l = 1; l <= max_level; ++l) OrderLevel(levels[l], parents, boxes);
  for (int l = max_level - 1; l >= 0; --l) OrderLevel(levels[l], children, boxes);
  for (int l = 1; l <= max_level; ++l) OrderLevel(levels[l], parents, boxes);
  std::vector<std::vector<size_t>> rows;
  for (auto& l : levels) {
    if (l.empty()) continue;
    for (auto& r : PlaceLevel(l, boxes)) rows.push_back(std::move(r));
  }
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t i : rows[r]) boxes[i].row = static_cast<int>(r), boxes[i].level = level[i];

  // Self-reference loops per box, and the right edge they reach.
  std::vector<int> loops_on(n, 0), loop_slot(edges.size(), 0);
  for (size_t k = 0; k < edges.size(); ++k)
    if (edges[k].self) loop_slot[k] = loops_on[edges[k].from]++;
  double xmin = 0, xmax = 0;
  for (size_t i = 0; i < n; ++i) {
    xmin = std::min(xmin, boxes[i].x);
    xmax = std::max(
        xmax, boxes[i].x + boxes[i].width + (loops_on[i] > 0 ? kSelfLoop + 8.0 * loops_on[i] : 0));
  }

  // Route kinds: direct (the referenced table is in the row just above) or by a margin lane.
  enum class Side { kDirect, kLeft, kRight };
  std::vector<Side> side(edges.size(), Side::kDirect);
  for (size_t k = 0; k < edges.size(); ++k) {
    const auto& e = edges[k];
    if (e.self || boxes[e.from].row == boxes[e.to].row + 1) continue;
    side[k] = (CenterX(boxes[e.from]) + CenterX(boxes[e.to])) / 2 < 0 ? Side::kLeft : Side::kRight;
  }

  // Ports: outgoing lines leave from the top edge, incoming ones arrive at the bottom edge,
  // spread evenly and ordered by where the other end lies.
  std::vector<double> from_x(edges.size()), to_x(edges.size());
  auto spread = [&](size_t box, bool top) {
    std::vector<std::pair<std::pair<double, double>, size_t>> ports;
    for (size_t k = 0; k < edges.size(); ++k) {
      const auto& e = edges[k];
      if (e.self || (top ? e.from : e.to) != box) continue;
      const double other = CenterX(boxes[top ? e.to : e.from]);
      const double key = side[k] == Side::kLeft ? -1e9 : side[k] == Side::kRight ? 1e9 : other;
      ports.push_back({{key, other}, k});
    }
    std::stable_sort(ports.begin(), ports.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const Box& b = boxes[box];
    for (size_t p = 0; p < ports.size(); ++p) {
      const double x = b.x + std::round(b.width * static_cast<double>(p + 1) /
                                        static_cast<double>(ports.size() + 1));
      (top ? from_x : to_x)[ports[p].second] = x;
    }
  };
  for (size_t i = 0; i < n; ++i) spread(i, true), spread(i, false);

  // Lanes: a vertical line in a margin between two channels; lanes whose channel ranges do
  // not overlap share a slot.
  std::vector<double> lane_x(edges.size(), 0);
  int left_lanes = 0, right_lanes = 0;
  for (Side s : {Side::kLeft, Side::kRight}) {
    std::vector<size_t> ks;
    std::vector<std::pair<double, double>> spans;
    for (size_t k = 0; k < edges.size(); ++k) {
      if (side[k] != s) continue;
      const double a = boxes[edges[k].from].row, b = boxes[edges[k].to].row + 1;
      ks.push_back(k);
      spans.emplace_back(std::min(a, b), std::max(a, b));
    }
    std::vector<int> slot;
    const int count = Pack(spans, slot, 1);
    (s == Side::kLeft ? left_lanes : right_lanes) = count;
    for (size_t j = 0; j < ks.size(); ++j)
      lane_x[ks[j]] =
          s == Side::kLeft ? xmin - 10 - kLaneGap * slot[j] : xmax + 10 + kLaneGap * slot[j];
  }

  // A line rising from a box's top port must not share its x with a line dropping to a box
  // above in the same channel (they would run along each other): such ports move aside.
  const size_t channels = rows.size() + 1;
  for (size_t c = 0; c < channels; ++c) {
    std::vector<double> taken;
    for (size_t k = 0; k < edges.size(); ++k) {
      const auto& e = edges[k];
      if (!e.self && (side[k] == Side::kDirect ? boxes[e.from].row : boxes[e.to].row + 1) ==
                         static_cast<int>(c))
        taken.push_back(to_x[k]);
    }
    for (size_t k = 0; k < edges.size(); ++k) {
      const auto& e = edges[k];
      if (e.self || boxes[e.from].row != static_cast<int>(c)) continue;
      const Box& b = boxes[e.from];
      auto free = [&](double x) {
        if (x < b.x + 4 || x > b.x + b.width - 4) return false;
        for (double t : taken)
          if (std::abs(t - x) < 4) return false;
        return true;
      };
      for (int step = 0; step <= 16; ++step) {
        const double x = from_x[k] + (step % 2 == 1 ? 1 : -1) * 5.0 * ((step + 1) / 2);
        if (free(x)) {
          from_x[k] = x;
          break;
        }
      }
      taken.push_back(from_x[k]);
    }
  }

  // Tracks: the horizontal segments of each channel (channel r lies above row r).
  std::vector<std::vector<Segment>> in_channel(channels);
  for (size_t k = 0; k < edges.size(); ++k) {
    const auto& e = edges[k];
    if (e.self) continue;
    const size_t c0 = boxes[e.from].row, c1 = boxes[e.to].row + 1;
    if (side[k] == Side::kDirect) {
      in_channel[c0].push_back({k, 0, std::min(from_x[k], to_x[k]), std::max(from_x[k], to_x[k])});
    } else {
      in_channel[c0].push_back(
          {k, 0, std::min(from_x[k], lane_x[k]), std::max(from_x[k], lane_x[k])});
      in_channel[c1].push_back({k, 1, std::min(to_x[k], lane_x[k]), std::max(to_x[k], lane_x[k])});
    }
  }
  std::vector<std::vector<int>> track(channels);
  std::vector<int> tracks(channels, 0);
  for (size_t c = 0; c < channels; ++c) {
    std::vector<std::pair<double, double>> spans;
    for (const auto& s : in_channel[c]) spans.emplace_back(s.lo, s.hi);
    tracks[c] = Pack(spans, track[c], 8);
  }

  // Vertical placement: channel, row, channel, row, ..., channel.
  std::vector<double> channel_top(channels), channel_height(channels);
  double y = 0;
  for (size_t c = 0; c < channels; ++c) {
    const bool edge_channel = c == 0 || c + 1 == channels;
    channel_height[c] = tracks[c] == 0 ? (edge_channel ? kMargin : kMinChannel)
                                       : std::max(edge_channel ? 0.0 : kMinChannel,
                                                  (tracks[c] + 1) * kTrackGap + 10);
    channel_top[c] = y;
    y += channel_height[c];
    if (c < rows.size()) {
      double h = 0;
      for (size_t i : rows[c]) boxes[i].y = y, h = std::max(h, boxes[i].height);
      y += h;
    }
  }
  out.height = y;
  auto track_y = [&](size_t c, int t) {
    return channel_top[c] + std::round((channel_height[c] - (tracks[c] - 1) * kTrackGap) / 2) +
           t * kTrackGap;
  };
  std::map<std::pair<size_t, int>, double> seg_y;
  for (size_t c = 0; c < channels; ++c)
    for (size_t s = 0; s < in_channel[c].size(); ++s)
      seg_y[{in_channel[c][s].edge, in_channel[c][s].part}] = track_y(c, track[c][s]);

  // Points, then everything shifted right of the left lanes.
  for (size_t k = 0; k < edges.size(); ++k) {
    auto& e = edges[k];
    const Box& from = boxes[e.from];
    const Box& to = boxes[e.to];
    if (e.self) {
      const double x0 = from.x + from.width, xo = x0 + kSelfLoop + 8.0 * loop_slot[k];
      const double ya = from.y + kHeaderHeight + kRowHeight * (loop_rows[k].first + 0.5);
      const double yb = from.y + kHeaderHeight + kRowHeight * (loop_rows[k].second + 0.5);
      e.points = {{x0, ya}, {xo, ya}, {xo, yb}, {x0, yb}};
    } else if (side[k] == Side::kDirect) {
      const double ty = seg_y[{k, 0}];
      e.points = {{from_x[k], from.y}, {from_x[k], ty}, {to_x[k], ty}, {to_x[k], to.y + to.height}};
    } else {
      const double y0 = seg_y[{k, 0}], y1 = seg_y[{k, 1}];
      e.points = {{from_x[k], from.y}, {from_x[k], y0}, {lane_x[k], y0},
                  {lane_x[k], y1},     {to_x[k], y1},   {to_x[k], to.y + to.height}};
    }
  }
  const double shift = kMargin + (left_lanes > 0 ? 10 + kLaneGap * left_lanes : 0) - xmin;
  for (auto& b : boxes) b.x += shift;
  for (auto& e : edges) {
    std::vector<Point> pts;
    for (auto p : e.points) {
      p.x += shift;
      if (pts.empty() || pts.back().x != p.x || pts.back().y != p.y) pts.push_back(p);
    }
    e.points = std::move(pts);
  }
  out.width = xmax + shift + (right_lanes > 0 ? 10 + kLaneGap * right_lanes : 0) + kMargin;
  return out;
}

}  // namespace alab::docs
