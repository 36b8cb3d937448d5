// Limits that keep hostile mail (mail bombs, deep nesting, header floods, huge attachments)
// from exhausting memory or stack. Each one is documented in mailscope-import(1), LIMITS.
// Hitting a limit never drops a message: its raw bytes are stored and a warning (or, for an
// oversized message, a recorded problem) says what was not read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ms {

// MIME parts nested deeper than this are not descended into. Real mail nests a handful of
// levels (forward of a forward of a signed alternative); forty levels is an attack on
// recursive walkers.
inline constexpr int k_max_mime_depth = 32;

// Headers past this count are ignored for addresses, subject and indexing. Long Received
// chains reach a few hundred; ten thousand is a flood.
inline constexpr std::size_t k_max_headers = 1000;

// Header bytes (names and unfolded values) read per message; later headers are ignored.
// A recipient list of ten thousand addresses fits; a megabyte-long header line does not.
inline constexpr std::size_t k_max_header_bytes = 512u * 1024;

// Decoded bytes of one text part held in memory for text extraction (the text kept is
// capped lower still, see ParseLimits). Other parts are decoded in a stream only to hash
// them, never held whole, so a 200 MB attachment costs no more memory than its raw bytes.
// Base64, quoted-printable and uuencode never decode to more than their input; archives
// (zip, gzip) are never inflated, so a compression bomb stays its compressed size.
inline constexpr std::size_t k_max_part_decode = 16u * 1024 * 1024;

// The largest message the importer reads into memory. Larger ones are recorded as failed
// with this reason (the evidence keeps them); the import goes on.
inline constexpr std::size_t k_max_message_bytes = 256u * 1024 * 1024;

// Ends every parse warning that reports a limit hit: import lists those per message.
inline constexpr const char* k_limit_mark = " (limit)";

// The recorded reason for a message over k_max_message_bytes.
inline std::string message_too_large(std::uint64_t size) {
    return "message of " + std::to_string(size) + " bytes is larger than the limit of " +
           std::to_string(k_max_message_bytes) + " bytes: not imported";
}

} // namespace ms
