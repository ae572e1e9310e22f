// The service layer: what a request does, on top of storage/.
#pragma once

#include "model/profile.h"

#include <cstddef>
#include <string>
#include <vector>

namespace services {

// src/services/profile_service.cpp
std::string profile_summary(const std::string &user);
std::string cached_summary(const std::string &user);
std::vector<model::Profile> load_directory(const std::string &index_path);

// src/services/ranking.cpp
std::string top_users(const std::vector<model::Profile> &directory,
                      std::size_t n);
std::string closest_pairs(const std::vector<model::Profile> &directory);

// src/services/quota.cpp
void charge_upload(std::size_t bytes);

// src/services/replication.cpp
std::string sync_from_replica(int fd, const std::string &key);

// src/services/attachments.cpp
std::string attachment(const std::string &path);
std::string inline_attachment(const char *data, std::size_t size);

// src/services/format.cpp
std::string greeting(const std::string &user);
std::string format_lines(const std::vector<std::string> &lines);

// src/services/report.cpp
void export_report(const std::vector<model::Profile> &directory,
                   const std::string &path);

} // namespace services
