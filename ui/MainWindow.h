// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QTimer>
#include <QUuid>

#include <memory>

class QAction;
class QComboBox;
class QDockWidget;
class QLineEdit;
class QMenu;
class QListView;
class QProgressBar;
class QStackedWidget;
class QTreeView;

namespace KSyntaxHighlighting {
class Repository;
} // namespace KSyntaxHighlighting

namespace Threadline::Store {
class Cache;
}

namespace Threadline::Models {
class LiveChatModel;
class ModelHub;
} // namespace Threadline::Models

namespace Threadline::Ui {

class ChatPanel;
class DetailPane;
class PaneLayout;
class ProfilePane;
class SyncProblemsDialog;
class TimelineFilterBar;
class SyncStatusWidget;

/// The agent's window: customers and search on the left, the selected customer's timeline in
/// the centre (newest first; older rows load as it scrolls, newer ones when it reaches the top
/// after a search hit opened it in the middle), and the selected contact in full on the right;
/// the sync status in the status bar and a Sync menu.
///
/// Sees the cache only through Models::ModelHub, whose models query on worker threads and turn
/// the writer's commits into row changes, so the GUI thread never waits on SQLite and synced data
/// appears without losing the selection or the scroll position. Knows nothing of the sync engine:
/// the composition root connects the engine's statusChanged/progress to syncStatus() and
/// workOfflineChanged()/signInRequested() to the engine's side. The work-offline switch is
/// remembered in QSettings ("sync/workOffline"). Does not own the cache or the highlighting
/// repository (one per application).
///
/// Live web chats given to this agent are in a dock (View ▸ Live chats, Ctrl+4) over
/// liveChats(), which the composition root feeds from the sync engine; a new chat shows the
/// dock, selects the chat and asks the desktop for attention.
///
/// Keyboard: Ctrl+K or / searches; Enter in the search field opens the first result; arrows move
/// in every list; Enter on the timeline reads the contact; Ctrl+U shows an email's raw source.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Store::Cache &cache, KSyntaxHighlighting::Repository &highlighting, QWidget *parent = nullptr);
    ~MainWindow() override;

    SyncStatusWidget *syncStatus() const { return m_syncStatus; }
    QAction *workOfflineAction() const { return m_workOffline; }
    bool workOffline() const;
    /// Sets the work-offline switch; @p remember false keeps it out of the saved settings (a
    /// command-line choice, or offline because signing in was cancelled).
    void setWorkOffline(bool offline, bool remember = true);
    /// false: there is no server (demo data); the sync actions are disabled.
    void setSyncAvailable(bool available);

    /// How the panes are arranged: by the window's size, or forced (View ▸ Layout, remembered
    /// in QSettings "ui/layout").
    enum class LayoutChoice
    {
        Automatic,
        Desk,
        Laptop,
        Tablet
    };
    Q_ENUM(LayoutChoice)
    LayoutChoice layoutChoice() const { return m_layoutChoice; }
    void setLayoutChoice(LayoutChoice choice);
    PaneLayout *panes() const { return m_panes; }
    ProfilePane *profilePane() const { return m_profile; }

    Models::ModelHub &models() const { return *m_models; }
    QLineEdit *searchField() const { return m_search; }
    QListView *peopleView() const { return m_people; }
    QTreeView *resultsView() const { return m_results; }
    QListView *timelineView() const { return m_timeline; }
    DetailPane *detailPane() const { return m_detail; }
    TimelineFilterBar *timelineFilters() const { return m_filters; }
    Models::LiveChatModel &liveChats() const { return *m_liveChats; }
    ChatPanel *chatPanel() const { return m_chatPanel; }
    QDockWidget *chatDock() const { return m_chatDock; }

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
    void resizeEvent(QResizeEvent *event) override;
    void buildUi();
    void buildViewMenu();
    void buildChatDock();
    void connectModels();
    void openCustomer(const QUuid &customerId, const QUuid &interactionId = {});
    void updateLayoutMode();
    void runSearch();
    void openFirstResult();
    void openResult(const QModelIndex &index);
    void reportError(const QString &what, const QString &code);

    std::unique_ptr<Models::ModelHub> m_models;
    std::unique_ptr<Models::LiveChatModel> m_liveChats;
    KSyntaxHighlighting::Repository &m_highlighting;

    QLineEdit *m_search = nullptr;
    QStackedWidget *m_left = nullptr;
    QListView *m_people = nullptr;
    QComboBox *m_peopleSource = nullptr;
    QTreeView *m_results = nullptr;
    QListView *m_timeline = nullptr;
    QStackedWidget *m_centre = nullptr; ///< a hint until a person is chosen, then the timeline
    DetailPane *m_detail = nullptr;
    ChatPanel *m_chatPanel = nullptr;
    QDockWidget *m_chatDock = nullptr;
    ProfilePane *m_profile = nullptr;
    TimelineFilterBar *m_filters = nullptr;
    PaneLayout *m_panes = nullptr;
    LayoutChoice m_layoutChoice = LayoutChoice::Automatic;
    QProgressBar *m_progress = nullptr;
    SyncStatusWidget *m_syncStatus = nullptr;
    QAction *m_workOffline = nullptr;
    QAction *m_signIn = nullptr;
    QAction *m_problems = nullptr;
    QMenu *m_viewMenu = nullptr;
    QPointer<SyncProblemsDialog> m_problemsDialog;
    bool m_rememberWorkOffline = true;
    bool m_openFirstWhenReady = false; ///< Enter was pressed before the search answered
    QTimer m_searchDelay;
    QPersistentModelIndex m_scrollAnchor; ///< the top visible row while rows go in above it
};

} // namespace Threadline::Ui
