/* rapport-phone.h
 *
 * Phone numbers through libphonenumber: parsed once with a default
 * region for numbers written without their country code, then known by
 * their E.164 form ("+442079460958"), compared by it, and formatted for
 * their country. What the user typed is never replaced: the store keeps
 * it and writes it back; this only reads it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportPhone RapportPhone;

/* Parses @typed ("+44 (0)20 7946 0958", "030 1234567", "0800 123 x12").
 * @default_region (ISO 3166-1 alpha-2, any case, or NULL) is the country
 * of a number written without "+" or an international prefix. NULL with
 * RAPPORT_ERROR_INVALID, the message starting with @field, when the text
 * is not a phone number or no country can be told for it. A parsed
 * number may still be impossible (see rapport_phone_is_possible). */
RapportPhone *rapport_phone_parse           (const char          *typed,
                                             const char          *default_region,
                                             const char          *field,
                                             GError             **error);
/* What a user may type: rapport_phone_parse, and refused with
 * RAPPORT_ERROR_INVALID when the number has a length no number of its
 * country has. */
RapportPhone *rapport_phone_parse_typed     (const char          *typed,
                                             const char          *default_region,
                                             const char          *field,
                                             GError             **error);
void          rapport_phone_free            (RapportPhone        *phone);

/* "+442079460958", without the extension. */
const char   *rapport_phone_get_e164        (const RapportPhone  *phone);
/* "12" for "… ext. 12", else NULL. */
const char   *rapport_phone_get_extension   (const RapportPhone  *phone);
/* The number's country ("GB"); NULL for numbers of no single country
 * (+800, +882 ...) or that belong to no region. */
const char   *rapport_phone_get_region      (const RapportPhone  *phone);
/* A length some number of its country has. */
gboolean      rapport_phone_is_possible     (const RapportPhone  *phone);
/* In use in its country's numbering plan, as far as libphonenumber's
 * data knows. */
gboolean      rapport_phone_is_valid        (const RapportPhone  *phone);
/* "+44 20 7946 0958", "020 7946 0958"; with " ext. 12" when there is one. */
char         *rapport_phone_format_international (const RapportPhone *phone);
char         *rapport_phone_format_national (const RapportPhone  *phone);
/* What two numbers that reach the same line share: the E.164 form, and
 * ";ext=12" when there is an extension. */
char         *rapport_phone_dup_key         (const RapportPhone  *phone);
/* The words the search index holds for the number, separated by spaces:
 * the E.164 digits ("442079460958"), the national significant number
 * ("2079460958") and the digits of the national format ("02079460958"). */
char         *rapport_phone_dup_search_words (const RapportPhone *phone);

/* The region of the user's locale: LC_ALL, LC_TELEPHONE, LC_ADDRESS,
 * then LANG ("de_DE.UTF-8" is "DE"); NULL for "C", "POSIX" or none. */
char         *rapport_phone_dup_user_region (void);
/* @country when it is set, else the user's region. */
char         *rapport_phone_dup_default_region (const char    *country);

/* The comparison key of @typed (see rapport_phone_dup_key), or NULL when
 * it cannot be parsed with @default_region. */
char         *rapport_phone_dup_key_for     (const char          *typed,
                                             const char          *default_region);
/* One line: the same key; numbers that cannot be parsed are the same
 * when their digits (and a leading "+") are. */
gboolean      rapport_phone_equal           (const char          *a,
                                             const char          *b,
                                             const char          *default_region);
/* @typed formatted for its country: in the national format when the
 * number's region is @user_region, else in the international one;
 * @typed unchanged when it cannot be parsed with @default_region. */
char         *rapport_phone_format_for_display (const char       *typed,
                                                const char       *default_region,
                                                const char       *user_region);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportPhone, rapport_phone_free)

G_END_DECLS
