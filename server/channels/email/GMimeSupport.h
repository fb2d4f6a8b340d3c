// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the email channel's GMime users share: owning pointers for GLib objects and strings,
// and GMime's one-time set-up. Private to channels/email.

#include <gmime/gmime.h>
#include <memory>
#include <mutex>

namespace Threadline::Server::Email::GMime {

struct ObjectUnref
{
    void operator()(gpointer object) const
    {
        if (object)
            g_object_unref(object);
    }
};
/// A GObject (GMimeMessage, GMimeStream, ...) released with g_object_unref.
template<typename T>
using Owned = std::unique_ptr<T, ObjectUnref>;

struct Free
{
    void operator()(gpointer p) const { g_free(p); }
};
/// A string GLib allocated, released with g_free.
using OwnedString = std::unique_ptr<char, Free>;

/// g_mime_init(), once per process, from any thread.
inline void init()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

} // namespace Threadline::Server::Email::GMime
