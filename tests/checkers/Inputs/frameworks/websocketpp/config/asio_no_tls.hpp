// A stand-in for websocketpp's config header, written for taskfit's tests:
// the name of the asio transport configuration, nothing else.
#pragma once

namespace websocketpp {
namespace config {
struct asio {};
} // namespace config
} // namespace websocketpp
