// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Time.h"

#include <QDate>
#include <QDateTime>
#include <QTime>

namespace Threadline::Demo {

/// What DemoGenerator should produce. A plain value; the same options always give the same data.
/// Out-of-range values are clamped by the generator (negative counts to 0, years to at least 1,
/// an invalid end to the default), never rejected.
struct DemoOptions
{
    quint64 seed = 20261123;
    qint64 customers = 1000; ///< exactly this many customers are produced
    qint64 interactions = 10000; ///< exactly this many interactions in total (0 when customers == 0)
    /// The first customer gets this many interactions when interactions >= 2 * heavyCustomerInteractions
    /// (benchmarks open it); else there is no heavy customer. With a single customer, it gets them all.
    qint64 heavyCustomerInteractions = 10000;
    /// Latest possible timestamp (fixed for determinism): 2026-11-02T00:00Z. (Written with
    /// utcDateTime() because Qt 6.4 has no QTimeZone::UTC.)
    QDateTime end = utcDateTime(QDate(2026, 11, 2), QTime(0, 0));
    int years = 3; ///< history spans [end - years, end)
};

} // namespace Threadline::Demo
