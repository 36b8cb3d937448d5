// The text of `mailscope policy explain`: the notice, rendered from the record that
// --format json prints (policy_explain.cpp), so both say the same.
#pragma once

#include "printer.hpp"

#include <iosfwd>

namespace ms::cli {

void explain_text(std::ostream& out, const Record& r);

} // namespace ms::cli
