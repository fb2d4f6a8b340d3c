// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Prng.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace Threadline::Demo {

/// UK office-hours calendar for the demo window: picks plausible contact times, moves times into
/// opening hours, converts UK wall-clock time (GMT/BST, computed here, not from the system time
/// zone database) to UTC, and formats dates without any locale. Times are milliseconds since the
/// epoch; "wall" values count UK local time as if it were UTC. Owns no resources; const methods
/// are safe to share between threads. Never fails: out-of-range input is clamped.
class OfficeClock
{
public:
    /// When a kind of contact can happen.
    enum class Slot
    {
        Phone, ///< contact-centre phone lines: Mon-Fri 08:00-18:00, Monday peak
        Digital, ///< emails and web chats from citizens: any day, mostly daytime, some evenings
        Staff, ///< agents' own work (replies, notes, call-backs): Mon-Fri 08:30-17:30
        Post, ///< the post room scans in batches at fixed times (exact timestamp ties)
    };

    /// A broken-down wall-clock time.
    struct CivilTime
    {
        int year = 1970;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int msec = 0;
        int dayOfWeek = 4; ///< 1 = Monday ... 7 = Sunday
    };

    OfficeClock(const QDateTime &end, int years);

    qint64 startUtc() const { return m_startUtc; }
    qint64 endUtc() const { return m_endUtc; }
    qint64 startWall() const { return m_startWall; }
    qint64 endWall() const { return m_endWall; }

    /// A random moment in [fromWall, toWall) suitable for @p slot (falls back to settle(fromWall)).
    qint64 randomTime(Prng &rng, Slot slot, qint64 fromWall, qint64 toWall) const;
    /// @p wallMs itself when @p slot allows it, else the next allowed moment (with some spread).
    qint64 settle(Prng &rng, qint64 wallMs, Slot slot) const;

    bool isBst(qint64 wallMs) const;
    qint64 toUtc(qint64 wallMs) const { return wallMs - (isBst(wallMs) ? 3'600'000 : 0); }
    int utcOffsetMinutes(qint64 wallMs) const { return isBst(wallMs) ? 60 : 0; }
    QDateTime toDateTime(qint64 wallMs) const;

    static CivilTime civil(qint64 ms);
    static qint64 fromCivil(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
    static qint64 dayNumber(qint64 ms); ///< days since 1970-01-01 (floor)
    static int dayOfWeek(qint64 ms); ///< 1 = Monday ... 7 = Sunday

    /// "Tuesday 4 March" / "ddydd Mawrth 4 Mawrth" (mutated, as after "ar"), optionally with the year.
    static void appendLongDate(QString &out, qint64 ms, bool welsh, bool weekday, bool year);
    /// "Tue, 4 Mar 2025 09:14:22 +0000" (RFC 5322 date-time).
    static void appendRfc5322Date(QString &out, qint64 wallMs, int offsetMinutes);
    /// "09:14".
    static void appendClock(QString &out, qint64 ms);
    /// "2025" + separator + "03" + separator + "04" (year, month, day; e.g. for file paths).
    static void appendDateStamp(QString &out, qint64 ms, QStringView separator);

    static constexpr qint64 second = 1000;
    static constexpr qint64 minute = 60 * second;
    static constexpr qint64 hour = 60 * minute;
    static constexpr qint64 day = 24 * hour;
    static constexpr qint64 week = 7 * day;

private:
    bool isOpenDay(qint64 dayNo, Slot slot) const;
    qint64 randomTimeOfDay(Prng &rng, Slot slot) const;

    qint64 m_startUtc = 0;
    qint64 m_endUtc = 0;
    qint64 m_startWall = 0;
    qint64 m_endWall = 0;
    int m_firstYear = 1970;
    QList<qint64> m_bstStart; ///< per year from m_firstYear: first wall ms of BST
    QList<qint64> m_bstEnd;
};

} // namespace Threadline::Demo
