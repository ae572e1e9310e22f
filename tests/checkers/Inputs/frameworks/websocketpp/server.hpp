// A stand-in for websocketpp (zaphoyd/websocketpp), written for taskfit's
// tests: the names and shapes of the handler registration API
// (websocketpp::server, endpoint::set_*_handler, connection::set_*_handler,
// lib::bind), declarations only. websocketpp runs the handlers on the
// io_service of its asio transport.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace websocketpp {

namespace lib {
using std::bind;
using std::function;
namespace placeholders {
using std::placeholders::_1;
using std::placeholders::_2;
} // namespace placeholders
} // namespace lib

using connection_hdl = std::weak_ptr<void>;

namespace frame {
namespace opcode {
enum value { text = 0x1, binary = 0x2 };
} // namespace opcode
} // namespace frame

namespace message_buffer {
class message {
public:
  std::string const &get_payload() const;
  frame::opcode::value get_opcode() const;
};
} // namespace message_buffer

using open_handler = lib::function<void(connection_hdl)>;
using close_handler = lib::function<void(connection_hdl)>;
using fail_handler = lib::function<void(connection_hdl)>;
using http_handler = lib::function<void(connection_hdl)>;
using validate_handler = lib::function<bool(connection_hdl)>;

template <typename config> class connection {
public:
  using ptr = std::shared_ptr<connection>;
  using message_ptr = std::shared_ptr<message_buffer::message>;
  using message_handler = lib::function<void(connection_hdl, message_ptr)>;

  void set_open_handler(open_handler h);
  void set_close_handler(close_handler h);
  void set_message_handler(message_handler h);
  void send(std::string const &payload, frame::opcode::value op);
};

template <typename connection, typename config> class endpoint {
public:
  using connection_type = connection;
  using connection_ptr = typename connection_type::ptr;
  using message_ptr = typename connection_type::message_ptr;
  using message_handler = typename connection_type::message_handler;

  void set_open_handler(open_handler h);
  void set_close_handler(close_handler h);
  void set_fail_handler(fail_handler h);
  void set_http_handler(http_handler h);
  void set_validate_handler(validate_handler h);
  void set_message_handler(message_handler h);

  connection_ptr get_con_from_hdl(connection_hdl hdl);
  void send(connection_hdl hdl, std::string const &payload,
            frame::opcode::value op);
  void init_asio();
  void listen(std::uint16_t port);
  void start_accept();
  void run();
};

template <typename config>
class server : public endpoint<connection<config>, config> {};

} // namespace websocketpp
