// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace Threadline::Ui {

/// The words a person reads after Threadline found its local cache damaged and set it aside,
/// made from the values the store reports (Store::CacheOpenReport), translated.
class CacheRecoveryText
{
    Q_DECLARE_TR_FUNCTIONS(CacheRecoveryText)
public:
    struct Facts
    {
        QString damageCode; ///< e.g. "sqlite_corrupt", "schema_too_new"
        QString damageDetail; ///< SQLite's own words, shown only when the code is not known here
        QString keptAs; ///< where the damaged file is now
        int carriedOver = 0; ///< unsent changes copied into the fresh cache
        bool fullyRead = true; ///< false: some unsent changes could not be read
        QString readErrorDetail;
    };

    static QString message(const Facts &facts);
    /// What was wrong with the file, as a clause: "it is not a database file".
    static QString damage(const QString &code, const QString &detail);
};

} // namespace Threadline::Ui
