// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ChangeSet.h"
#include "SqliteDatabase.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace Threadline::Store {
class Cache;
}

namespace Threadline::Ui {

/// What sync could not do on its own, for the agent to look at: their edits that lost a
/// conflict (what they wanted, what was kept), their changes the server refused (with its
/// reason), and server changes that could not be read and were set aside. Read from the
/// cache's tables through the dialog's own read connection, and refreshed when the cache's
/// writer commits changes to any of them. "Mark conflicts as seen" is the one write, queued on
/// the cache's writer.
///
/// GUI thread only. Does not own the cache, which must outlive the dialog. Read failures are
/// shown in the dialog as a sentence.
class SyncProblemsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SyncProblemsDialog(Store::Cache &cache, QWidget *parent = nullptr);
    ~SyncProblemsDialog() override;

    /// Reads the tables again.
    void reload();

private:
    void onCommitted(const Store::ChangeSet &changes);
    void markConflictsSeen();
    QString recordName(const QString &entity, const QUuid &id);

    Store::Cache &m_cache;
    Store::SqliteDatabase m_reader;
    QTreeWidget *m_list = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_markSeen = nullptr;
    QList<QUuid> m_unseen;
};

} // namespace Threadline::Ui
