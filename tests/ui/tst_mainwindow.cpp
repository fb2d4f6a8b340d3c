// SPDX-License-Identifier: GPL-3.0-or-later
// The main window over a real cache, offscreen: it opens, lists people, shows a timeline that
// pages as you scroll, shows a record as JSON, searches, and follows the keyboard.

#include "../store/Fixtures.h"
#include "Cache.h"
#include "CacheWriter.h"
#include "CustomerRepository.h"
#include "InteractionRepository.h"
#include "MainWindow.h"

#include <KSyntaxHighlighting/Repository>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Threadline;
using namespace Fixtures;

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Cache> m_cache;
    KSyntaxHighlighting::Repository m_highlighting;
    Customer m_busy
        = customer(QStringLiteral("Eleri Vaughan"), QStringLiteral("SA1 1AA"), QStringLiteral("cy"));
    Customer m_quiet = customer(QStringLiteral("Adam Quiet"));
    QList<Interaction> m_items;

private Q_SLOTS:
    void initTestCase()
    {
        auto cache = Store::Cache::open(
            {m_dir.filePath(QStringLiteral("ui.sqlite")), Store::CacheOptions::IntegrityCheck::Auto});
        QVERIFY(cache);
        m_cache = std::move(*cache);
        for (int n = 0; n < 180; ++n)
            m_items.append(note(m_busy.id, at(2026, 1, 1).addSecs(n * 600), QStringLiteral("Nodyn %1").arg(n),
                                QStringLiteral("Ffoniodd am y dreth gyngor")));
        m_items.append(email(m_quiet.id, at(2026, 2, 1), QStringLiteral("Missed bin collection"),
                             QStringLiteral("The bin on Heol y Frenhines was missed again"),
                             QStringLiteral("adam@example.org")));
        auto done = m_cache->writer().submit([this](Store::CacheWriter::Context &ctx) -> Status {
            if (Status s = Store::CustomerRepository(ctx.db).upsert({m_busy, m_quiet}); !s)
                return s;
            return Store::InteractionRepository(ctx.db).upsert(m_items);
        });
        QVERIFY(done.result());
    }

    void cleanupTestCase() { m_cache.reset(); }

    void opensAndListsPeople()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *results = window.findChild<QListWidget *>();
        QVERIFY(results);
        QCOMPARE(results->count(), 2);
        QVERIFY(results->item(0)->text().startsWith(QStringLiteral("Adam Quiet")));
        QVERIFY(results->item(1)->text().contains(QStringLiteral("180")));
    }

    void timelinePagesAndShowsRecords()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *results = window.findChild<QListWidget *>();
        auto *timeline = window.findChild<QTreeWidget *>();
        auto *record = window.findChild<QPlainTextEdit *>();
        results->setCurrentRow(1); // Eleri: 180 notes
        QVERIFY(timeline->topLevelItemCount() >= Ui::MainWindow::pageSize);
        QVERIFY(timeline->topLevelItemCount() < 180); // paged, not everything at once
        QCOMPARE(timeline->topLevelItem(0)->text(3).left(10), QStringLiteral("Nodyn 179 ")); // newest first
        // Scrolling to the end loads the next page, until everything is there.
        // (The scroll range follows the rows after a layout pass, so scroll again on every try.)
        QTRY_VERIFY_WITH_TIMEOUT((timeline->scrollToBottom(), timeline->topLevelItemCount() == 180), 10000);
        QVERIFY(timeline->topLevelItem(179)->text(3).startsWith(QStringLiteral("Nodyn 0 ")));
        timeline->setCurrentItem(timeline->topLevelItem(0));
        QVERIFY(record->toPlainText().contains(QStringLiteral("\"subject\": \"Nodyn 179\"")));
        QVERIFY(record->toPlainText().contains(QStringLiteral("\"channel\": \"note\"")));
    }

    void searchFromTheKeyboardOpensTheMatch()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        auto *search = window.findChild<QLineEdit *>();
        auto *results = window.findChild<QListWidget *>();
        auto *timeline = window.findChild<QTreeWidget *>();
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("bin colle"));
        QTest::keyClick(search, Qt::Key_Return);
        QVERIFY(results->count() >= 1);
        QVERIFY(results->currentItem());
        QVERIFY(results->currentItem()->text().contains(QStringLiteral("Adam Quiet")));
        QTRY_COMPARE(timeline->topLevelItemCount(), 1);
        QVERIFY(timeline->currentItem());
        QVERIFY(timeline->currentItem()->text(3).startsWith(QStringLiteral("Missed bin collection")));
        // Welsh, typed without the circumflex.
        search->clear();
        QTest::keyClicks(search, QStringLiteral("gyngor"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(results->count() > 0);
        QVERIFY(results->item(0)->text().contains(QStringLiteral("Eleri Vaughan")));
    }

    void newDataAppearsWithoutReopening()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *results = window.findChild<QListWidget *>();
        const int before = results->count();
        Customer added = customer(QStringLiteral("Zara New"));
        m_cache->writer().submit([added](Store::CacheWriter::Context &ctx) {
            return Store::CustomerRepository(ctx.db).upsert({added}, &ctx.changes);
        });
        QTRY_COMPARE(results->count(), before + 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
