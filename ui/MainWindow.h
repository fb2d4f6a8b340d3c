// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ChangeSet.h"
#include "InteractionRepository.h"
#include "SqliteDatabase.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <optional>

class QAction;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QTreeWidget;

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
} // namespace KSyntaxHighlighting

namespace Threadline::Store {
class Cache;
}

namespace Threadline::Ui {

class SyncProblemsDialog;
class SyncStatusWidget;

/// The first Threadline window: customers and search on the left, the selected customer's
/// timeline in the centre (newest first, older pages loaded as you scroll), and the selected
/// item's stored record on the right; the sync status in the status bar and a Sync menu.
///
/// Reads the cache through its own read connection on the GUI thread; the window itself never
/// writes. Refreshes the list and the open timeline when the cache's writer reports a commit
/// that touches them, so synced data appears as it arrives. Knows nothing of the sync engine:
/// the composition root connects the engine's statusChanged/progress to syncStatus() and
/// workOfflineChanged()/signInRequested() to the engine's side. The work-offline switch is
/// remembered in QSettings ("sync/workOffline"). Does not own the cache or the highlighting
/// repository (one per application).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Store::Cache &cache, KSyntaxHighlighting::Repository &highlighting, QWidget *parent = nullptr);
    ~MainWindow() override;

    static constexpr int pageSize = 50;

    SyncStatusWidget *syncStatus() const { return m_syncStatus; }
    QAction *workOfflineAction() const { return m_workOffline; }
    bool workOffline() const;
    /// Sets the work-offline switch; @p remember false keeps it out of the saved settings (a
    /// command-line choice, or offline because signing in was cancelled).
    void setWorkOffline(bool offline, bool remember = true);
    /// false: there is no server (demo data); the sync actions are disabled.
    void setSyncAvailable(bool available);

public Q_SLOTS:
    /// Progress of a long job (e.g. filling the cache), shown in the status bar; done >= total hides it.
    void setProgress(const QString &what, qint64 done, qint64 total);
    void showMessage(const QString &text);
    /// Opens (or raises) the list of conflicts, refused changes and set-aside server changes.
    void showSyncProblems();

Q_SIGNALS:
    void workOfflineChanged(bool offline);
    /// Sync ▸ Sign in was chosen.
    void signInRequested();

private:
    void buildUi();
    void runSearch();
    void showCustomers();
    void openCustomer(const QUuid &customerId, const QUuid &focusInteraction = {});
    void loadOlder();
    void fillViewport();
    void showInteraction(const QUuid &interactionId);
    void onCommitted(const Store::ChangeSet &changes);
    void refreshAfterCommits();
    void reportError(const QString &what, const QString &message);

    Store::Cache &m_cache;
    Store::SqliteDatabase m_reader;
    KSyntaxHighlighting::Repository &m_highlighting;

    QLineEdit *m_search = nullptr;
    QListWidget *m_results = nullptr;
    QTreeWidget *m_timeline = nullptr;
    QPlainTextEdit *m_record = nullptr;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
    QProgressBar *m_progress = nullptr;
    SyncStatusWidget *m_syncStatus = nullptr;
    QAction *m_workOffline = nullptr;
    QAction *m_signIn = nullptr;
    QAction *m_problems = nullptr;
    QPointer<SyncProblemsDialog> m_problemsDialog;
    bool m_rememberWorkOffline = true;
    bool m_timelineStale = false; ///< the open customer changed since the timeline was read
    QTimer m_searchDelay;
    QTimer m_refreshDelay;

    QUuid m_customer;
    std::optional<Store::TimelineKey> m_oldestLoaded;
    bool m_timelineComplete = false;
    bool m_loading = false;
};

} // namespace Threadline::Ui
