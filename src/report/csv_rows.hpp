#pragma once
// The pieces of the CSV reports, one contract at a time, for writing them as a stream (book.cpp).
// Internal to report/.

#include "report.hpp"

#include <string>
#include <vector>

namespace keiyaku::report {

/// The BOM and the header line of csv_matrix().
std::string csv_matrix_head(const std::vector<Column>& columns);
/// One contract's line of csv_matrix().
std::string csv_matrix_row(const ContractReport& contract, const std::vector<Column>& columns);
/// The BOM and the header line of csv_findings().
std::string csv_findings_head();
/// One contract's lines of csv_findings().
std::string csv_findings_rows(const ContractReport& contract);

}  // namespace keiyaku::report
