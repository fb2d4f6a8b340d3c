// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace Threadline::Demo {

struct Person;
struct Team;
struct Topic;

/// What the {x} placeholders of a sentence refer to while one interaction is being written:
/// the citizen, the matter, the team and agent, and per-matter details such as the reference
/// number and amounts. Pointers are borrowed and must outlive the TextComposer call.
struct TextContext
{
    const Person *person = nullptr;
    const Topic *topic = nullptr;
    const Team *team = nullptr;
    bool welsh = false; ///< write in Welsh
    QStringView agentFirstName; ///< {g}
    QStringView agentName; ///< {G}
    QString reference; ///< {r}, e.g. "HSG/2025/04821"
    QString amount; ///< {m}, e.g. "£1,234.56"
    QString instalment; ///< {M}
    QString taxYear; ///< {y}, e.g. "2025/26"
    QString pcn; ///< {q}, e.g. "CW48213344"
    int binType = 0; ///< {c}, index into the BinTypes pool
    int number = 3; ///< {x}
    qint64 earlierMs = 0; ///< {d}: a date before this contact (wall-clock ms)
    qint64 laterMs = 0; ///< {D}: a date after this contact (wall-clock ms)
};

} // namespace Threadline::Demo
