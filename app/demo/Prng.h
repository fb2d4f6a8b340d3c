// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringView>
#include <QUuid>

#include <span>

namespace Threadline::Demo {

/// Small, fast, seedable pseudo-random generator (xoshiro256**, seeded through splitmix64).
/// Owns only its 256-bit state; identical on every platform and standard library because it
/// uses integer arithmetic only (plus IEEE-exact double division where a fraction is needed).
/// Not thread-safe: give each thread (or each stream of data) its own instance. Never fails.
class Prng
{
public:
    explicit Prng(quint64 seed);

    /// Derives a well-mixed stream seed from a base seed and stream numbers (e.g. customer index).
    static quint64 derive(quint64 seed, quint64 stream, quint64 index = 0);

    quint64 next();
    /// Uniform in [0, n); n == 0 gives 0.
    quint32 bounded(quint32 n);
    /// Uniform in [low, high] (inclusive); high < low gives low.
    qint64 range(qint64 low, qint64 high);
    /// True with probability perMille / 1000.
    bool chance(int perMille);
    /// Uniform in [0, 1) with 53 random bits.
    double unit();
    /// Index drawn with the given relative integer weights (all >= 0, at least one > 0).
    qsizetype weighted(std::span<const int> weights);
    /// A random version-4 (RFC 4122 variant) UUID.
    QUuid uuid();
    /// Appends @p digits random lower-case hexadecimal digits.
    void appendHex(QString &out, int digits);
    /// Appends @p count random decimal digits.
    void appendDigits(QString &out, int count);

    template<typename T>
    const T &pick(const QList<T> &list)
    {
        return list[bounded(quint32(list.size()))];
    }
    /// Like pick(), but an empty list gives a default-constructed value (and draws nothing).
    template<typename T>
    T pickOrDefault(const QList<T> &list)
    {
        return list.isEmpty() ? T() : pick(list);
    }
    template<typename T>
    const T &pick(std::span<const T> list)
    {
        return list[bounded(quint32(list.size()))];
    }

private:
    quint64 m_state[4];
};

} // namespace Threadline::Demo
