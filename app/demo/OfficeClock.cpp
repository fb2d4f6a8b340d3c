// SPDX-License-Identifier: GPL-3.0-or-later
#include "OfficeClock.h"

#include "Time.h"

#include <algorithm>
#include <array>

namespace Threadline::Demo {

namespace {

constexpr qint64 floorDiv(qint64 a, qint64 b)
{
    return (a >= 0) ? a / b : -((-a + b - 1) / b);
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
constexpr qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(qint64 z, int &year, int &month, int &dayOfMonth)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    dayOfMonth = int(doy - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

/// Wall ms of 01:00 GMT (the switch-over) on the last Sunday of @p month, in wall time.
qint64 lastSundayAt(int year, int month, qint64 hourOfDay)
{
    const qint64 firstOfNext
        = month == 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
    qint64 d = firstOfNext - 1;
    while (OfficeClock::dayOfWeek(d * OfficeClock::day) != 7)
        --d;
    return d * OfficeClock::day + hourOfDay * OfficeClock::hour;
}

// Relative weights by day of week (Monday first) and hour of day (from firstHour).
constexpr std::array<int, 7> officeDays = {100, 82, 78, 76, 66, 0, 0};
constexpr std::array<int, 7> digitalDays = {100, 85, 80, 80, 70, 22, 26};
constexpr std::array<int, 7> postDays = {100, 80, 76, 74, 70, 0, 0};
constexpr std::array<int, 10> phoneHours = {6, 14, 13, 11, 9, 8, 10, 9, 7, 5}; // 08:00-17:59
constexpr std::array<int, 16> digitalHours = {2, 8, 12, 12, 11, 10, 10, 10, 9, 8, 6, 3, 2, 1, 1, 1}; // 07-22
constexpr std::array<int, 9> staffHours = {8, 12, 12, 11, 7, 10, 11, 10, 8}; // 08:30-17:29 (offset 30 min)
constexpr std::array<int, 3> postMinutes = {9 * 60 + 30, 11 * 60, 14 * 60 + 30}; // scanning batches

constexpr std::array<QStringView, 7> weekdaysEn
    = {u"Monday", u"Tuesday", u"Wednesday", u"Thursday", u"Friday", u"Saturday", u"Sunday"};
// Welsh weekdays soft-mutated ("ddydd Llun"): that is how they read as "on Monday" and after "ar"/"o".
constexpr std::array<QStringView, 7> weekdaysCy
    = {u"ddydd Llun",   u"ddydd Mawrth", u"ddydd Mercher", u"ddydd Iau",
       u"ddydd Gwener", u"ddydd Sadwrn", u"ddydd Sul"};
constexpr std::array<QStringView, 7> weekdaysShort = {u"Mon", u"Tue", u"Wed", u"Thu", u"Fri", u"Sat", u"Sun"};
constexpr std::array<QStringView, 12> monthsEn
    = {u"January", u"February", u"March",     u"April",   u"May",      u"June",
       u"July",    u"August",   u"September", u"October", u"November", u"December"};
constexpr std::array<QStringView, 12> monthsCy
    = {u"Ionawr",     u"Chwefror", u"Mawrth", u"Ebrill", u"Mai",      u"Mehefin",
       u"Gorffennaf", u"Awst",     u"Medi",   u"Hydref", u"Tachwedd", u"Rhagfyr"};
constexpr std::array<QStringView, 12> monthsShort
    = {u"Jan", u"Feb", u"Mar", u"Apr", u"May", u"Jun", u"Jul", u"Aug", u"Sep", u"Oct", u"Nov", u"Dec"};

void appendTwo(QString &out, int value)
{
    out.append(QChar(u'0' + char16_t(value / 10 % 10)));
    out.append(QChar(u'0' + char16_t(value % 10)));
}

} // namespace

OfficeClock::OfficeClock(const QDateTime &end, int years)
{
    const QDateTime validEnd = end.isValid() ? end : utcDateTime(QDate(2026, 11, 2), QTime(0, 0));
    const int span = std::max(years, 1);
    m_endUtc = validEnd.toMSecsSinceEpoch();
    m_startUtc = validEnd.addYears(-span).toMSecsSinceEpoch();
    const CivilTime first = civil(m_startUtc);
    const CivilTime last = civil(m_endUtc);
    m_firstYear = first.year - 1;
    for (int y = m_firstYear; y <= last.year + 1; ++y) {
        m_bstStart.append(lastSundayAt(y, 3, 1)); // 01:00 GMT becomes 02:00 BST
        m_bstEnd.append(lastSundayAt(y, 10, 1)); // 02:00 BST becomes 01:00 GMT
    }
    m_startWall = m_startUtc + (isBst(m_startUtc + hour) ? hour : 0);
    m_endWall = m_endUtc + (isBst(m_endUtc + hour) ? hour : 0);
}

bool OfficeClock::isBst(qint64 wallMs) const
{
    int year = 0, month = 0, dom = 0;
    civilFromDays(dayNumber(wallMs), year, month, dom);
    if (month < 3 || month > 10)
        return false;
    const qsizetype i = year - m_firstYear;
    if (i < 0 || i >= m_bstStart.size())
        return wallMs >= lastSundayAt(year, 3, 1) && wallMs < lastSundayAt(year, 10, 1);
    return wallMs >= m_bstStart[i] && wallMs < m_bstEnd[i];
}

QDateTime OfficeClock::toDateTime(qint64 wallMs) const
{
    return utcFromMs(toUtc(wallMs));
}

qint64 OfficeClock::dayNumber(qint64 ms)
{
    return floorDiv(ms, day);
}

int OfficeClock::dayOfWeek(qint64 ms)
{
    const qint64 d = dayNumber(ms); // 1970-01-01 was a Thursday
    return int(((d + 3) % 7 + 7) % 7) + 1;
}

OfficeClock::CivilTime OfficeClock::civil(qint64 ms)
{
    CivilTime t;
    const qint64 d = dayNumber(ms);
    civilFromDays(d, t.year, t.month, t.day);
    const qint64 rest = ms - d * day;
    t.hour = int(rest / hour);
    t.minute = int(rest / minute % 60);
    t.second = int(rest / second % 60);
    t.msec = int(rest % 1000);
    t.dayOfWeek = dayOfWeek(ms);
    return t;
}

qint64 OfficeClock::fromCivil(int year, int month, int dayOfMonth, int h, int m, int s)
{
    return daysFromCivil(year, month, dayOfMonth) * day + h * hour + m * minute + s * second;
}

bool OfficeClock::isOpenDay(qint64 dayNo, Slot slot) const
{
    if (slot == Slot::Digital)
        return true;
    const int dow = dayOfWeek(dayNo * day);
    if (dow >= 6)
        return false;
    int year = 0, month = 0, dom = 0;
    civilFromDays(dayNo, year, month, dom);
    return !((month == 12 && (dom == 25 || dom == 26)) || (month == 1 && dom == 1));
}

qint64 OfficeClock::randomTimeOfDay(Prng &rng, Slot slot) const
{
    switch (slot) {
    case Slot::Phone:
        return (8 + rng.weighted(phoneHours)) * hour + rng.range(0, hour - 1);
    case Slot::Digital:
        return (7 + rng.weighted(digitalHours)) * hour + rng.range(0, hour - 1);
    case Slot::Staff:
        return 8 * hour + 30 * minute + rng.weighted(staffHours) * hour + rng.range(0, hour - 1);
    case Slot::Post:
        return postMinutes[rng.bounded(postMinutes.size())] * minute;
    }
    return 12 * hour;
}

qint64 OfficeClock::randomTime(Prng &rng, Slot slot, qint64 fromWall, qint64 toWall) const
{
    if (toWall <= fromWall)
        return settle(rng, fromWall, slot);
    const qint64 firstDay = dayNumber(fromWall);
    const qint64 lastDay = dayNumber(toWall - 1);
    const std::array<int, 7> &weights
        = slot == Slot::Digital ? digitalDays : (slot == Slot::Post ? postDays : officeDays);
    for (int attempt = 0; attempt < 64; ++attempt) {
        const qint64 d = rng.range(firstDay, lastDay);
        if (!isOpenDay(d, slot) || int(rng.bounded(100)) >= weights[dayOfWeek(d * day) - 1])
            continue;
        const qint64 t = d * day + randomTimeOfDay(rng, slot);
        if (t >= fromWall && t < toWall)
            return t;
    }
    return settle(rng, fromWall, slot);
}

qint64 OfficeClock::settle(Prng &rng, qint64 wallMs, Slot slot) const
{
    qint64 d = dayNumber(wallMs);
    const qint64 timeOfDay = wallMs - d * day;
    switch (slot) {
    case Slot::Digital:
        // Most people write in the day; many evening replies wait for the next morning.
        if (timeOfDay >= 7 * hour && (timeOfDay < 18 * hour || (timeOfDay < 23 * hour && rng.chance(400))))
            return wallMs;
        if (timeOfDay >= 18 * hour)
            ++d;
        return d * day + 7 * hour + rng.range(0, 3 * hour);
    case Slot::Phone:
    case Slot::Staff: {
        const qint64 open = slot == Slot::Phone ? 8 * hour : 8 * hour + 30 * minute;
        const qint64 close = slot == Slot::Phone ? 18 * hour : 17 * hour + 30 * minute;
        if (isOpenDay(d, slot) && timeOfDay >= open && timeOfDay < close)
            return wallMs;
        if (timeOfDay >= open)
            ++d;
        while (!isOpenDay(d, slot))
            ++d;
        return d * day + open + rng.range(0, 2 * hour); // the morning backlog
    }
    case Slot::Post:
        for (int i = 0; i < 14; ++i, ++d) {
            if (!isOpenDay(d, slot))
                continue;
            for (int m : postMinutes) {
                const qint64 t = d * day + m * minute;
                if (t >= wallMs)
                    return t;
            }
        }
        return wallMs;
    }
    return wallMs;
}

void OfficeClock::appendLongDate(QString &out, qint64 ms, bool welsh, bool weekday, bool year)
{
    const CivilTime t = civil(ms);
    if (weekday) {
        out.append(welsh ? weekdaysCy[t.dayOfWeek - 1] : weekdaysEn[t.dayOfWeek - 1]);
        out.append(QLatin1Char(' '));
    }
    out.append(QString::number(t.day));
    out.append(QLatin1Char(' '));
    out.append(welsh ? monthsCy[t.month - 1] : monthsEn[t.month - 1]);
    if (year) {
        out.append(QLatin1Char(' '));
        out.append(QString::number(t.year));
    }
}

void OfficeClock::appendRfc5322Date(QString &out, qint64 wallMs, int offsetMinutes)
{
    const CivilTime t = civil(wallMs);
    out.append(weekdaysShort[t.dayOfWeek - 1]);
    out.append(u", ");
    out.append(QString::number(t.day));
    out.append(QLatin1Char(' '));
    out.append(monthsShort[t.month - 1]);
    out.append(QLatin1Char(' '));
    out.append(QString::number(t.year));
    out.append(QLatin1Char(' '));
    appendTwo(out, t.hour);
    out.append(QLatin1Char(':'));
    appendTwo(out, t.minute);
    out.append(QLatin1Char(':'));
    appendTwo(out, t.second);
    out.append(offsetMinutes < 0 ? u" -" : u" +");
    const int off = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
    appendTwo(out, off / 60);
    appendTwo(out, off % 60);
}

void OfficeClock::appendClock(QString &out, qint64 ms)
{
    const CivilTime t = civil(ms);
    appendTwo(out, t.hour);
    out.append(QLatin1Char(':'));
    appendTwo(out, t.minute);
}

void OfficeClock::appendDateStamp(QString &out, qint64 ms, QStringView separator)
{
    const CivilTime t = civil(ms);
    out.append(QString::number(t.year));
    out.append(separator);
    out.append(QString::number(t.month + 100).mid(1));
    out.append(separator);
    out.append(QString::number(t.day + 100).mid(1));
}

} // namespace Threadline::Demo
