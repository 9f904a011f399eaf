/* rapport-vcard-import.h
 *
 * Customers from a .vcf file: vCard 2.1, 3.0 and 4.0, any number of cards,
 * as phones, Google, Apple Contacts, Outlook, Thunderbird and Evolution
 * export them. Each card is kept whole with its customer, so that export
 * writes it back with nothing lost.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"
#include "rapport-vcard.h"

G_BEGIN_DECLS

/* Imports every card of @data (UTF-8, or UTF-16 with a byte order mark).
 * A card matches a customer by its UID, else by an email address only
 * one customer has: a match is updated, or left as it is when the card
 * says nothing new; the report counts which. All or nothing unless
 * RAPPORT_IMPORT_SKIP_INVALID, where a card that cannot be read is
 * skipped and named in the report's problems. @report_out is set either
 * way when not NULL. */
gboolean rapport_import_vcf      (RapportStore          *store,
                                  const char            *data,
                                  gsize                  length,
                                  RapportImportFlags     flags,
                                  RapportImportReport  **report_out,
                                  GError               **error);
gboolean rapport_import_vcf_file (RapportStore          *store,
                                  GFile                 *file,
                                  RapportImportFlags     flags,
                                  GCancellable          *cancellable,
                                  RapportImportReport  **report_out,
                                  GError               **error);

/* The card export writes for @customer: from the card it was imported
 * from, else the one last synced, when there is one (in its version, its
 * UID as it came, every property Rapport does not map kept), else a new
 * 4.0 card. */
RapportVCard *rapport_vcard_for_export (RapportStore          *store,
                                        const RapportCustomer *customer,
                                        const char            *organization_uid);

G_END_DECLS
