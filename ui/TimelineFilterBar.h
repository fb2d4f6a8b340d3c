// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QToolButton;

namespace Threadline::Models {
class ProfileModel;
class TimelineModel;
} // namespace Threadline::Models

namespace Threadline::Ui {

/// The row above the timeline: a toggle per channel (none pressed: every channel), the case to
/// show (from the open customer's cases), and "Go to date…" (Ctrl+G) to jump to a day. Applies
/// its choices to the TimelineModel; each choice reopens the timeline at the newest rows.
class TimelineFilterBar : public QWidget
{
    Q_OBJECT
public:
    TimelineFilterBar(Models::TimelineModel &timeline, Models::ProfileModel &profile,
                      QWidget *parent = nullptr);

    /// Asks for a day and opens the timeline there.
    void chooseDay();
    /// Every channel, every case.
    void reset();

private:
    void apply();
    void fillCases();

    Models::TimelineModel &m_timeline;
    Models::ProfileModel &m_profile;
    QList<QToolButton *> m_channels;
    QComboBox *m_case = nullptr;
};

} // namespace Threadline::Ui
