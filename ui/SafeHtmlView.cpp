// SPDX-License-Identifier: GPL-3.0-or-later
#include "SafeHtmlView.h"

namespace Threadline::Ui {

SafeHtmlView::SafeHtmlView(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
}

QVariant SafeHtmlView::loadResource(int, const QUrl &)
{
    ++m_refused;
    return {};
}

void SafeHtmlView::showHtml(const QString &html)
{
    m_refused = 0;
    setHtml(html);
}

} // namespace Threadline::Ui
