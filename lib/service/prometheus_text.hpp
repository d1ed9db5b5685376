#pragma once
// The Prometheus text exposition format (version 0.0.4), written exactly: one HELP and TYPE per family before
// its samples, label values escaped (\\ \" \n), HELP text escaped (\\ \n), numbers in their shortest exact
// form with +Inf/-Inf/NaN, histograms as _bucket{le=...} (cumulative, +Inf last), _sum and _count. Pure.

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "service/histogram.hpp"

namespace pcs::service {

struct Label {
  std::string_view name;
  std::string_view value;
};

class PrometheusText {
 public:
  // Once per metric family, before its samples. `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, double value, std::span<const Label> labels = {});
  void sample(std::string_view name, double value, std::initializer_list<Label> labels) {
    sample(name, value, std::span<const Label>(labels.begin(), labels.size()));
  }
  // A family of one unlabelled sample: family() and sample() together.
  void single(std::string_view name, std::string_view type, std::string_view help, double value) {
    family(name, type, help);
    sample(name, value);
  }
  // single() when the value is known; nothing at all, not even HELP and TYPE, when it is not.
  void single_if_known(std::string_view name, std::string_view type, std::string_view help,
                       std::optional<double> value) {
    if (value) single(name, type, help, *value);
  }
  // The samples of one histogram series (its family() comes first, once for all its series).
  void histogram(std::string_view name, const Histogram& h, std::span<const Label> labels = {});

  std::string take() { return std::move(out_); }

 private:
  void series(std::string_view name, std::string_view suffix, std::span<const Label> labels, const Label* extra);
  std::string out_;
};

// 0.1 -> "0.1", 1767225600 -> "1767225600", infinity -> "+Inf".
std::string format_number(double value);
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view text);

}  // namespace pcs::service
