// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QSplitter;
class QStackedLayout;
class QTabWidget;
class QToolButton;

namespace Threadline::Ui {

/// Arranges the window's panes for the device it is on.
///
/// - Desk (wide): people | timeline | customer (profile above the selected contact), all at once.
/// - Laptop: the same three columns with the customer side as tabs (Profile, Contact), and the
///   side columns can be hidden and shown (setSideVisible) so the timeline gets the width.
/// - Tablet (narrow or portrait, touch): one pane at a time, a Back button (44 px, Alt+Left)
///   returns to the previous one.
///
/// modeFor() picks a mode from the window's size; the window may force one. Does not own the
/// meaning of the panes, only their place: it reparents the profile and detail widgets between a
/// splitter and tabs as the mode changes.
class PaneLayout : public QWidget
{
    Q_OBJECT
public:
    enum class Mode
    {
        Desk,
        Laptop,
        Tablet
    };
    Q_ENUM(Mode)
    enum class Pane
    {
        People,
        Timeline,
        Customer
    };
    Q_ENUM(Pane)

    PaneLayout(QWidget *people, QWidget *timeline, QWidget *profile, QWidget *detail,
               QWidget *parent = nullptr);

    /// Desk from 1600 px wide, laptop from 1000 px, tablet below that or when taller than wide.
    static Mode modeFor(const QSize &windowSize);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);

    /// Tablet: the pane on screen. Other modes: the pane is made visible.
    Pane currentPane() const { return m_current; }
    void showPane(Pane pane);
    /// Tablet: the Customer pane's tab (0 profile, 1 contact).
    void showCustomerTab(int tab);
    bool canGoBack() const;
    void goBack();

    /// Desk and laptop: hide or show a side column (People or Customer).
    void setSideVisible(Pane pane, bool visible);
    bool isSideVisible(Pane pane) const;

    QWidget *backBar() const;

Q_SIGNALS:
    void modeChanged(Threadline::Ui::PaneLayout::Mode mode);
    void currentPaneChanged(Threadline::Ui::PaneLayout::Pane pane);

private:
    void apply();
    QString paneTitle(Pane pane) const;

    QWidget *m_people;
    QWidget *m_timeline;
    QWidget *m_profile;
    QWidget *m_detail;
    QWidget *m_customer = nullptr; ///< holds the profile and detail: split or tabbed
    QStackedLayout *m_customerStack = nullptr;
    QSplitter *m_customerSplit = nullptr;
    QTabWidget *m_customerTabs = nullptr;
    QSplitter *m_columns = nullptr;
    QWidget *m_bar = nullptr;
    QToolButton *m_back = nullptr;
    QLabel *m_title = nullptr;
    Mode m_mode = Mode::Desk;
    Pane m_current = Pane::People;
    bool m_peopleShown = true;
    bool m_customerShown = true;
};

} // namespace Threadline::Ui
