// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QList>
#include <QStringView>

namespace Threadline::Demo {

/// One matter citizens contact the council about (a missed bin, damp and mould, a PCN, ...):
/// which team handles it, how often it comes up, its SLA and priority, and the sentence pools
/// (English and Welsh) its interactions are written from. Text may hold {x} placeholders that
/// TextComposer fills in. Views into static literals owned by TopicCatalogue's translation unit.
struct Topic
{
    QStringView key; ///< "housing-damp"
    int team = 0; ///< index into TopicCatalogue::teams()
    int weight = 1; ///< relative frequency
    int slaDays = 0; ///< case due after this many days; 0 for none
    CasePriority priority = CasePriority::Normal;
    QStringView caseTitle;
    QList<QStringView> tags;
    QStringView phraseEn; ///< noun phrase, e.g. "damp and mould at {a}"
    QStringView phraseCy; ///< Welsh noun phrase as it reads after "ynglŷn â" (mutated)
    QList<QStringView> subjectsEn;
    QList<QStringView> detailsEn; ///< the citizen's sentences, first person
    QList<QStringView> repliesEn; ///< an agent's sentences to the citizen, first person
    QList<QStringView> outcomesEn; ///< note-style summaries of what was done
    QList<QStringView> wrapUps; ///< call wrap-up codes
    QList<QStringView> subjectsCy;
    QList<QStringView> detailsCy;
    QList<QStringView> repliesCy;
    QList<QStringView> outcomesCy;
};

} // namespace Threadline::Demo
