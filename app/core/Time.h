// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace Threadline {

/// The UTC QDateTime for milliseconds since the Unix epoch. Times are UTC everywhere below the
/// UI. (Qt 6.5 added QTimeZone::UTC and later deprecates the Qt::TimeSpec overloads; Qt 6.4,
/// the floor, only has the latter.)
inline QDateTime utcFromMs(qint64 ms)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
#else
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
#endif
}

/// A UTC QDateTime from a date and a time of day.
inline QDateTime utcDateTime(QDate date, QTime time)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(date, time, QTimeZone::UTC);
#else
    return QDateTime(date, time, Qt::UTC);
#endif
}

} // namespace Threadline
