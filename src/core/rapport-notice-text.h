/* rapport-notice-text.h
 *
 * Renewal notices written in the customer's language: the subject and
 * body of a letter about one contract, from the templates of the
 * "rapport-notices" gettext domain (po-notices/), greeting the customer
 * by their form of address, with the product, the end date and the
 * value formatted for their locale (rapport-locale.h). The catalogs are
 * read with rapport-catalog.h, so the process locale plays no part.
 */
#pragma once

#include <glib.h>

#include "rapport-customer.h"
#include "rapport-records.h"

G_BEGIN_DECLS

#define RAPPORT_NOTICES_DOMAIN "rapport-notices"

typedef struct
{
  const char *language;           /* BCP 47, overrides the customer's; NULL: none.
                                   * An ill-formed tag is skipped: validate it
                                   * first (rapport_language_tag_normalize) */
  const char *business_language;  /* the business's default; NULL: none */
  const char *business_name;      /* in the signature; NULL or "": left out */
  const char *owner_name;         /* in the signature; NULL or "": left out */
  const char *localedir;          /* where LANG/LC_MESSAGES/rapport-notices.mo are;
                                   * NULL: $RAPPORT_NOTICES_LOCALEDIR when set
                                   * (tests, uninstalled runs), else LOCALEDIR */
} RapportNoticeTextOptions;

typedef struct
{
  char *language;   /* the tag the notice is written in ("de-CH") */
  char *subject;    /* one line */
  char *body;       /* lines end in "\n"; none after the last */
} RapportNoticeText;

/* Renders the notice for @contract to @customer into @out (cleared
 * first). An auto-renewing contract gets the courtesy notice (it renews
 * by itself, nothing to do), any other the renewal notice (it ends,
 * please confirm); a contract of value 0 is not given a value.
 *
 * The language is the first of @options' language, the customer's, the
 * business language and "en" that has a complete, sound catalog; English
 * needs none (the templates are English). A language counts as missing
 * when its catalog lacks a string the notice needs or a translation uses
 * a placeholder it may not, so a customer never gets a letter in two
 * languages. The date and the value are formatted for the tag chosen,
 * region included ("de-CH" writes Swiss francs the Swiss way).
 *
 * The greeting follows the form of address: a first-name basis customer
 * is greeted by given name, an organization with the language's neutral
 * greeting ("Dear Sir or Madam,"), a person by the title and family name
 * when the form of address names a gender or a title the table in
 * rapport-notice-text.c knows ("Ms.", "Herr", "Mme", "Sra.", "Dr.",
 * "Prof."...), else by their full name in a neutral greeting.
 *
 * FALSE with an error only when a catalog file is damaged or unreadable
 * (RAPPORT_ERROR_PARSE, or a G_FILE_ERROR naming the file). */
gboolean  rapport_notice_render      (const RapportCustomer          *customer,
                                      const RapportContract          *contract,
                                      const RapportNoticeTextOptions *options,
                                      RapportNoticeText              *out,
                                      GError                        **error);
void      rapport_notice_text_clear  (RapportNoticeText              *self);

/* An RFC 6068 mailto: URI: "mailto:TO?subject=…&body=…". Every byte
 * outside RFC 3986's unreserved set is percent-encoded as UTF-8 (spaces
 * as %20, never '+'; '@' kept in the address), line breaks in @body as
 * %0D%0A, any in @subject as a space. @to_email NULL: no recipient. */
char     *rapport_notice_mailto      (const char                     *to_email,
                                      const char                     *subject,
                                      const char                     *body);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportNoticeText, rapport_notice_text_clear)

G_END_DECLS
