// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "ChatPanel.h"
#include "CustomerListModel.h"
#include "DetailPane.h"
#include "ItemRoles.h"
#include "LiveChatModel.h"
#include "ModelHub.h"
#include "PaneLayout.h"
#include "ProfileModel.h"
#include "ProfilePane.h"
#include "RecordLoader.h"
#include "ResultDelegate.h"
#include "SearchModel.h"
#include "SyncProblemsDialog.h"
#include "SyncStatusWidget.h"
#include "TimelineDelegate.h"
#include "TimelineFilterBar.h"
#include "TimelineModel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFrame>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QScroller>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

namespace Threadline::Ui {

using namespace Models;

namespace {

const QString workOfflineKey = QStringLiteral("sync/workOffline");
const QString layoutKey = QStringLiteral("ui/layout");

/// Enter and Return on a view: activate the current row (QAbstractItemView only does it on some
/// platforms' styles).
class EnterActivates : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            auto *view = qobject_cast<QAbstractItemView *>(watched);
            if (view && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
                && view->currentIndex().isValid()) {
                Q_EMIT view->activated(view->currentIndex());
                return true;
            }
        }
        return false;
    }
};

} // namespace

MainWindow::MainWindow(Store::Cache &cache, KSyntaxHighlighting::Repository &highlighting, QWidget *parent)
    : QMainWindow(parent)
    , m_models(std::make_unique<ModelHub>(cache))
    , m_liveChats(std::make_unique<LiveChatModel>())
    , m_highlighting(highlighting)
{
    setWindowTitle(tr("Threadline"));
    buildUi();
    connectModels();
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(150);
    connect(&m_searchDelay, &QTimer::timeout, this, &MainWindow::runSearch);
}

MainWindow::~MainWindow()
{
    m_models->markViewed(m_models->profile().customerId());
    // Views go before the models they show.
    delete centralWidget();
    delete m_chatDock;
}

void MainWindow::buildUi()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    auto *syncMenu = menuBar()->addMenu(tr("&Sync"));
    m_workOffline = syncMenu->addAction(tr("Work &offline"));
    m_workOffline->setCheckable(true);
    m_workOffline->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_workOffline->setToolTip(
        tr("Stop connecting to the server; changes wait in the cache until you go online."));
    m_workOffline->setChecked(QSettings().value(workOfflineKey, false).toBool());
    connect(m_workOffline, &QAction::toggled, this, [this](bool offline) {
        if (m_rememberWorkOffline)
            QSettings().setValue(workOfflineKey, offline);
        m_syncStatus->setWorkOffline(offline);
        Q_EMIT workOfflineChanged(offline);
    });
    m_signIn = syncMenu->addAction(tr("&Sign in…"), this, &MainWindow::signInRequested);
    m_problems
        = syncMenu->addAction(tr("&Conflicts and refused changes…"), this, &MainWindow::showSyncProblems);
    m_problems->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Threadline"), this, [this] {
        QMessageBox::about(
            this, tr("About Threadline"),
            tr("Threadline %1\nEvery call, chat, email and letter from a citizen on one timeline.")
                .arg(QApplication::applicationVersion()));
    });

    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search people and conversations (Ctrl+K)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search"));
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        if (m_models->search().query() != m_search->text().trimmed() || m_models->search().isSearching()) {
            m_openFirstWhenReady = true;
            runSearch();
        } else {
            openFirstResult();
        }
    });
    auto *focusSearch = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_K), this);
    connect(focusSearch, &QShortcut::activated, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    auto *slash = new QShortcut(QKeySequence(Qt::Key_Slash), this);
    slash->setContext(Qt::WindowShortcut);
    connect(slash, &QShortcut::activated, this, [this] {
        if (!m_search->hasFocus()) {
            m_search->setFocus();
            m_search->selectAll();
        }
    });

    auto *enter = new EnterActivates(this);
    m_people = new QListView;
    m_people->setAccessibleName(tr("People"));
    m_people->setModel(&m_models->customers());
    m_people->setItemDelegate(new ResultDelegate(m_people));
    m_people->setUniformItemSizes(true);
    m_people->installEventFilter(enter);

    m_results = new QTreeView;
    m_results->setAccessibleName(tr("Search results"));
    m_results->setModel(&m_models->search());
    m_results->setItemDelegate(new ResultDelegate(m_results));
    m_results->setHeaderHidden(true);
    m_results->setRootIsDecorated(false);
    m_results->setIndentation(16);
    m_results->setUniformRowHeights(true);
    m_results->installEventFilter(enter);

    m_peopleSource = new QComboBox;
    m_peopleSource->setAccessibleName(tr("Which people"));
    m_peopleSource->addItem(tr("Everyone, by name"), int(CustomerListModel::Source::ByName));
    m_peopleSource->addItem(tr("Opened recently"), int(CustomerListModel::Source::Recent));
    connect(m_peopleSource, &QComboBox::activated, this, [this] {
        m_models->customers().setSource(CustomerListModel::Source(m_peopleSource->currentData().toInt()));
    });
    auto *peoplePage = new QWidget;
    auto *peopleLayout = new QVBoxLayout(peoplePage);
    peopleLayout->setContentsMargins(0, 0, 0, 0);
    peopleLayout->addWidget(m_peopleSource);
    peopleLayout->addWidget(m_people, 1);

    m_left = new QStackedWidget;
    m_left->addWidget(peoplePage);
    m_left->addWidget(m_results);
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_left);

    m_timeline = new QListView;
    m_timeline->setAccessibleName(tr("Timeline"));
    m_timeline->setModel(&m_models->timeline());
    m_timeline->setItemDelegate(new TimelineDelegate(m_timeline));
    m_timeline->setUniformItemSizes(true);
    m_timeline->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_timeline->installEventFilter(enter);

    m_detail = new DetailPane(m_highlighting);
    auto *viewSource = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_U), this);
    connect(viewSource, &QShortcut::activated, m_detail, &DetailPane::showSource);

    m_filters = new TimelineFilterBar(m_models->timeline(), m_models->profile());
    auto *centre = new QWidget;
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    // On a narrow window or at a large font the filters scroll sideways rather than widen it.
    auto *filterRow = new QScrollArea;
    filterRow->setWidget(m_filters);
    filterRow->setWidgetResizable(true);
    filterRow->setFrameShape(QFrame::NoFrame);
    filterRow->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    filterRow->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    filterRow->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    filterRow->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    filterRow->setFixedHeight(m_filters->sizeHint().height()
                              + filterRow->horizontalScrollBar()->sizeHint().height());
    centreLayout->addWidget(filterRow);
    // Before anyone is chosen the centre says what to do, rather than showing an empty list.
    auto *hint = new QLabel(tr("Choose a person on the left, or search for one with Ctrl+K, to see "
                               "every call, chat, email and letter of theirs here."));
    hint->setAccessibleName(tr("Timeline hint"));
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);
    hint->setMargin(24);
    m_centre = new QStackedWidget;
    m_centre->addWidget(hint);
    m_centre->addWidget(m_timeline);
    centreLayout->addWidget(m_centre, 1);
    m_filters->setEnabled(false);
    auto *goToDay = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_G), this);
    connect(goToDay, &QShortcut::activated, m_filters, &TimelineFilterBar::chooseDay);

    m_profile = new ProfilePane(m_models->profile());
    m_panes = new PaneLayout(left, centre, m_profile, m_detail);
    setCentralWidget(m_panes);
    for (QAbstractItemView *view :
         {static_cast<QAbstractItemView *>(m_people), static_cast<QAbstractItemView *>(m_results),
          static_cast<QAbstractItemView *>(m_timeline)})
        QScroller::grabGesture(view->viewport(), QScroller::TouchGesture); // kinetic scrolling under a finger
    buildViewMenu();
    buildChatDock();

    m_progress = new QProgressBar;
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_syncStatus = new SyncStatusWidget;
    m_syncStatus->setWorkOffline(m_workOffline->isChecked());
    connect(m_syncStatus, &SyncStatusWidget::problemsRequested, this, &MainWindow::showSyncProblems);
    // Permanent widgets stay visible while a transient message is shown.
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_syncStatus);
    resize(1280, 800);
}

void MainWindow::buildViewMenu()
{
    QAction *people = m_viewMenu->addAction(tr("&People list"));
    people->setCheckable(true);
    people->setChecked(true);
    people->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(people, &QAction::toggled, this,
            [this](bool on) { m_panes->setSideVisible(PaneLayout::Pane::People, on); });
    QAction *customer = m_viewMenu->addAction(tr("&Customer panel"));
    customer->setCheckable(true);
    customer->setChecked(true);
    customer->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    connect(customer, &QAction::toggled, this,
            [this](bool on) { m_panes->setSideVisible(PaneLayout::Pane::Customer, on); });
    QAction *back = m_viewMenu->addAction(tr("&Back"), m_panes, &PaneLayout::goBack);
    back->setShortcuts({QKeySequence(Qt::ALT | Qt::Key_Left), QKeySequence(Qt::Key_Back)});

    QMenu *layouts = m_viewMenu->addMenu(tr("&Layout"));
    auto *group = new QActionGroup(this);
    const QList<std::pair<LayoutChoice, QString>> choices = {
        {LayoutChoice::Automatic, tr("&Automatic (follows the window)")},
        {LayoutChoice::Desk, tr("&Desk: three columns")},
        {LayoutChoice::Laptop, tr("&Laptop: side panels fold away")},
        {LayoutChoice::Tablet, tr("&Tablet: one pane at a time")},
    };
    const int saved = QSettings().value(layoutKey, 0).toInt();
    for (const auto &[choice, words] : choices) {
        QAction *action = layouts->addAction(words);
        action->setCheckable(true);
        action->setData(int(choice));
        group->addAction(action);
        if (int(choice) == saved)
            action->setChecked(true);
        connect(action, &QAction::triggered, this, [this, choice] {
            setLayoutChoice(choice);
            QSettings().setValue(layoutKey, int(choice));
        });
    }
    if (saved >= 0 && saved <= int(LayoutChoice::Tablet))
        m_layoutChoice = LayoutChoice(saved);
}

void MainWindow::buildChatDock()
{
    m_chatPanel = new ChatPanel(*m_liveChats);
    m_chatDock = new QDockWidget(tr("Live chats"), this);
    m_chatDock->setObjectName(QStringLiteral("liveChats"));
    m_chatDock->setWidget(m_chatPanel);
    m_chatDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea | Qt::BottomDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_chatDock);
    m_chatDock->hide(); // until a chat comes, or the agent asks
    QAction *toggle = m_chatDock->toggleViewAction();
    toggle->setText(tr("Live &chats"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(toggle);
    connect(toggle, &QAction::triggered, this, [this](bool shown) {
        if (shown)
            m_chatPanel->chatList()->setFocus();
    });
    connect(m_chatPanel, &ChatPanel::openCustomerRequested, this,
            [this](const QUuid &customer) { openCustomer(customer); });
    connect(m_liveChats.get(), &LiveChatModel::offered, this, [this](const QUuid &chat) {
        m_chatDock->show();
        m_chatDock->raise();
        if (m_chatPanel->currentChat().isNull()
            || LiveChatModel::State(
                   m_liveChats->indexOf(m_chatPanel->currentChat()).data(ChatStateRole).toInt())
                == LiveChatModel::State::Ended)
            m_chatPanel->showChat(chat);
        statusBar()->showMessage(tr("A web chat has been given to you."), 10'000);
        QApplication::alert(this);
    });
    connect(m_liveChats.get(), &LiveChatModel::citizenWrote, this, [this](const QUuid &chat) {
        if (chat != m_chatPanel->currentChat() || !isActiveWindow())
            QApplication::alert(this);
    });
}

void MainWindow::setLayoutChoice(LayoutChoice choice)
{
    m_layoutChoice = choice;
    updateLayoutMode();
}

void MainWindow::updateLayoutMode()
{
    switch (m_layoutChoice) {
    case LayoutChoice::Automatic:
        m_panes->setMode(PaneLayout::modeFor(size()));
        break;
    case LayoutChoice::Desk:
        m_panes->setMode(PaneLayout::Mode::Desk);
        break;
    case LayoutChoice::Laptop:
        m_panes->setMode(PaneLayout::Mode::Laptop);
        break;
    case LayoutChoice::Tablet:
        m_panes->setMode(PaneLayout::Mode::Tablet);
        break;
    }
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    updateLayoutMode();
}

void MainWindow::openCustomer(const QUuid &customerId, const QUuid &interactionId)
{
    const QUuid previous = m_models->profile().customerId();
    const bool another = previous != customerId;
    if (another) { // every channel and case again
        m_models->markViewed(previous); // its contacts were seen: no longer new next time
        m_filters->reset();
        m_models->timeline().clear();
        m_models->timeline().setFilter({}, {});
    }
    m_centre->setCurrentWidget(m_timeline);
    m_filters->setEnabled(true);
    if (interactionId.isNull())
        m_models->timeline().open(customerId);
    else
        m_models->timeline().openAt(customerId, interactionId);
    if (another)
        m_models->profile().open(customerId);
}

void MainWindow::connectModels()
{
    CustomerListModel &customers = m_models->customers();
    TimelineModel &timeline = m_models->timeline();
    SearchModel &search = m_models->search();
    RecordLoader &records = m_models->records();

    connect(m_people->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    openCustomer(current.data(IdRole).toUuid());
            });
    // Tablet: a tap or Enter moves on to the next pane.
    const auto toTimeline = [this] {
        m_panes->showPane(PaneLayout::Pane::Timeline);
        m_timeline->setFocus();
    };
    const auto toContact = [this] {
        m_panes->showPane(PaneLayout::Pane::Customer);
        m_panes->showCustomerTab(1);
        m_detail->message()->setFocus();
    };
    connect(m_people, &QAbstractItemView::activated, this, toTimeline);
    connect(m_results, &QAbstractItemView::activated, this, toTimeline);
    connect(m_timeline, &QAbstractItemView::activated, this, toContact);
    connect(m_people, &QAbstractItemView::clicked, this, [this, toTimeline] {
        if (m_panes->mode() == PaneLayout::Mode::Tablet)
            toTimeline();
    });
    connect(m_results, &QAbstractItemView::clicked, this, [this, toTimeline] {
        if (m_panes->mode() == PaneLayout::Mode::Tablet)
            toTimeline();
    });
    connect(m_timeline, &QAbstractItemView::clicked, this, [this, toContact] {
        if (m_panes->mode() == PaneLayout::Mode::Tablet)
            toContact();
    });
    connect(m_results->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { openResult(current); });

    connect(&search, &SearchModel::finished, this, [this](int people, int conversations) {
        m_results->expandAll();
        if (!m_models->search().query().isEmpty())
            showMessage(tr("Matches: %1 people, %2 conversations").arg(people).arg(conversations));
        if (std::exchange(m_openFirstWhenReady, false))
            openFirstResult();
    });
    connect(&search, &SearchModel::failed, this, [this](const QString &code) {
        m_openFirstWhenReady = false;
        reportError(tr("Search failed"), code);
    });

    connect(&timeline, &TimelineModel::focusReady, this, [this](int row) {
        if (row < 0)
            return;
        const QModelIndex index = m_models->timeline().index(row, 0);
        m_timeline->setCurrentIndex(index);
        m_timeline->scrollTo(index, QAbstractItemView::PositionAtCenter);
    });
    connect(m_timeline->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid() || current.data(LoadingRole).toBool())
                    return;
                m_models->records().loadInteraction(current.data(IdRole).toUuid());
            });
    connect(&timeline, &QAbstractItemModel::modelReset, m_detail, &DetailPane::clear);
    // Newer rows when the top is reached (after a search hit opened the timeline in the middle).
    connect(m_timeline->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value == m_timeline->verticalScrollBar()->minimum() && m_models->timeline().canFetchNewer())
            m_models->timeline().fetchNewer();
    });
    // Rows arriving above what the agent is reading do not move it.
    connect(&timeline, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first) {
                if (m_timeline->verticalScrollBar()->value() > 0) {
                    const QModelIndex top = m_timeline->indexAt(QPoint(4, 4));
                    if (top.isValid() && first <= top.row())
                        m_scrollAnchor = top;
                }
            });
    connect(&timeline, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_scrollAnchor.isValid())
            m_timeline->scrollTo(m_scrollAnchor, QAbstractItemView::PositionAtTop);
        m_scrollAnchor = QPersistentModelIndex();
    });

    connect(&records, &RecordLoader::interactionLoaded, m_detail, &DetailPane::showInteraction);
    connect(&records, &RecordLoader::interactionMissing, m_detail,
            [this] { m_detail->showNotice(tr("This contact is no longer in the cache.")); });
    connect(&records, &RecordLoader::loadFailed, this, [this](const QUuid &, const QString &code) {
        reportError(tr("Reading the contact failed"), code);
    });
    connect(&customers, &CustomerListModel::loadFailed, this,
            [this](const QString &code) { reportError(tr("Reading customers failed"), code); });
    connect(&timeline, &TimelineModel::loadFailed, this,
            [this](const QString &code) { reportError(tr("Reading the timeline failed"), code); });
}

void MainWindow::runSearch()
{
    const QString text = m_search->text().trimmed();
    m_left->setCurrentIndex(text.isEmpty() ? 0 : 1);
    if (text != m_models->search().query())
        m_models->search().setQuery(text);
}

void MainWindow::openFirstResult()
{
    SearchModel &search = m_models->search();
    if (search.rowCount() == 0)
        return;
    // The best match's first conversation when it has one, else the person.
    const QModelIndex group = search.index(0, 0);
    const QModelIndex first = search.rowCount(group) > 0 ? search.index(0, 0, group) : group;
    m_results->setCurrentIndex(first);
    m_results->setFocus();
}

void MainWindow::openResult(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    openCustomer(index.data(CustomerIdRole).toUuid(), index.data(InteractionIdRole).toUuid());
}

bool MainWindow::workOffline() const
{
    return m_workOffline->isChecked();
}

void MainWindow::setWorkOffline(bool offline, bool remember)
{
    m_rememberWorkOffline = remember;
    m_workOffline->setChecked(offline);
    m_rememberWorkOffline = true;
}

void MainWindow::setSyncAvailable(bool available)
{
    m_workOffline->setEnabled(available);
    m_signIn->setEnabled(available);
    m_syncStatus->setServerless(!available);
}

void MainWindow::showSyncProblems()
{
    if (!m_problemsDialog) {
        m_problemsDialog = new SyncProblemsDialog(*m_models, this);
        m_problemsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_problemsDialog->show();
    m_problemsDialog->raise();
    m_problemsDialog->activateWindow();
}

void MainWindow::setProgress(const QString &what, qint64 done, qint64 total)
{
    const bool busy = total > 0 && done < total;
    m_progress->setVisible(busy);
    if (busy) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(done * 1000 / total));
        m_progress->setFormat(what + QStringLiteral(" %p%"));
    }
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

void MainWindow::reportError(const QString &what, const QString &code)
{
    statusBar()->showMessage(tr("%1 (%2)", "what failed (error code)").arg(what, code));
}

} // namespace Threadline::Ui
