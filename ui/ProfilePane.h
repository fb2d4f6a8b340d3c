// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace Threadline::Models {
class ProfileModel;
}

namespace Threadline::Ui {

/// The single customer view: who this citizen is (name, date of birth and age, address),
/// how to talk to them (preferred language and channel, communication needs), what to take care
/// with (vulnerabilities, in a calm framed box rather than an alarm), every identifier with its
/// verified mark, open and recent cases, and the mix of channels of the last 90 days. A view of
/// Models::ProfileModel: every text is the model's values worded here. Text from records is
/// always shown as plain text.
class ProfilePane : public QWidget
{
    Q_OBJECT
public:
    explicit ProfilePane(Models::ProfileModel &model, QWidget *parent = nullptr);

    /// Each section's text as shown (tests and screen readers use the same words).
    QString sectionText(const QString &accessibleName) const;

private:
    void rebuild();
    QLabel *addSection(const QString &accessibleName, bool framed = false);

    Models::ProfileModel &m_model;
    QVBoxLayout *m_layout = nullptr;
    QLabel *m_name = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_contact = nullptr;
    QLabel *m_needs = nullptr;
    QLabel *m_care = nullptr;
    QLabel *m_identifiers = nullptr;
    QLabel *m_cases = nullptr;
    QLabel *m_mix = nullptr;
    QLabel *m_notes = nullptr;
};

} // namespace Threadline::Ui
