// SPDX-License-Identifier: GPL-3.0-or-later
#include "PaneLayout.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedLayout>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Threadline::Ui {

namespace {
constexpr int touchTarget = 44;
}

PaneLayout::PaneLayout(QWidget *people, QWidget *timeline, QWidget *profile, QWidget *detail, QWidget *parent)
    : QWidget(parent)
    , m_people(people)
    , m_timeline(timeline)
    , m_profile(profile)
    , m_detail(detail)
{
    m_customer = new QWidget;
    m_customerStack = new QStackedLayout(m_customer);
    m_customerSplit = new QSplitter(Qt::Vertical);
    m_customerSplit->setChildrenCollapsible(false);
    m_customerTabs = new QTabWidget;
    m_customerTabs->setAccessibleName(tr("Customer"));
    m_customerStack->addWidget(m_customerSplit);
    m_customerStack->addWidget(m_customerTabs);

    m_columns = new QSplitter(Qt::Horizontal);
    m_columns->addWidget(m_people);
    m_columns->addWidget(m_timeline);
    m_columns->addWidget(m_customer);
    m_columns->setStretchFactor(0, 1);
    m_columns->setStretchFactor(1, 3);
    m_columns->setStretchFactor(2, 2);

    m_bar = new QWidget;
    auto *barLayout = new QHBoxLayout(m_bar);
    barLayout->setContentsMargins(4, 2, 4, 2);
    m_back = new QToolButton;
    m_back->setText(tr("‹ Back"));
    m_back->setAccessibleName(tr("Back"));
    m_back->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_back->setMinimumSize(touchTarget, touchTarget);
    m_back->setFocusPolicy(Qt::StrongFocus);
    connect(m_back, &QToolButton::clicked, this, &PaneLayout::goBack);
    m_title = new QLabel;
    m_title->setAccessibleName(tr("Pane title"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    barLayout->addWidget(m_back);
    barLayout->addWidget(m_title, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(m_columns, 1);
    apply();
}

PaneLayout::Mode PaneLayout::modeFor(const QSize &windowSize)
{
    if (windowSize.height() > windowSize.width() || windowSize.width() < 1000)
        return Mode::Tablet;
    return windowSize.width() >= 1600 ? Mode::Desk : Mode::Laptop;
}

void PaneLayout::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    apply();
    Q_EMIT modeChanged(mode);
}

void PaneLayout::apply()
{
    const bool tablet = m_mode == Mode::Tablet;
    if (m_mode == Mode::Desk) {
        m_customerSplit->addWidget(m_profile);
        m_customerSplit->addWidget(m_detail);
        m_customerSplit->setStretchFactor(0, 2);
        m_customerSplit->setStretchFactor(1, 3);
        m_customerStack->setCurrentWidget(m_customerSplit);
    } else if (m_customerTabs->indexOf(m_profile) < 0) {
        m_customerTabs->addTab(m_profile, tr("Profile"));
        m_customerTabs->addTab(m_detail, tr("Contact"));
        m_customerStack->setCurrentWidget(m_customerTabs);
    }
    m_bar->setVisible(tablet);
    if (tablet) {
        m_people->setVisible(m_current == Pane::People);
        m_timeline->setVisible(m_current == Pane::Timeline);
        m_customer->setVisible(m_current == Pane::Customer);
        // The splitter gives a pane that was hidden no width of its own: give it all of it.
        QList<int> sizes = {0, 0, 0};
        sizes[int(m_current)] = std::max(width(), 1);
        m_columns->setSizes(sizes);
        m_back->setEnabled(canGoBack());
        m_title->setText(paneTitle(m_current));
    } else {
        m_people->setVisible(m_peopleShown);
        m_timeline->setVisible(true);
        m_customer->setVisible(m_customerShown);
        const int width = std::max(this->width(), 800);
        m_customerSplit->setSizes({height() / 2, height() / 2});
        if (m_mode == Mode::Desk)
            m_columns->setSizes({width * 22 / 100, width * 43 / 100, width * 35 / 100});
        else
            m_columns->setSizes({width * 26 / 100, width * 44 / 100, width * 30 / 100});
    }
}

QString PaneLayout::paneTitle(Pane pane) const
{
    switch (pane) {
    case Pane::People:
        return tr("People");
    case Pane::Timeline:
        return tr("Timeline");
    case Pane::Customer:
        return tr("Customer");
    }
    return {};
}

void PaneLayout::showPane(Pane pane)
{
    if (m_mode != Mode::Tablet) {
        if (pane == Pane::People && !m_peopleShown)
            setSideVisible(Pane::People, true);
        if (pane == Pane::Customer && !m_customerShown)
            setSideVisible(Pane::Customer, true);
        return;
    }
    if (pane == m_current)
        return;
    m_current = pane;
    apply();
    Q_EMIT currentPaneChanged(pane);
}

void PaneLayout::showCustomerTab(int tab)
{
    if (m_customerStack->currentWidget() == m_customerTabs)
        m_customerTabs->setCurrentIndex(tab);
}

bool PaneLayout::canGoBack() const
{
    return m_mode == Mode::Tablet && m_current != Pane::People;
}

void PaneLayout::goBack()
{
    if (!canGoBack())
        return;
    showPane(m_current == Pane::Customer ? Pane::Timeline : Pane::People);
}

void PaneLayout::setSideVisible(Pane pane, bool visible)
{
    if (pane == Pane::People)
        m_peopleShown = visible;
    else if (pane == Pane::Customer)
        m_customerShown = visible;
    if (m_mode != Mode::Tablet) {
        m_people->setVisible(m_peopleShown);
        m_customer->setVisible(m_customerShown);
        apply();
    }
}

bool PaneLayout::isSideVisible(Pane pane) const
{
    return pane == Pane::People ? m_peopleShown : pane == Pane::Customer ? m_customerShown : true;
}

QWidget *PaneLayout::backBar() const
{
    return m_bar;
}

} // namespace Threadline::Ui
