// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncProblemsDialog.h"

#include "Cache.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "ConflictRepository.h"
#include "CustomerRepository.h"
#include "Outbox.h"
#include "QuarantineRepository.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Threadline::Ui {

namespace {

QString shortTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString valueText(const QCborValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isNull() || value.isUndefined())
        return SyncProblemsDialog::tr("(empty)");
    return value.toDiagnosticNotation();
}

} // namespace

SyncProblemsDialog::SyncProblemsDialog(Store::Cache &cache, QWidget *parent)
    : QDialog(parent)
    , m_cache(cache)
{
    setWindowTitle(tr("Sync problems"));
    setAccessibleName(tr("Sync problems"));

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("Summary"));

    m_list = new QTreeWidget(this);
    m_list->setAccessibleName(tr("Conflicts, refused changes and set-aside server changes"));
    m_list->setHeaderLabels({tr("What"), tr("When"), tr("Record"), tr("Details")});
    m_list->setRootIsDecorated(true);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(true);
    for (int column = 0; column < 3; ++column)
        m_list->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_markSeen = buttons->addButton(tr("&Mark conflicts as seen"), QDialogButtonBox::ActionRole);
    m_markSeen->setAccessibleName(tr("Mark conflicts as seen"));
    connect(m_markSeen, &QPushButton::clicked, this, &SyncProblemsDialog::markConflictsSeen);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(760, 420);

    auto reader = m_cache.openReader();
    if (reader)
        m_reader = std::move(*reader);
    else
        m_summary->setText(tr("The cache could not be read: %1").arg(reader.error().message));
    connect(&m_cache.writer(), &Store::CacheWriter::committed, this, &SyncProblemsDialog::onCommitted);
    reload();
    m_list->setFocus();
}

SyncProblemsDialog::~SyncProblemsDialog() = default;

QString SyncProblemsDialog::recordName(const QString &entity, const QUuid &id)
{
    if (id.isNull())
        return entity;
    // Outbox entries do not say which kind of record they touch: try both.
    if (entity.isEmpty() || entity == u"customer") {
        auto found = Store::CustomerRepository(m_reader).find(id);
        if (found && found->has_value())
            return tr("Customer %1").arg((*found)->displayName);
    }
    if (entity.isEmpty() || entity == u"case") {
        auto found = Store::CaseRepository(m_reader).find(id);
        if (found && found->has_value())
            return tr("Case “%1”").arg((*found)->title);
    }
    const QString shortId = id.toString(QUuid::WithoutBraces).left(8);
    return entity.isEmpty() ? shortId : entity + QLatin1Char(' ') + shortId;
}

void SyncProblemsDialog::reload()
{
    m_list->clear();
    m_unseen.clear();
    if (!m_reader.isOpen())
        return;

    QStringList failures;
    auto *conflictsGroup = new QTreeWidgetItem(m_list, {tr("Conflicts")});
    auto conflicts = Store::ConflictRepository(m_reader).list(false, 500);
    auto unseen = Store::ConflictRepository(m_reader).list(true, 500);
    if (conflicts && unseen) {
        QSet<QUuid> unseenIds;
        for (const Conflict &c : std::as_const(*unseen))
            unseenIds.insert(c.id);
        for (const Conflict &c : std::as_const(*conflicts)) {
            const bool seen = !unseenIds.contains(c.id);
            if (!seen)
                m_unseen.append(c.id);
            auto *item = new QTreeWidgetItem(
                conflictsGroup,
                {seen ? tr("Conflict") : tr("Conflict (new)"), shortTime(c.at),
                 recordName(c.entity, c.entityId),
                 tr("You set %1 to “%2”; another agent's edit came first, so it is “%3”.")
                     .arg(c.field, valueText(c.attemptedValue), valueText(c.keptValue))});
            item->setToolTip(3, item->text(3));
        }
    } else {
        failures.append(conflicts ? unseen.error().message : conflicts.error().message);
    }

    auto *rejectedGroup = new QTreeWidgetItem(m_list, {tr("Refused changes")});
    auto outbox = Store::Outbox(m_reader).all();
    if (outbox) {
        for (const Store::OutboxEntry &e : std::as_const(*outbox)) {
            if (e.state != Store::OutboxEntry::State::Rejected)
                continue;
            auto *item = new QTreeWidgetItem(rejectedGroup,
                                             {tr("Refused: %1").arg(e.operation), shortTime(e.createdAt),
                                              recordName(QString(), e.entityId), e.lastError});
            item->setToolTip(3, e.lastError);
        }
    } else {
        failures.append(outbox.error().message);
    }

    auto *quarantineGroup = new QTreeWidgetItem(m_list, {tr("Set aside from the server")});
    auto quarantined = Store::QuarantineRepository(m_reader).list(500);
    if (quarantined) {
        for (const Store::QuarantineEntry &q : std::as_const(*quarantined)) {
            auto *item = new QTreeWidgetItem(quarantineGroup,
                                             {tr("Change %1").arg(QLocale().toString(q.change.seq)),
                                              shortTime(q.receivedAt), q.change.entity, q.change.reason});
            item->setToolTip(3, q.change.reason);
        }
    } else {
        failures.append(quarantined.error().message);
    }

    for (QTreeWidgetItem *group : {conflictsGroup, rejectedGroup, quarantineGroup}) {
        group->setText(0, tr("%1 (%2)").arg(group->text(0)).arg(group->childCount()));
        group->setFirstColumnSpanned(true);
        group->setExpanded(true);
    }
    m_markSeen->setEnabled(!m_unseen.isEmpty());
    if (!failures.isEmpty())
        m_summary->setText(tr("Part of the list could not be read: %1").arg(failures.join(QLatin1Char(' '))));
    else if (conflictsGroup->childCount() + rejectedGroup->childCount() + quarantineGroup->childCount() == 0)
        m_summary->setText(tr("Nothing needs your attention: every change was sent and accepted."));
    else
        m_summary->setText(
            tr("Nothing here is lost: each item is kept in the cache until someone deals with it."));
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void SyncProblemsDialog::onCommitted(const Store::ChangeSet &changes)
{
    if (changes.conflictsChanged || changes.outboxChanged || changes.quarantineChanged)
        reload();
}

void SyncProblemsDialog::markConflictsSeen()
{
    const QList<QUuid> ids = m_unseen;
    if (ids.isEmpty())
        return;
    m_markSeen->setEnabled(false);
    m_cache.writer().submit([ids](Store::CacheWriter::Context &ctx) {
        return Store::ConflictRepository(ctx.db).markSeen(ids, &ctx.changes);
    });
}

} // namespace Threadline::Ui
