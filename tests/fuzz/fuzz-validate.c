/* fuzz-validate.c
 *
 * The field validators (rapport-validate.h) and the parsers of what
 * users type for dates and durations (rapport-time.h) on arbitrary text:
 * a CSV file or a server's card can hold anything. Besides not crashing,
 * leaking or tripping a sanitizer, they keep these promises:
 *  - a refusal is RAPPORT_ERROR_INVALID with a message that starts with
 *    the field name, is valid UTF-8 and stays short whatever the input;
 *  - what normalizes normalizes again to itself (phone, language tag),
 *    within the bounds documented (a tag of at most 64 characters that
 *    ICU reads whole, a phone number of 3 to 17 digits);
 *  - an accepted currency or country is accepted upper-cased too, with
 *    the same answer; an amount parsed formats back to text that parses
 *    to the same amount;
 *  - a date parsed writes as "YYYY-MM-DD", which parses to itself; a
 *    duration formats to text that parses to the same seconds; a date and
 *    time parsed, written in ISO 8601 in UTC, parses to the same instant.
 * The input is cut at its first NUL, as C strings are.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <unicode/uloc.h>

#include "fuzz.h"
#include "rapport-error.h"
#include "rapport-time.h"
#include "rapport-phone.h"
#include "rapport-validate.h"

#define MESSAGE_MAX 1024

static GTimeZone *berlin;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() reached from input is a bug. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  berlin = g_time_zone_new_identifier ("Europe/Berlin");
  if (berlin == NULL)
    abort ();
  return 0;
}

static void
check_refusal (const GError *error,
               const char   *field)
{
  FUZZ_CHECK (g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID),
              "%s: refused with another error: %s", field, error != NULL ? error->message : "none");
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "%s: message not UTF-8", field);
  FUZZ_CHECK (g_str_has_prefix (error->message, field) && error->message[strlen (field)] == ':',
              "%s: message does not name the field: %s", field, error->message);
  FUZZ_CHECK (strlen (error->message) < MESSAGE_MAX, "%s: message of %zu bytes", field, strlen (error->message));
}

static void
check_email (const char *text)
{
  g_autoptr(GError) error = NULL;

  if (rapport_validate_email (text, "email", &error))
    FUZZ_CHECK (g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= 254 &&
                strchr (text, '@') != NULL, "accepted: %s", text);
  else
    check_refusal (error, "email");
}

static void
check_phone (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autoptr(RapportPhone) phone = rapport_phone_parse (text, "DE", "phone", &error);
  g_autoptr(RapportPhone) again = NULL;
  const char *e164;

  if (phone == NULL)
    {
      check_refusal (error, "phone");
      return;
    }

  /* An E.164 form is "+" and digits, and reads as itself. */
  e164 = rapport_phone_get_e164 (phone);
  FUZZ_CHECK (e164[0] == '+', "“%s” gives “%s”", text, e164);
  for (const char *p = e164 + 1; *p != '\0'; p++)
    FUZZ_CHECK (g_ascii_isdigit (*p), "“%s” in “%s”", p, e164);

  /* libphonenumber also reads garbage as some number ("amarae-a000…"
   * as a vanity number, "+49 0000…" whose zeros it drops when read
   * again); what Rapport relies on is that a valid one reads back as
   * itself (the store keeps what was typed and compares what it reads). */
  if (!rapport_phone_is_valid (phone))
    return;

  again = rapport_phone_parse (e164, NULL, "phone", &again_error);
  FUZZ_CHECK (again != NULL, "“%s” gives “%s”, which is refused: %s", text, e164,
              again_error != NULL ? again_error->message : "");
  FUZZ_CHECK (strcmp (e164, rapport_phone_get_e164 (again)) == 0,
              "“%s” gives “%s”, then “%s”", text, e164, rapport_phone_get_e164 (again));
}

static void
check_language (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *tag = rapport_language_tag_normalize (text, "language", &error);
  g_autofree char *again = NULL;
  char locale[ULOC_FULLNAME_CAPACITY];
  UErrorCode status = U_ZERO_ERROR;
  int32_t parsed = 0;

  if (tag == NULL)
    {
      check_refusal (error, "language");
      return;
    }

  FUZZ_CHECK (strlen (tag) <= 64, "a tag of %zu bytes", strlen (tag));
  again = rapport_language_tag_normalize (tag, "language", &again_error);
  FUZZ_CHECK (again != NULL && strcmp (tag, again) == 0, "normalizing “%s” twice: “%s”, then “%s”",
              text, tag, again != NULL ? again : again_error->message);

  /* What we call well-formed ICU reads to the end (the catalogs and the
   * formatters rely on it). */
  uloc_forLanguageTag (tag, locale, sizeof locale, &parsed, &status);
  FUZZ_CHECK (U_SUCCESS (status) && parsed == (int32_t) strlen (tag),
              "ICU reads %d of the %zu bytes of “%s”: %s", parsed, strlen (tag), tag, u_errorName (status));
}

static void
check_zone (const char *text)
{
  g_autoptr(GError) error = NULL;

  /* Each new name costs a look at the zoneinfo folder. */
  if (rapport_validate_time_zone (text, "zone", &error))
    FUZZ_CHECK (rapport_validate_time_zone (text, "zone", NULL), "“%s” accepted once only", text);
  else
    check_refusal (error, "zone");
}

static void
check_codes (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) country_error = NULL;
  int exponent = rapport_currency_exponent (text, "currency", &error);

  if (exponent >= 0)
    {
      g_autofree char *upper = g_ascii_strup (text, -1);

      FUZZ_CHECK (exponent <= 4 && strlen (text) == 3, "currency “%s”: %d", text, exponent);
      FUZZ_CHECK (rapport_currency_exponent (upper, "currency", NULL) == exponent, "“%s” upper-cased", text);
    }
  else
    check_refusal (error, "currency");

  if (rapport_validate_country (text, "country", &country_error))
    {
      g_autofree char *upper = g_ascii_strup (text, -1);

      FUZZ_CHECK (strlen (text) == 2 && rapport_validate_country (upper, "country", NULL),
                  "country “%s”", text);
    }
  else
    check_refusal (country_error, "country");
}

static void
check_money (const char *text)
{
  static const char * const currencies[] = { "EUR", "JPY", "BHD", "CLF" };

  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *plain = NULL;
      gint64 units = -1, again = -1;

      if (!rapport_parse_money (text, currencies[i], "value", &units, &error))
        {
          check_refusal (error, "value");
          continue;
        }

      FUZZ_CHECK (units >= 0, "“%s” %s: %" G_GINT64_FORMAT, text, currencies[i], units);
      plain = rapport_format_money_plain (units, currencies[i]);
      FUZZ_CHECK (plain != NULL && rapport_parse_money (plain, currencies[i], "value", &again, NULL) &&
                  again == units,
                  "“%s” %s: %" G_GINT64_FORMAT " writes as “%s”, which reads as %" G_GINT64_FORMAT,
                  text, currencies[i], units, plain, again);
    }
}

static void
check_times (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) duration_error = NULL;
  g_autoptr(GDateTime) instant = NULL;
  char date[11], date_again[11];
  gint64 seconds = -1;

  if (rapport_parse_date (text, "date", date, NULL))
    {
      FUZZ_CHECK (strlen (date) == 10 && date[4] == '-' && date[7] == '-', "date “%s”", date);
      FUZZ_CHECK (rapport_parse_date (date, "date", date_again, NULL) && strcmp (date, date_again) == 0,
                  "“%s” gives “%s”, which does not give itself", text, date);
    }

  if (rapport_parse_duration (text, "duration", &seconds, &duration_error))
    {
      g_autofree char *written = NULL;
      gint64 again = -1;

      FUZZ_CHECK (seconds >= 0 && seconds <= 30 * 24 * 3600, "duration %" G_GINT64_FORMAT, seconds);
      written = rapport_format_duration (seconds);
      FUZZ_CHECK (rapport_parse_duration (written, "duration", &again, NULL) && again == seconds,
                  "%" G_GINT64_FORMAT " s writes as “%s”, which reads as %" G_GINT64_FORMAT,
                  seconds, written, again);
    }
  else
    check_refusal (duration_error, "duration");

  instant = rapport_parse_date_time (text, berlin, "due", &error);
  if (instant != NULL)
    {
      /* In UTC: a zone's offset before 1893 has seconds (LMT), which
       * nobody types and the parser does not take. */
      g_autoptr(GDateTime) utc = g_date_time_to_utc (instant);
      g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                                              g_date_time_get_year (utc), g_date_time_get_month (utc),
                                              g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                                              g_date_time_get_minute (utc), g_date_time_get_second (utc));
      g_autoptr(GDateTime) again = rapport_parse_date_time (iso, berlin, "due", NULL);

      FUZZ_CHECK (again != NULL && g_date_time_equal (instant, again),
                  "“%s” is %s, which does not read as the same instant", text, iso);
    }
  else
    check_refusal (error, "due");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_malloc (size + 1);

  memcpy (text, data, size);
  text[size] = '\0';

  check_email (text);
  check_phone (text);
  check_language (text);
  check_zone (text);
  check_codes (text);
  check_money (text);
  check_times (text);

  return 0;
}
