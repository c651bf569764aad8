// The ER layout as inline SVG. Styling comes from the page's stylesheet (classes er-*), so the
// markup stays small; every text is HTML-escaped.
#include <fmt/format.h>

#include "docs/er_layout.h"
#include "docs/text.h"

namespace alab::docs {

namespace {

std::string Num(double v) { return fmt::format("{}", v); }

std::string PathData(const std::vector<Point>& pts) {
  std::string d;
  for (size_t i = 0; i < pts.size(); ++i)
    d += fmt::format("{}{},{}", i == 0 ? "M" : " L", Num(pts[i].x), Num(pts[i].y));
  return d;
}

void RenderBox(const Box& b, std::string& out) {
  std::string cls = "er-table";
  if (b.junction) cls += " er-junction";
  if (b.deprecated) cls += " er-deprecated";
  out += fmt::format("<a href=\"#table-{}\"><g class=\"{}\" id=\"er-{}\" data-table=\"{}\">\n",
                     HtmlEscape(b.sql_name), cls, HtmlEscape(b.sql_name), HtmlEscape(b.ref));
  out += fmt::format("<title>{}{}</title>\n", HtmlEscape(b.ref),
                     b.junction ? " (junction table)" : "");
  out += fmt::format(
      "<rect class=\"er-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\"/>\n", Num(b.x),
      Num(b.y), Num(b.width), Num(b.height));
  out += fmt::format("<path class=\"er-head\" d=\"M{},{} h{} v{} h{} z\"/>\n", Num(b.x), Num(b.y),
                     Num(b.width), Num(kHeaderHeight), Num(-b.width));
  out += fmt::format("<text class=\"er-title\" x=\"{}\" y=\"{}\">{}{}</text>\n",
                     Num(b.x + kBoxPadding), Num(b.y + 17), HtmlEscape(b.ref),
                     b.deprecated ? " (deprecated)" : "");
  for (size_t r = 0; r < b.rows.size(); ++r) {
    const BoxRow& row = b.rows[r];
    const double base = b.y + kHeaderHeight + kRowHeight * static_cast<double>(r) + 13;
    out += fmt::format("<text class=\"er-col{}\" x=\"{}\" y=\"{}\">{}</text>",
                       row.deprecated ? " er-dep" : "", Num(b.x + kBoxPadding), Num(base),
                       HtmlEscape(row.name));
    out += fmt::format("<text class=\"er-type\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}{}",
                       Num(b.x + b.width - kBoxPadding), Num(base), HtmlEscape(row.type),
                       row.nullable ? "?" : "");
    if (!row.marks.empty())
      out += fmt::format("<tspan class=\"er-mark\"> {}</tspan>", HtmlEscape(row.marks));
    out += "</text>\n";
  }
  // The outline last, so it frames the header too.
  out += fmt::format(
      "<rect class=\"er-frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\"/>\n",
      Num(b.x), Num(b.y), Num(b.width), Num(b.height));
  out += "</g></a>\n";
}

}  // namespace

std::string RenderErSvg(const ErLayout& layout) {
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"er\" id=\"er-diagram\" width=\"{0}\" "
      "height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"Entity-relationship diagram: {2} tables, "
      "{3} foreign keys\">\n",
      Num(layout.width), Num(layout.height), layout.boxes.size(), layout.edges.size());
  out +=
      "<defs><marker id=\"er-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "class=\"er-arrowhead\"/></marker></defs>\n";
  out += "<g class=\"er-edges\">\n";
  for (const auto& e : layout.edges) {
    out += fmt::format(
        "<path class=\"er-edge{}\" d=\"{}\" "
        "marker-end=\"url(#er-arrow)\"><title>{}</title></path>\n",
        e.self ? " er-self" : "", PathData(e.points), HtmlEscape(e.label));
  }
  out += "</g>\n<g class=\"er-boxes\">\n";
  for (const auto& b : layout.boxes) RenderBox(b, out);
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace alab::docs
