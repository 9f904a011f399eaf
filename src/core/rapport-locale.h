/* rapport-locale.h
 *
 * Money and dates as a customer's locale writes them, through ICU and
 * independent of the process locale: a notice for a customer in Zürich
 * reads "CHF 1’234.50" while the user's session is in English.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @minor_units of @currency (ISO 4217, any case) written for
 * @language_tag (BCP 47, "de-CH"): "1.234,50 €" for de, "€1,234.50" for
 * en, "￥1,235" for ja with JPY. Exact: the amount goes to ICU as a
 * decimal string with the currency's ISO 4217 number of decimals, never
 * through a double. A well-formed tag ICU has no data for gets ICU's
 * root format ("€ 1234.50"). NULL when the currency or the tag is not
 * valid or ICU fails. */
char *rapport_locale_format_money (gint64      minor_units,
                                   const char *currency,
                                   const char *language_tag);

/* The calendar date @yyyy_mm_dd in @language_tag's long style:
 * "December 31, 2026" (en), "31 December 2026" (en-GB), "31. Dezember
 * 2026" (de), "2026年12月31日" (ja); in the locale's own calendar where it
 * has one (th: Buddhist era). Formatted in UTC, so the day never shifts
 * with the process's time zone. NULL when the date or the tag is not
 * valid or ICU fails. */
char *rapport_locale_format_date  (const char *yyyy_mm_dd,
                                   const char *language_tag);

G_END_DECLS
