// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeView;

namespace Threadline::Models {
class ModelHub;
}

namespace Threadline::Ui {

/// What sync could not do on its own, for the agent to look at: their edits that lost a
/// conflict (what they wanted, what was kept), their changes the server refused (with its
/// reason), and server changes that could not be read and were set aside. A view of
/// Models::SyncProblemsModel (read off the GUI thread, following commits) through a proxy that
/// words its values. "Mark conflicts as seen" is the one write, queued on the cache's writer
/// by the ModelHub.
///
/// GUI thread only. Does not own the models, which must outlive the dialog. Read failures are
/// shown in the dialog as a sentence.
class SyncProblemsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SyncProblemsDialog(Models::ModelHub &models, QWidget *parent = nullptr);
    ~SyncProblemsDialog() override;

    /// Reads the lists again.
    void reload();
    QTreeView *list() const { return m_list; }

private:
    void onLoaded();

    Models::ModelHub &m_models;
    QTreeView *m_list = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_markSeen = nullptr;
    QStringList m_failures;
};

} // namespace Threadline::Ui
