// SPDX-License-Identifier: GPL-3.0-or-later
#include "EpisodePlanner.h"

#include "AgentRoster.h"
#include "OfficeClock.h"

#include <algorithm>
#include <array>

namespace Threadline::Demo {

namespace {

using Slot = OfficeClock::Slot;
using Step = Episode::Step;
constexpr qint64 minute = OfficeClock::minute;
constexpr qint64 hour = OfficeClock::hour;
constexpr qint64 day = OfficeClock::day;
constexpr qint64 maxEpisodeSpan = 200 * day;

// Channel mix (order of Channel: call, chat, email, letter, note) and call outcomes.
constexpr std::array<int, 5> channelWeights = {35, 15, 30, 10, 10};
constexpr std::array<int, 5> inboundOutcomes
    = {78, 4, 7, 5, 6}; // answered, missed, abandoned, voicemail, transferred
constexpr std::array<int, 5> outboundOutcomes = {68, 10, 0, 22, 0};

Slot firstSlot(Prng &rng, Channel channel, Direction direction)
{
    switch (channel) {
    case Channel::Call:
        return direction == Direction::Inbound ? Slot::Phone : Slot::Staff;
    case Channel::Chat:
        return rng.chance(150) ? Slot::Digital : Slot::Phone;
    case Channel::Email:
        return direction == Direction::Inbound ? Slot::Digital : Slot::Staff;
    case Channel::Letter:
        return direction == Direction::Inbound ? Slot::Post : Slot::Staff;
    case Channel::Note:
        return Slot::Staff;
    }
    return Slot::Staff;
}

} // namespace

EpisodePlanner::EpisodePlanner(const AgentRoster &roster, const OfficeClock &clock)
    : m_roster(roster)
    , m_clock(clock)
{ }

void EpisodePlanner::plan(Prng &rng, const Person &person, Episode &ep, int size) const
{
    ep.steps.reserve(size);
    bool hadEmail = false;
    Direction lastEmail = Direction::Inbound;
    for (int i = 0; i < size; ++i) {
        Step s;
        s.channel = Channel(rng.weighted(channelWeights));
        switch (s.channel) {
        case Channel::Note:
            s.direction = Direction::Internal;
            break;
        case Channel::Chat:
            s.direction = Direction::Inbound;
            break;
        case Channel::Call:
            s.direction = i > 0 && rng.chance(350) ? Direction::Outbound : Direction::Inbound;
            break;
        case Channel::Email:
            if (hadEmail) {
                const bool flip = rng.chance(800);
                s.direction
                    = (lastEmail == Direction::Inbound) == flip ? Direction::Outbound : Direction::Inbound;
            } else {
                s.direction = rng.chance(i == 0 ? 120 : 550) ? Direction::Outbound : Direction::Inbound;
            }
            hadEmail = true;
            lastEmail = s.direction;
            break;
        case Channel::Letter:
            s.direction = rng.chance(i == 0 ? 150 : 500) ? Direction::Outbound : Direction::Inbound;
            break;
        }

        // Outcome, duration, chat shape and who handled it.
        if (s.channel == Channel::Call) {
            const bool in = s.direction == Direction::Inbound;
            s.outcome = CallOutcome(rng.weighted(in ? inboundOutcomes : outboundOutcomes));
            switch (s.outcome) {
            case CallOutcome::Answered:
                s.durationSeconds = int(rng.range(45, 480) + (rng.chance(250) ? rng.range(300, 1800) : 0));
                break;
            case CallOutcome::Transferred:
                s.durationSeconds = int(rng.range(60, 600));
                break;
            case CallOutcome::Abandoned:
                s.durationSeconds = int(rng.range(15, 900));
                break;
            case CallOutcome::Voicemail:
                s.durationSeconds = int(rng.range(20, 95));
                break;
            case CallOutcome::Missed:
                s.durationSeconds = 0;
                break;
            }
            s.span = s.durationSeconds * OfficeClock::second;
            const bool handled
                = !in || s.outcome == CallOutcome::Answered || s.outcome == CallOutcome::Transferred;
            s.agent = handled
                ? (in && rng.chance(400) ? m_roster.pick(rng, ep.teamId, person.welsh) : ep.owner)
                : -1;
        } else if (s.channel == Channel::Chat) {
            int messages = 3 + int(rng.bounded(8)) + (rng.chance(300) ? int(rng.bounded(20)) : 0);
            s.staffed = !rng.chance(60);
            if (!s.staffed)
                messages = 3 + int(rng.bounded(2));
            messages = std::min(messages, 30);
            qint64 offset = 0;
            for (int m = 0; m < messages; ++m) {
                if (m > 0)
                    offset += rng.range(4, 100) * OfficeClock::second + rng.range(0, 999);
                s.messageOffsets.append(offset);
            }
            s.span = offset;
            s.agent = s.staffed ? m_roster.pick(rng, ep.teamId, person.welsh) : -1;
        } else if (s.direction == Direction::Inbound) {
            s.agent = rng.chance(800) ? ep.owner : -1;
        } else {
            s.agent = ep.owner;
        }

        // When it happened.
        if (i == 0) {
            const Slot slot = firstSlot(rng, s.channel, s.direction);
            s.wall = m_clock.randomTime(rng, slot, m_clock.startWall(), m_clock.endWall());
        } else {
            const Step &prev = ep.steps.last();
            const qint64 prevEnd = prev.wall + prev.span;
            qint64 candidate = prevEnd;
            Slot slot = Slot::Staff;
            switch (s.channel) {
            case Channel::Note:
                if ((prev.channel == Channel::Call || prev.channel == Channel::Chat) && rng.chance(500)) {
                    s.wall = prev.wall; // written against the call itself: an exact tie
                    if (prev.agent >= 0)
                        s.agent = prev.agent;
                    ep.steps.append(s);
                    continue;
                }
                candidate = prevEnd + rng.range(1 * minute, 25 * minute);
                break;
            case Channel::Email:
                if (s.direction == Direction::Outbound) {
                    candidate = prevEnd
                        + (rng.chance(600) ? rng.range(15 * minute, 5 * hour) : rng.range(day, 4 * day));
                } else {
                    slot = Slot::Digital;
                    candidate = prevEnd
                        + (rng.chance(500) ? rng.range(10 * minute, 8 * hour) : rng.range(day, 7 * day));
                }
                break;
            case Channel::Call:
                if (s.direction == Direction::Outbound) {
                    candidate = prevEnd
                        + (rng.chance(500) ? rng.range(20 * minute, 6 * hour) : rng.range(day, 5 * day));
                } else {
                    slot = Slot::Phone;
                    candidate = prevEnd + rng.range(day, 10 * day);
                }
                break;
            case Channel::Chat:
                slot = rng.chance(150) ? Slot::Digital : Slot::Phone;
                candidate = prevEnd + rng.range(day, 10 * day);
                break;
            case Channel::Letter:
                if (s.direction == Direction::Inbound) {
                    slot = Slot::Post;
                    candidate = prevEnd + rng.range(3 * day, 14 * day);
                } else {
                    candidate = prevEnd + rng.range(day, 6 * day);
                }
                break;
            }
            if (candidate - ep.steps.first().wall > maxEpisodeSpan)
                candidate = prevEnd + rng.range(5 * minute, 3 * hour);
            s.wall = m_clock.settle(rng, candidate, slot);
        }
        if (s.channel == Channel::Chat && (s.wall - OfficeClock::dayNumber(s.wall) * day) >= 18 * hour)
            s.staffed = s.staffed && rng.chance(300); // evening chats mostly find nobody
        if (s.channel == Channel::Chat && !s.staffed) {
            s.agent = -1;
            s.messageOffsets.resize(std::min<qsizetype>(s.messageOffsets.size(), 4));
            s.span = s.messageOffsets.last();
        }
        ep.steps.append(s);
    }

    // Keep the episode inside the window: move it back by whole weeks (keeps weekdays and hours).
    for (int guard = 0; guard < 8; ++guard) {
        qint64 last = 0;
        for (const Step &s : ep.steps)
            last = std::max(last, s.wall + s.span);
        const qint64 overflow = m_clock.toUtc(last) - (m_clock.endUtc() - OfficeClock::second);
        if (overflow < 0)
            break;
        const qint64 shift = (overflow / OfficeClock::week + 1) * OfficeClock::week;
        for (Step &s : ep.steps)
            s.wall -= shift;
    }
}

} // namespace Threadline::Demo
