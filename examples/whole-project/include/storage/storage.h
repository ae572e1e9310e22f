// The storage layer: files on the local disk and a replica socket. Every
// function here except the inline read_blob overload blocks its thread.
#pragma once

#include "model/profile.h"

#include <cstddef>
#include <string>
#include <vector>

namespace storage {

// profiles/<user>.txt, read with fopen/fread (src/storage/profile_store.cpp).
model::Profile load_profile(const std::string &user);

// history/<user>.log, one event a line, read with std::ifstream
// (src/storage/history_log.cpp).
std::vector<std::string> read_history(const std::string &user);

// Backs off while the disk is busy: sleeps (src/storage/throttle.cpp).
void wait_for_disk_quota();

// The next record the replica pushes on fd: ::recv (src/storage/replica.cpp).
std::string fetch_from_replica(int fd);

// Two overloads: the first reads a file (src/storage/blob_file.cpp), the
// second copies bytes already in memory (src/storage/blob_inline.cpp).
std::string read_blob(const std::string &path);
std::string read_blob(const char *data, std::size_t size);

// Appends a line to audit.log (src/storage/audit.cpp).
void append_audit(const std::string &entry);

} // namespace storage
