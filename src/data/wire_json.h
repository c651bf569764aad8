#pragma once
// The wire format (README, "Wire format"): how each alab type travels as JSON. This file turns
// one stored database value, read by a dialect's ValueCodec into a dialect-neutral
// StoredValue, into its JSON text, or says why the value has none (e.g. 'abc' in an integer
// column). Used by `alab dump --format json`; the exports decode exactly this text.
#include <string>
#include <string_view>

#include "base/expected.h"
#include "dialect/values.h"
#include "schema/ir.h"

namespace alab::data {

// A value as the database holds it (its dialect's ValueCodec reads it).
using dialect::StoredValue;

// Appends c's value in the wire format to out. The column's alab type decides; the error
// (ExitCode::kUserError) says what the stored value is and why it is not of that type.
Status AppendWireValue(const schema::Column& c, const StoredValue& v, std::string& out);

// A short display of a stored value for messages ('abc' (text), 3.5 (real), 4 bytes (blob)).
std::string DescribeStored(const StoredValue& v);

// Pieces of the format, exposed for tests.
std::string Base64(std::string_view bytes);  // standard alphabet, '=' padded
// A JSON string literal of utf8; an error when utf8 is not valid UTF-8.
Status AppendJsonString(std::string_view utf8, std::string& out);
// "YYYY-MM-DD[T ]HH:MM[:SS[.f]][Z|±HH[:MM]|±HHMM]" (no zone: UTC) -> "YYYY-MM-DDTHH:MM:SS[.f]Z"
// in UTC, trailing fraction zeros dropped.
Expected<std::string> UtcDatetime(std::string_view text);
// A decimal's text as the canonical wire text of decimal(precision, scale): no leading zeros,
// exactly `scale` fraction digits (as PostgreSQL's numeric(p,s) prints it), "-" only when not
// zero; an error when it is not a decimal number or does not fit. precision 0: any size,
// the fraction as given.
Expected<std::string> CanonicalDecimal(std::string_view text, int precision, int scale);

}  // namespace alab::data
