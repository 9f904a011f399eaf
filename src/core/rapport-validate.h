/* rapport-validate.h
 *
 * Field validation shared by the store, the importer and the UI. Each
 * function takes the name of the field being checked so that its GError
 * (RAPPORT_ERROR_INVALID) reads "FIELD: “VALUE” is not ...".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @value as an error message shows it: valid UTF-8, cut after 64
 * characters with "…" (a 10 MB value must not make a 10 MB message).
 * Reads at most a few hundred bytes of @value. */
char     *rapport_validate_dup_shown     (const char  *value);
/* Refuses text that is not valid UTF-8, showing a repaired copy. */
gboolean  rapport_validate_utf8          (const char  *value,
                                          const char  *field,
                                          GError     **error);
gboolean  rapport_validate_email         (const char  *value,
                                          const char  *field,
                                          GError     **error);
/* RFC 5646 well-formedness; returns the tag in canonical case
 * ("en-NG", "zh-Hant-TW", "sr-Latn") or NULL with an error. */
char     *rapport_language_tag_normalize (const char  *value,
                                          const char  *field,
                                          GError     **error);
/* An IANA time zone identifier known to the system ("Africa/Lagos",
 * "UTC"); bare offsets such as "+03:00" are refused. */
gboolean  rapport_validate_time_zone     (const char  *value,
                                          const char  *field,
                                          GError     **error);
/* ISO 4217 alphabetic code, in any case (store it upper case). Returns the
 * number of minor unit digits (0, 2, 3; 4 for the fund units CLF and UYW)
 * or -1 with an error. */
int       rapport_currency_exponent      (const char  *code,
                                          const char  *field,
                                          GError     **error);
/* ISO 3166-1 alpha-2, in any case (store it upper case). */
gboolean  rapport_validate_country       (const char  *code,
                                          const char  *field,
                                          GError     **error);
/* "1200", "1200.5", "1,200.00" (',' as thousands separator only when a
 * '.' decimal point follows or none is given) in the currency's minor
 * units. Refuses negative amounts, more decimals than the currency has
 * ("12.345" EUR, "5.0" JPY) and values that overflow a gint64. */
gboolean  rapport_parse_money            (const char  *text,
                                          const char  *currency,
                                          const char  *field,
                                          gint64      *minor_units,
                                          GError     **error);
/* "1200.00" for minor units in the currency (no grouping, '.' point,
 * '-' for negative values); the currency must be valid. */
char     *rapport_format_money_plain     (gint64       minor_units,
                                          const char  *currency);

G_END_DECLS
