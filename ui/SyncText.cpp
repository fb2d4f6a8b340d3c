// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncText.h"

namespace Threadline::Ui {

using Kind = Sync::SyncError::Kind;

QString SyncText::error(const Sync::SyncError &e)
{
    switch (e.kind) {
    case Kind::None:
        return {};
    case Kind::Unreachable:
        return tr("Cannot reach the server at %1 (%2).").arg(e.server, e.detail);
    case Kind::ConnectionLost:
        return tr("Lost the connection to the server (%1); reconnecting.").arg(e.detail);
    case Kind::NoAnswer:
        return tr("The server stopped answering; reconnecting.");
    case Kind::UnsupportedVersion:
        return tr("The server does not speak this Threadline's sync protocol (%1); Threadline or the server "
                  "needs updating.")
            .arg(e.detail);
    case Kind::NoSavedSession:
        return tr("There is no saved session for this server; sign in with your password.");
    case Kind::SessionEnded:
        return tr("Your session has ended (%1); sign in with your password.").arg(e.detail);
    case Kind::CredentialsRefused:
        return e.detail.isEmpty() ? tr("The server refused the user name or password.") : e.detail;
    case Kind::Throttled:
        return tr("Too many sign-in attempts; the server asks to wait (%1).").arg(e.detail);
    case Kind::CursorAhead:
        return tr("The server has fewer changes than this computer has already received: the server has lost "
                  "data. The local cache must be rebuilt from the server; nothing has been deleted. Contact "
                  "support.");
    case Kind::ServerEnded:
        return tr("The server ended the connection (%1); trying again.").arg(e.detail);
    case Kind::Server:
        return tr("The server reported a problem (%1: %2).").arg(e.code, e.detail);
    case Kind::CacheWriteFailed:
        return tr("Changes from the server could not be saved in the local cache (%1); trying again.")
            .arg(e.detail);
    case Kind::InsecureServer:
        return tr("Threadline will not connect to %1 without encryption: citizens' data would cross the "
                  "network "
                  "readable by anyone on the way. Use a wss:// address for the server.")
            .arg(e.server);
    case Kind::CertificateRefused:
        return tr("The server at %1 could not prove it is the right server, so Threadline did not connect "
                  "(%2). "
                  "Ask your IT team; do not work around it.")
            .arg(e.server, e.detail);
    case Kind::UnreadableChanges:
        return tr("The server sent changes this Threadline cannot read (%1); they are kept for support "
                  "staff. "
                  "Trying again.")
            .arg(e.detail);
    }
    return e.toLogString();
}

} // namespace Threadline::Ui
