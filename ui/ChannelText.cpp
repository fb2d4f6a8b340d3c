// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChannelText.h"

#include <QLocale>

namespace Threadline::Ui {

QString ChannelText::channel(Channel channel)
{
    switch (channel) {
    case Channel::Call:
        return tr("Call");
    case Channel::Chat:
        return tr("Chat");
    case Channel::Email:
        return tr("Email");
    case Channel::Letter:
        return tr("Letter");
    case Channel::Note:
        return tr("Note");
    }
    return {};
}

QString ChannelText::direction(Direction direction)
{
    switch (direction) {
    case Direction::Inbound:
        return tr("In");
    case Direction::Outbound:
        return tr("Out");
    case Direction::Internal:
        return tr("Internal");
    }
    return {};
}

QString ChannelText::callOutcome(CallOutcome outcome)
{
    switch (outcome) {
    case CallOutcome::Answered:
        return tr("answered");
    case CallOutcome::Missed:
        return tr("missed");
    case CallOutcome::Abandoned:
        return tr("abandoned");
    case CallOutcome::Voicemail:
        return tr("voicemail");
    case CallOutcome::Transferred:
        return tr("transferred");
    }
    return {};
}

QString ChannelText::duration(int seconds)
{
    if (seconds < 60)
        return tr("%1 s", "duration in seconds").arg(seconds);
    return tr("%1 min %2 s", "duration").arg(seconds / 60).arg(seconds % 60);
}

QString ChannelText::identifierKind(IdentifierKind kind)
{
    switch (kind) {
    case IdentifierKind::Email:
        return tr("Email");
    case IdentifierKind::Phone:
        return tr("Phone");
    case IdentifierKind::PostalAddress:
        return tr("Address");
    case IdentifierKind::ChatHandle:
        return tr("Chat");
    case IdentifierKind::CouncilTaxAccount:
        return tr("Council tax account");
    case IdentifierKind::NhsNumber:
        return tr("NHS number");
    case IdentifierKind::NiNumber:
        return tr("National Insurance number");
    case IdentifierKind::OtherReference:
        return tr("Reference");
    }
    return {};
}

QString ChannelText::need(CommunicationNeed need)
{
    switch (need) {
    case CommunicationNeed::LargePrint:
        return tr("Large print");
    case CommunicationNeed::Braille:
        return tr("Braille");
    case CommunicationNeed::Bsl:
        return tr("British Sign Language");
    case CommunicationNeed::EasyRead:
        return tr("Easy read");
    case CommunicationNeed::Interpreter:
        return tr("Interpreter");
    case CommunicationNeed::HearingLoop:
        return tr("Hearing loop");
    case CommunicationNeed::TextRelay:
        return tr("Text relay");
    case CommunicationNeed::AudioFormat:
        return tr("Audio format");
    }
    return {};
}

QString ChannelText::vulnerability(Vulnerability vulnerability)
{
    switch (vulnerability) {
    case Vulnerability::Bereavement:
        return tr("Bereavement");
    case Vulnerability::FinancialHardship:
        return tr("Financial hardship");
    case Vulnerability::MentalHealth:
        return tr("Mental health");
    case Vulnerability::PhysicalDisability:
        return tr("Physical disability");
    case Vulnerability::DomesticAbuse:
        return tr("Domestic abuse");
    case Vulnerability::CareLeaver:
        return tr("Care leaver");
    case Vulnerability::Elderly:
        return tr("Older person");
    case Vulnerability::LimitedEnglish:
        return tr("Limited English");
    }
    return {};
}

QString ChannelText::caseStatus(CaseStatus status)
{
    switch (status) {
    case CaseStatus::Open:
        return tr("Open");
    case CaseStatus::Pending:
        return tr("Pending");
    case CaseStatus::Resolved:
        return tr("Resolved");
    case CaseStatus::Closed:
        return tr("Closed");
    }
    return {};
}

QString ChannelText::priority(CasePriority priority)
{
    switch (priority) {
    case CasePriority::Low:
        return tr("low priority");
    case CasePriority::Normal:
        return tr("normal priority");
    case CasePriority::High:
        return tr("high priority");
    case CasePriority::Urgent:
        return tr("urgent");
    }
    return {};
}

QString ChannelText::language(const QString &tag)
{
    if (tag.isEmpty())
        return tr("not known");
    const QLocale locale(tag);
    if (locale.language() == QLocale::C)
        return tag;
    const QString english = QLocale::languageToString(locale.language());
    const QString native = locale.nativeLanguageName();
    return native.isEmpty() || native.compare(english, Qt::CaseInsensitive) == 0
        ? english
        : tr("%1 (%2)", "language name (its own name)").arg(english, native);
}

} // namespace Threadline::Ui
