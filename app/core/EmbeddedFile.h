// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>

namespace Threadline {

/// A text file compiled into the binary by cmake/EmbedFiles.cmake (e.g. a numbered SQL migration).
struct EmbeddedFile
{
    const char *name;
    const char *content;
};

} // namespace Threadline
