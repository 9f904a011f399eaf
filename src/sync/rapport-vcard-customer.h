/* rapport-vcard-customer.h
 *
 * Customer <-> vCard mapping (see the sync section of DESIGN.md).
 * vCard 4.0 and 3.0 are both read; writing picks the version.
 */
#pragma once

#include "rapport-customer.h"
#include "rapport-vcard.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_VCARD_VERSION_3_0,
  RAPPORT_VCARD_VERSION_4_0,
} RapportVCardVersion;

/* @organization_uid: the UID of the customer's organization, for RELATED
 * (4.0) / X-RAPPORT-RELATED (3.0); NULL when none. @base: the card last
 * read from the server for this customer, whose unknown properties are
 * written back untouched; NULL when none. */
RapportVCard    *rapport_vcard_from_customer   (const RapportCustomer  *customer,
                                                RapportVCardVersion     version,
                                                const char             *organization_uid,
                                                RapportVCard           *base);
/* Fills a new customer from @card (3.0 or 4.0). The organization's UID, if
 * any, goes to @organization_uid (the caller resolves it to an id). */
RapportCustomer *rapport_vcard_to_customer     (RapportVCard           *card,
                                                char                  **organization_uid,
                                                GError                **error);

G_END_DECLS
