// SPDX-License-Identifier: GPL-3.0-or-later
#include "TimelineFilterBar.h"

#include "ChannelText.h"
#include "ProfileModel.h"
#include "TimelineModel.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QToolButton>
#include <QVBoxLayout>

namespace Threadline::Ui {

TimelineFilterBar::TimelineFilterBar(Models::TimelineModel &timeline, Models::ProfileModel &profile,
                                     QWidget *parent)
    : QWidget(parent)
    , m_timeline(timeline)
    , m_profile(profile)
{
    setAccessibleName(tr("Timeline filters"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    for (Channel channel : {Channel::Call, Channel::Chat, Channel::Email, Channel::Letter, Channel::Note}) {
        auto *button = new QToolButton;
        button->setText(ChannelText::channel(channel));
        button->setCheckable(true);
        button->setFocusPolicy(Qt::StrongFocus);
        button->setToolTip(tr("Show only these channels (none pressed: every channel)"));
        button->setProperty("channel", int(channel));
        connect(button, &QToolButton::toggled, this, &TimelineFilterBar::apply);
        layout->addWidget(button);
        m_channels.append(button);
    }
    m_case = new QComboBox;
    m_case->setAccessibleName(tr("Case"));
    m_case->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_case->setMaximumWidth(320);
    connect(m_case, &QComboBox::activated, this, &TimelineFilterBar::apply);
    layout->addWidget(m_case, 1);
    auto *day = new QToolButton;
    day->setText(tr("Go to date…"));
    day->setToolTip(tr("Open the timeline at a day (Ctrl+G)"));
    day->setFocusPolicy(Qt::StrongFocus);
    connect(day, &QToolButton::clicked, this, &TimelineFilterBar::chooseDay);
    layout->addWidget(day);
    connect(&m_profile, &Models::ProfileModel::profileChanged, this, &TimelineFilterBar::fillCases);
    fillCases();
}

void TimelineFilterBar::fillCases()
{
    const QUuid selected = m_case->currentData().toUuid();
    const QSignalBlocker block(m_case);
    m_case->clear();
    m_case->addItem(tr("Every case"), QUuid());
    for (const Case &c : m_profile.profile().cases)
        m_case->addItem(tr("%1 (%2)", "case title (status)").arg(c.title, ChannelText::caseStatus(c.status)),
                        c.id);
    const int at = m_case->findData(selected);
    m_case->setCurrentIndex(at >= 0 ? at : 0);
}

void TimelineFilterBar::reset()
{
    for (QToolButton *button : std::as_const(m_channels)) {
        const QSignalBlocker block(button);
        button->setChecked(false);
    }
    m_case->setCurrentIndex(0);
}

void TimelineFilterBar::apply()
{
    QList<int> channels;
    for (const QToolButton *button : std::as_const(m_channels))
        if (button->isChecked())
            channels.append(button->property("channel").toInt());
    m_timeline.setFilter(channels, m_case->currentData().toUuid());
}

void TimelineFilterBar::chooseDay()
{
    if (m_timeline.customerId().isNull())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Go to date"));
    auto *calendar = new QCalendarWidget;
    calendar->setAccessibleName(tr("Date"));
    calendar->setMaximumDate(QDate::currentDate());
    calendar->setSelectedDate(QDate::currentDate());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(calendar, &QCalendarWidget::activated, &dialog, &QDialog::accept);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(calendar);
    layout->addWidget(buttons);
    calendar->setFocus();
    if (dialog.exec() == QDialog::Accepted)
        m_timeline.openAtDay(calendar->selectedDate());
}

} // namespace Threadline::Ui
