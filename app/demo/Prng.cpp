// SPDX-License-Identifier: GPL-3.0-or-later
#include "Prng.h"

namespace Threadline::Demo {

namespace {

quint64 splitmix64(quint64 &x)
{
    quint64 z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

constexpr quint64 rotl(quint64 x, int k)
{
    return (x << k) | (x >> (64 - k));
}

constexpr char16_t hexDigits[] = u"0123456789abcdef";

} // namespace

Prng::Prng(quint64 seed)
{
    quint64 x = seed;
    for (quint64 &s : m_state)
        s = splitmix64(x);
}

quint64 Prng::derive(quint64 seed, quint64 stream, quint64 index)
{
    quint64 x = seed;
    quint64 h = splitmix64(x);
    x = h ^ (stream * 0xD6E8FEB86659FD93ULL);
    h = splitmix64(x);
    x = h ^ (index * 0xA0761D6478BD642FULL);
    return splitmix64(x);
}

quint64 Prng::next()
{
    const quint64 result = rotl(m_state[1] * 5, 7) * 9;
    const quint64 t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

quint32 Prng::bounded(quint32 n)
{
    // Lemire's multiply-shift; the bias (< n / 2^32) is irrelevant for demo data.
    return quint32(((next() >> 32) * quint64(n)) >> 32);
}

qint64 Prng::range(qint64 low, qint64 high)
{
    if (high <= low)
        return low;
    const quint64 span = quint64(high - low) + 1;
    if (span == 0) // the whole 64-bit range
        return qint64(next());
    const quint64 limit = (~quint64(0)) - ((~quint64(0)) % span);
    quint64 x = next();
    while (x >= limit)
        x = next();
    return low + qint64(x % span);
}

bool Prng::chance(int perMille)
{
    return int(bounded(1000)) < perMille;
}

double Prng::unit()
{
    return double(next() >> 11) / 9007199254740992.0; // 2^53
}

qsizetype Prng::weighted(std::span<const int> weights)
{
    int total = 0;
    for (int w : weights)
        total += w;
    if (total <= 0)
        return 0;
    int r = int(bounded(quint32(total)));
    for (qsizetype i = 0; i < qsizetype(weights.size()); ++i) {
        r -= weights[i];
        if (r < 0)
            return i;
    }
    return qsizetype(weights.size()) - 1;
}

QUuid Prng::uuid()
{
    const quint64 a = next();
    const quint64 b = next();
    const uint l = uint(a >> 32);
    const ushort w1 = ushort(a >> 16);
    const ushort w2 = ushort((a & 0x0FFF) | 0x4000); // version 4
    const auto byte = [b](int i) { return uchar(b >> (56 - 8 * i)); };
    return QUuid(l, w1, w2, uchar((byte(0) & 0x3F) | 0x80), byte(1), byte(2), byte(3), byte(4), byte(5),
                 byte(6), byte(7));
}

void Prng::appendHex(QString &out, int digits)
{
    quint64 bits = 0;
    for (int i = 0; i < digits; ++i) {
        if (i % 16 == 0)
            bits = next();
        out.append(QChar(hexDigits[bits & 0xF]));
        bits >>= 4;
    }
}

void Prng::appendDigits(QString &out, int count)
{
    for (int i = 0; i < count; ++i)
        out.append(QChar(u'0' + char16_t(bounded(10))));
}

} // namespace Threadline::Demo
