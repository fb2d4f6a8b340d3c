// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QUuid>

namespace Threadline {

/// Every entity id is a UUID made by whoever creates the entity (client, server or importer),
/// so records can be created offline and deduplicated by id when they meet again.
inline QUuid newId()
{
    return QUuid::createUuid();
}

} // namespace Threadline
