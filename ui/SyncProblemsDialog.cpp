// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncProblemsDialog.h"

#include "ItemRoles.h"
#include "ModelHub.h"
#include "SyncProblemsModel.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeView>
#include <QUuid>
#include <QVBoxLayout>

namespace Threadline::Ui {

using Models::SyncProblemsModel;
using namespace Models;

namespace {

QString shortTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

/// Words SyncProblemsModel's values, column by column.
class ProblemWords : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return QIdentityProxyModel::headerData(section, orientation, role);
        switch (section) {
        case 0:
            return SyncProblemsDialog::tr("What");
        case 1:
            return SyncProblemsDialog::tr("When");
        case 2:
            return SyncProblemsDialog::tr("Record");
        default:
            return SyncProblemsDialog::tr("Details");
        }
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
            return QIdentityProxyModel::data(index, role);
        if (role == Qt::ToolTipRole && index.column() != 3)
            return {};
        const auto kind = SyncProblemsModel::Kind(index.data(ProblemKindRole).toInt());
        if (index.data(IsGroupRole).toBool())
            return index.column() == 0 ? groupTitle(kind, rowCount(index)) : QVariant();
        switch (index.column()) {
        case 0:
            return what(kind, index);
        case 1:
            return shortTime(index.data(OccurredAtRole).toDateTime());
        case 2:
            return record(kind, index);
        default:
            return details(kind, index);
        }
    }

private:
    static QString groupTitle(SyncProblemsModel::Kind kind, int count)
    {
        switch (kind) {
        case SyncProblemsModel::Kind::Conflict:
            return SyncProblemsDialog::tr("Conflicts (%1)").arg(count);
        case SyncProblemsModel::Kind::Refused:
            return SyncProblemsDialog::tr("Refused changes (%1)").arg(count);
        case SyncProblemsModel::Kind::SetAside:
            return SyncProblemsDialog::tr("Set aside from the server (%1)").arg(count);
        }
        return {};
    }

    static QString what(SyncProblemsModel::Kind kind, const QModelIndex &index)
    {
        switch (kind) {
        case SyncProblemsModel::Kind::Conflict:
            return index.data(SeenRole).toBool() ? SyncProblemsDialog::tr("Conflict")
                                                 : SyncProblemsDialog::tr("Conflict (new)");
        case SyncProblemsModel::Kind::Refused:
            return SyncProblemsDialog::tr("Refused: %1").arg(index.data(OperationRole).toString());
        case SyncProblemsModel::Kind::SetAside:
            return SyncProblemsDialog::tr("Change %1")
                .arg(QLocale().toString(index.data(FeedSeqRole).toLongLong()));
        }
        return {};
    }

    static QString record(SyncProblemsModel::Kind kind, const QModelIndex &index)
    {
        const QString recordKind = index.data(RecordKindRole).toString();
        const QString name = index.data(RecordNameRole).toString();
        if (kind == SyncProblemsModel::Kind::SetAside)
            return recordKind;
        if (recordKind == u"customer" && !name.isEmpty())
            return SyncProblemsDialog::tr("Customer %1").arg(name);
        if (recordKind == u"case" && !name.isEmpty())
            return SyncProblemsDialog::tr("Case “%1”").arg(name);
        return recordKind;
    }

    static QString details(SyncProblemsModel::Kind kind, const QModelIndex &index)
    {
        if (kind != SyncProblemsModel::Kind::Conflict)
            return index.data(SyncErrorRole).toString();
        const auto value = [](const QVariant &v) {
            return v.isValid() ? v.toString() : SyncProblemsDialog::tr("(empty)");
        };
        return SyncProblemsDialog::tr("You set %1 to “%2”; another agent's edit came first, so it is “%3”.")
            .arg(index.data(FieldRole).toString(), value(index.data(AttemptedValueRole)),
                 value(index.data(KeptValueRole)));
    }
};

} // namespace

SyncProblemsDialog::SyncProblemsDialog(Models::ModelHub &models, QWidget *parent)
    : QDialog(parent)
    , m_models(models)
{
    setWindowTitle(tr("Sync problems"));
    setAccessibleName(tr("Sync problems"));

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("Summary"));
    m_summary->setText(tr("Reading…"));

    auto *words = new ProblemWords(this);
    words->setSourceModel(&m_models.syncProblems());
    m_list = new QTreeView(this);
    m_list->setAccessibleName(tr("Conflicts, refused changes and set-aside server changes"));
    m_list->setModel(words);
    m_list->setRootIsDecorated(true);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(false);
    m_list->header()->setStretchLastSection(true);
    for (int column = 0; column < 3; ++column)
        m_list->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_markSeen = buttons->addButton(tr("&Mark conflicts as seen"), QDialogButtonBox::ActionRole);
    m_markSeen->setAccessibleName(tr("Mark conflicts as seen"));
    m_markSeen->setEnabled(false);
    connect(m_markSeen, &QPushButton::clicked, this, [this] {
        m_markSeen->setEnabled(false);
        m_models.markConflictsSeen(m_models.syncProblems().unseenConflicts());
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(760, 420);

    connect(&m_models.syncProblems(), &SyncProblemsModel::loaded, this, &SyncProblemsDialog::onLoaded);
    connect(&m_models.syncProblems(), &SyncProblemsModel::loadFailed, this,
            [this](const QStringList &codes) { m_failures = codes; });
    reload();
    m_list->setFocus();
}

SyncProblemsDialog::~SyncProblemsDialog() = default;

void SyncProblemsDialog::reload()
{
    m_failures.clear();
    m_models.syncProblems().reload();
}

void SyncProblemsDialog::onLoaded()
{
    QAbstractItemModel *model = m_list->model();
    int items = 0;
    for (int group = 0; group < model->rowCount(); ++group) {
        m_list->setFirstColumnSpanned(group, {}, true);
        m_list->expand(model->index(group, 0));
        items += model->rowCount(model->index(group, 0));
    }
    m_markSeen->setEnabled(!m_models.syncProblems().unseenConflicts().isEmpty());
    if (!m_failures.isEmpty())
        m_summary->setText(
            tr("Part of the list could not be read (%1).").arg(m_failures.join(QStringLiteral(", "))));
    else if (items == 0)
        m_summary->setText(tr("Nothing needs your attention: every change was sent and accepted."));
    else
        m_summary->setText(
            tr("Nothing here is lost: each item is kept in the cache until someone deals with it."));
    m_failures.clear();
    if (!m_list->currentIndex().isValid() && model->rowCount() > 0)
        m_list->setCurrentIndex(model->index(0, 0));
}

} // namespace Threadline::Ui
