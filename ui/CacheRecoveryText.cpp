// SPDX-License-Identifier: GPL-3.0-or-later
#include "CacheRecoveryText.h"

#include <QLocale>

namespace Threadline::Ui {

QString CacheRecoveryText::damage(const QString &code, const QString &detail)
{
    if (code == u"sqlite_notadb")
        return tr("it is not a database file");
    if (code == u"sqlite_corrupt" || code == u"sqlite_corrupt_index" || code == u"sqlite_corrupt_vtab")
        return tr("parts of it are corrupt");
    if (code == u"integrity_check_failed")
        return tr("an integrity check found damage");
    if (code == u"schema_too_new")
        return tr("it was written by a newer version of Threadline");
    if (code == u"no_wal")
        return tr("it cannot keep a write-ahead log");
    return tr("it could not be read: %1").arg(detail.isEmpty() ? code : detail);
}

QString CacheRecoveryText::message(const Facts &facts)
{
    QString text
        = tr("The local cache was damaged (%1), so Threadline set it aside as %2 and started a fresh "
             "one, which will fill again from the server.")
              .arg(damage(facts.damageCode, facts.damageDetail), facts.keptAs);
    if (facts.carriedOver > 0)
        text += QLatin1Char(' ')
            + tr("Unsent changes recovered from it: %1. They will still be sent.")
                  .arg(QLocale().toString(facts.carriedOver));
    if (!facts.fullyRead)
        text += QLatin1Char(' ')
            + tr("Some or all unsent changes in it could not be read (%1); anything you changed since your "
                 "last "
                 "successful sync may need to be entered again. The damaged file has been kept for support "
                 "staff.")
                  .arg(facts.readErrorDetail);
    else if (facts.carriedOver == 0)
        text += QLatin1Char(' ') + tr("It held no unsent changes, so nothing of yours was lost.");
    return text;
}

} // namespace Threadline::Ui
