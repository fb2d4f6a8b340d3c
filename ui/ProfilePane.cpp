// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfilePane.h"

#include "ChannelText.h"
#include "ProfileModel.h"

#include <QDate>
#include <QFrame>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Threadline::Ui {

using Models::ProfileModel;

namespace {

template<typename Flag, typename Flags, typename Word>
QStringList flagWords(Flags flags, Word word)
{
    QStringList out;
    for (int bit = 0; bit < 31; ++bit) {
        const auto flag = Flag(1 << bit);
        if (flags.testFlag(flag))
            out << word(flag);
    }
    return out;
}

int ageOn(const QDate &born, const QDate &today)
{
    int age = today.year() - born.year();
    if (today.month() < born.month() || (today.month() == born.month() && today.day() < born.day()))
        --age;
    return age;
}

} // namespace

ProfilePane::ProfilePane(ProfileModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setAccessibleName(tr("Customer profile"));
    auto *content = new QWidget;
    m_layout = new QVBoxLayout(content);
    m_name = addSection(tr("Customer name"));
    QFont big = m_name->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_name->setFont(big);
    m_summary = addSection(tr("Born, language and channel"));
    m_needs = addSection(tr("Communication needs"), true);
    m_care = addSection(tr("Take care"), true);
    m_contact = addSection(tr("Address"));
    m_identifiers = addSection(tr("Identifiers"));
    m_cases = addSection(tr("Cases"));
    m_mix = addSection(tr("Recent contacts"));
    m_notes = addSection(tr("Notes"));
    m_layout->addStretch(1);

    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the labels wrap to the width
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(&m_model, &ProfileModel::profileChanged, this, &ProfilePane::rebuild);
    connect(&m_model, &ProfileModel::customerMissing, this, [this] {
        rebuild();
        m_name->setText(tr("This customer is no longer in the cache."));
        m_name->show();
    });
    rebuild();
}

QLabel *ProfilePane::addSection(const QString &accessibleName, bool framed)
{
    auto *label = new QLabel;
    label->setAccessibleName(accessibleName);
    label->setTextFormat(Qt::PlainText); // record text is never markup
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setFocusPolicy(Qt::TabFocus);
    if (framed) {
        label->setFrameShape(QFrame::StyledPanel);
        label->setMargin(6);
        label->setAutoFillBackground(true);
        label->setBackgroundRole(QPalette::AlternateBase);
    }
    m_layout->addWidget(label);
    return label;
}

QString ProfilePane::sectionText(const QString &accessibleName) const
{
    for (const QLabel *label : findChildren<QLabel *>())
        if (label->accessibleName() == accessibleName)
            return label->isVisibleTo(this) ? label->text() : QString();
    return {};
}

void ProfilePane::rebuild()
{
    const Models::CustomerProfile &p = m_model.profile();
    const bool any = !p.customer.id.isNull();
    for (QLabel *label :
         {m_name, m_summary, m_contact, m_needs, m_care, m_identifiers, m_cases, m_mix, m_notes})
        label->setVisible(any);
    if (!any) {
        m_name->setText(m_model.customerId().isNull() ? tr("Choose a person to see who they are.")
                                                      : QString());
        m_name->setVisible(m_model.customerId().isNull());
        return;
    }
    const Customer &c = p.customer;
    const QLocale locale;
    m_name->setText(c.displayName);

    QStringList summary;
    if (c.dateOfBirth.isValid())
        summary << tr("Born %1 (age %2)")
                       .arg(locale.toString(c.dateOfBirth, QLocale::LongFormat))
                       .arg(ageOn(c.dateOfBirth, QDate::currentDate()));
    summary << tr("Prefers %1").arg(ChannelText::language(c.preferredLanguage));
    if (c.preferredChannel)
        summary << tr("Contact by %1").arg(ChannelText::channel(*c.preferredChannel).toLower());
    m_summary->setText(summary.join(QLatin1Char('\n')));

    const QStringList needs = flagWords<CommunicationNeed>(
        c.communicationNeeds, [](CommunicationNeed n) { return ChannelText::need(n); });
    m_needs->setText(tr("Communication needs: %1").arg(needs.join(QStringLiteral(", "))));
    m_needs->setVisible(!needs.isEmpty());
    const QStringList care = flagWords<Vulnerability>(
        c.vulnerabilities, [](Vulnerability v) { return ChannelText::vulnerability(v); });
    m_care->setText(tr("Take care: %1").arg(care.join(QStringLiteral(", "))));
    m_care->setVisible(!care.isEmpty());

    QStringList address = c.address.lines;
    if (!c.address.town.isEmpty())
        address << c.address.town;
    if (!c.address.postcode.isEmpty())
        address << c.address.postcode;
    m_contact->setText(address.join(QLatin1Char('\n')));
    m_contact->setVisible(!address.isEmpty());

    QStringList identifiers;
    for (const Identifier &i : p.identifiers)
        identifiers << (i.verified ? tr("%1: %2 ✓ verified") : tr("%1: %2"))
                           .arg(ChannelText::identifierKind(i.kind), i.value);
    m_identifiers->setText(identifiers.isEmpty() ? tr("No identifiers recorded.")
                                                 : identifiers.join(QLatin1Char('\n')));

    QStringList cases;
    for (const Case &k : p.cases) {
        QString line
            = tr("%1: %2 (%3)")
                  .arg(ChannelText::caseStatus(k.status), k.title, ChannelText::priority(k.priority));
        if (k.dueAt.isValid() && (k.status == CaseStatus::Open || k.status == CaseStatus::Pending))
            line += QStringLiteral(" · ")
                + tr("due %1").arg(locale.toString(k.dueAt.toLocalTime(), QLocale::ShortFormat));
        cases << line;
    }
    m_cases->setText(cases.isEmpty() ? tr("No cases.") : cases.join(QLatin1Char('\n')));

    QStringList mix;
    for (Channel channel : {Channel::Call, Channel::Chat, Channel::Email, Channel::Letter, Channel::Note})
        if (const qint64 n = p.channelMix.value(channel); n > 0)
            mix << tr("%1 %2", "channel count").arg(ChannelText::channel(channel)).arg(n);
    m_mix->setText(tr("Last %1 days: %2")
                       .arg(ProfileModel::channelMixDays)
                       .arg(mix.isEmpty() ? tr("no contacts") : mix.join(QStringLiteral(" · ")))
                   + QLatin1Char('\n') + tr("On the timeline: %1").arg(locale.toString(p.contactCount)));

    m_notes->setText(c.notes);
    m_notes->setVisible(!c.notes.isEmpty());
}

} // namespace Threadline::Ui
