// Built-in profiles kept in memory (src/storage/profile_cache.cpp).
#pragma once

#include "model/profile.h"

#include <string>

namespace storage {

model::Profile cached_profile(const std::string &user);

} // namespace storage
