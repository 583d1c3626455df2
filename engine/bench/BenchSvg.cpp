// benchSvg (declared in BenchReport.hpp): a small self-contained SVG line
// chart, hand-written so the results folder needs no plotting toolchain.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/bench/BenchReport.hpp"
#include "engine/output/textEscape.hpp"

namespace logmill::engine {
namespace {

constexpr double kWidth = 760, kHeight = 460;
constexpr double kLeft = 70, kRight = 560, kTop = 50, kBottom = 400;  // the plot box
const char* const kBaselineColors[] = {"#2ca02c", "#9467bd", "#8c564b",
                                       "#e377c2", "#7f7f7f", "#bcbd22"};

// 1, 2 or 5 times a power of ten, at least `raw`.
double niceStep(double raw) {
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= raw) return m * p;
  }
  return 10 * p;
}

struct Scale {
  double xMax, yMax, yStep;
  double x(double workers) const { return kLeft + (workers - 1) / (xMax - 1) * (kRight - kLeft); }
  double y(double mbps) const { return kBottom - mbps / yMax * (kBottom - kTop); }
};

Scale makeScale(const BenchReport& r) {
  double xMax = 2, top = 1;
  for (const BenchRow& row : r.rows) {
    if (row.kind == RowKind::Logmill) xMax = std::max(xMax, double(row.jobs));
    if (const double v = r.mbPerSecond(row); std::isfinite(v)) top = std::max(top, v);
  }
  const double step = niceStep(top * 1.1 / 5);
  return {xMax, std::ceil(top * 1.1 / step) * step, step};
}

std::string axes(const Scale& s) {
  std::string out =
      fmt::format("<rect x='{}' y='{}' width='{}' height='{}' fill='none' stroke='#333'/>\n", kLeft,
                  kTop, kRight - kLeft, kBottom - kTop);
  for (double v = 0; v <= s.yMax + s.yStep / 2; v += s.yStep) {
    out += fmt::format(
        "<line x1='{0}' x2='{1}' y1='{2:.1f}' y2='{2:.1f}' stroke='#ddd'/>"
        "<text x='{3}' y='{4:.1f}' text-anchor='end'>{5:g}</text>\n",
        kLeft, kRight, s.y(v), kLeft - 6, s.y(v) + 4, v);
  }
  const int xStep = std::max(1, int(std::ceil((s.xMax - 1) / 16)));
  for (int w = 1; w <= int(s.xMax); w += xStep) {
    out += fmt::format(
        "<line x1='{0:.1f}' x2='{0:.1f}' y1='{1}' y2='{2}' stroke='#333'/>"
        "<text x='{0:.1f}' y='{3}' text-anchor='middle'>{4}</text>\n",
        s.x(w), kBottom, kBottom + 5, kBottom + 18, w);
  }
  out += fmt::format("<text x='{}' y='{}' text-anchor='middle'>workers (-j)</text>\n",
                     (kLeft + kRight) / 2, kBottom + 40);
  out += fmt::format(
      "<text transform='translate({},{}) rotate(-90)' text-anchor='middle'>MB/s of text</text>\n",
      kLeft - 48, (kTop + kBottom) / 2);
  return out;
}

std::string poolLines(const BenchReport& r, const Scale& s) {
  const std::map<std::string, std::string> colors = {{"thread", "#1f77b4"}, {"process", "#d62728"}};
  std::string out;
  for (const auto& [pool, color] : colors) {
    std::string points, dots;
    for (const BenchRow& row : r.rows) {
      const double v = r.mbPerSecond(row);
      if (row.pool != pool || !std::isfinite(v)) continue;
      points += fmt::format("{:.1f},{:.1f} ", s.x(row.jobs), s.y(v));
      dots += fmt::format("<circle cx='{:.1f}' cy='{:.1f}' r='3.5' fill='{}'/>\n", s.x(row.jobs),
                          s.y(v), color);
    }
    out += fmt::format("<polyline points='{}' fill='none' stroke='{}' stroke-width='2'/>\n{}",
                       points, color, dots);
  }
  for (const BenchRow& row : r.rows) {
    if (row.pool == "serial" && std::isfinite(r.mbPerSecond(row))) {
      out += fmt::format("<circle cx='{:.1f}' cy='{:.1f}' r='5' fill='black'/>\n", s.x(1),
                         s.y(r.mbPerSecond(row)));
    }
  }
  return out;
}

// Dashed horizontal lines, labelled to the right of the plot; labels that
// would overlap are pushed apart vertically.
std::string baselines(const BenchReport& r, const Scale& s) {
  struct Line {
    double y;
    std::string label;
  };
  std::vector<Line> lines;
  for (const BenchRow& row : r.rows) {
    const double v = r.mbPerSecond(row);
    if (row.kind == RowKind::Logmill || !std::isfinite(v)) continue;
    lines.push_back({s.y(v), fmt::format("{} {:.0f}{}", row.variant, v, row.ok ? "" : " FAILED")});
  }
  std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.y < b.y; });
  std::string out;
  double lastLabelY = -1e9;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const char* color = kBaselineColors[i % std::size(kBaselineColors)];
    const double labelY = std::max(lines[i].y + 4, lastLabelY + 13);
    lastLabelY = labelY;
    out += fmt::format(
        "<line x1='{0}' x2='{1}' y1='{2:.1f}' y2='{2:.1f}' stroke='{3}' stroke-dasharray='6 4'/>"
        "<text x='{4}' y='{5:.1f}' fill='{3}'>{6}</text>\n",
        kLeft, kRight, lines[i].y, color, kRight + 6, labelY, htmlEscaped(lines[i].label));
  }
  return out;
}

std::string legend() {
  std::string out = fmt::format(
      "<rect x='{}' y='{}' width='190' height='70' fill='white' fill-opacity='0.85' "
      "stroke='#ccc'/>\n",
      kLeft + 4, kTop + 6);
  const std::pair<const char*, const char*> entries[] = {
      {"thread pool", "#1f77b4"}, {"process pool", "#d62728"}, {"serial", "black"}};
  double y = kTop + 18;
  for (const auto& [label, color] : entries) {
    out += fmt::format(
        "<line x1='{0}' x2='{1}' y1='{2}' y2='{2}' stroke='{3}' stroke-width='2'/>"
        "<circle cx='{4}' cy='{2}' r='3.5' fill='{3}'/><text x='{5}' y='{6}'>{7}</text>\n",
        kLeft + 10, kLeft + 34, y, color, kLeft + 22, kLeft + 40, y + 4, label);
    y += 16;
  }
  out += fmt::format(
      "<line x1='{0}' x2='{1}' y1='{2}' y2='{2}' stroke='#555' stroke-dasharray='6 4'/>"
      "<text x='{3}' y='{4}'>baseline / inflate floor</text>\n",
      kLeft + 10, kLeft + 34, y, kLeft + 40, y + 4);
  return out;
}

}  // namespace

std::string benchSvg(const BenchReport& r) {
  const Scale s = makeScale(r);
  std::string out = fmt::format(
      "<?xml version='1.0' encoding='UTF-8'?>\n"
      "<svg xmlns='http://www.w3.org/2000/svg' width='{0}' height='{1}' viewBox='0 0 {0} {1}' "
      "font-family='sans-serif' font-size='12'>\n"
      "<rect width='100%' height='100%' fill='white'/>\n"
      "<text x='{2}' y='22' font-size='14' font-weight='bold'>{3}</text>\n"
      "<text x='{2}' y='38' fill='#555'>{4}</text>\n",
      kWidth, kHeight, kLeft,
      htmlEscaped(fmt::format("logmill bench: {}, {:.1f} MB of text in {} files", r.query,
                              r.textBytes / 1e6, r.files)),
      htmlEscaped(fmt::format("{}, {} logical CPUs, commit {}, {}", r.machine.cpu, r.machine.cores,
                              r.machine.commit, r.machine.date)));
  out += axes(s) + baselines(r, s) + poolLines(r, s) + legend() + "</svg>\n";
  return out;
}

}  // namespace logmill::engine
