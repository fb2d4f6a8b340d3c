// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Customer.h"

#include <QString>

namespace Threadline::Demo {

/// A generated citizen: the Customer record plus everything the interaction writer needs to talk
/// about them (names, contact details as stored and as people write them, reference numbers).
/// Identifiers are only emitted for the references the person actually has or uses.
struct Person
{
    Customer customer;
    QString firstName;
    QString surname;
    bool welsh = false; ///< prefers Welsh (customer.preferredLanguage == "cy")
    int age = 0; ///< 0 when the date of birth is unknown
    QString email; ///< lower-case address
    QString secondEmail; ///< empty, or another address they sometimes write from
    QString mobile; ///< E.164 or empty
    QString mobileDisplay; ///< "07700 900123"
    QString landline; ///< E.164 or empty
    QString landlineDisplay; ///< "029 2018 0123"
    bool sharedLandline = false; ///< landline also belongs to the previous customer (same household)
    QString addressLine; ///< the address as one line: "Flat 3, 27 Station Road"
    QString street;
    QString houseKey; ///< "27", "Flat 3, 27" or a house name; the postal-address identifier's second part
    QString councilTaxAccount; ///< nine digits
    QString nhsNumber; ///< ten digits, valid check digit, 999 test range
    QString niNumber; ///< "JT482913C"
    QString tenancyRef; ///< "TEN/104233"
    QString chatHandle; ///< "webchat-3f9a0c2d71e4"
    QString vehicle; ///< "CY19 KTD"

    /// The best number to show or call: mobile, else landline.
    const QString &phone() const { return mobile.isEmpty() ? landline : mobile; }
    const QString &phoneDisplay() const { return mobile.isEmpty() ? landlineDisplay : mobileDisplay; }
};

} // namespace Threadline::Demo
