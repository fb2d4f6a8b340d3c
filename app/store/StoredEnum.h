// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"
#include "SqliteStatement.h"
#include "StoreLogging.h"

namespace Threadline::Store {

/// The enum whose stable name is stored in @p column. A name this version does not know (a newer
/// Threadline wrote it, or the file was edited by hand) is reported in the log with its column,
/// never passed over in silence, and read as @p fallback so the rest of the row still shows.
/// Enum names are codes, never personal data, so the log may quote them.
template<typename E>
E storedEnum(const SqliteStatement &row, int column, E fallback)
{
    const QString name = row.text(column);
    if (const auto value = fromString<E>(name))
        return *value;
    qCWarning(lcStore).noquote() << "unknown stored value" << name.left(32) << "in column" << column
                                 << "read as" << toString(fallback);
    return fallback;
}

} // namespace Threadline::Store
