/* rapport-locale.c
 *
 * ICU's number and date formatters, opened per call for the language tag
 * asked for: the process locale (LC_ALL, LANG) plays no part.
 */

#define G_LOG_DOMAIN "rapport-locale"

#include "config.h"

#include <string.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "rapport-locale.h"
#include "rapport-validate.h"

/* The ICU locale id ("de_CH", "ja_JP@calendar=japanese") for a
 * well-formed BCP 47 tag, into @out; FALSE for anything else. */
static gboolean
icu_locale_for_tag (const char *language_tag,
                    char        out[ULOC_FULLNAME_CAPACITY])
{
  g_autofree char *tag = NULL;
  UErrorCode status = U_ZERO_ERROR;
  int32_t parsed = 0;
  int32_t length;

  if (language_tag == NULL)
    return FALSE;

  tag = rapport_language_tag_normalize (language_tag, "language", NULL);
  if (tag == NULL)
    return FALSE;

  length = uloc_forLanguageTag (tag, out, ULOC_FULLNAME_CAPACITY, &parsed, &status);
  if (U_FAILURE (status) || status == U_STRING_NOT_TERMINATED_WARNING ||
      length <= 0 || parsed != (int32_t) strlen (tag))
    return FALSE;

  return TRUE;
}

/* Exactly "YYYY-MM-DD", a real day. */
static gboolean
parse_date (const char *text,
            guint      *year,
            guint      *month,
            guint      *day)
{
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  *year = (guint) g_ascii_strtoull (text, NULL, 10);
  *month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  *day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return g_date_valid_dmy (*day, *month, *year);
}

/* @text (@length UChars) as a new UTF-8 string, NULL on failure. */
static char *
utf16_to_utf8 (const UChar *text,
               int32_t      length)
{
  UErrorCode status = U_ZERO_ERROR;
  int32_t needed = 0;
  char *out;

  u_strToUTF8 (NULL, 0, &needed, text, length, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE (status))
    return NULL;

  status = U_ZERO_ERROR;
  out = g_malloc (needed + 1);
  u_strToUTF8 (out, needed + 1, NULL, text, length, &status);
  if (U_FAILURE (status))
    {
      g_free (out);
      return NULL;
    }

  return out;
}

char *
rapport_locale_format_money (gint64      minor_units,
                             const char *currency,
                             const char *language_tag)
{
  char locale[ULOC_FULLNAME_CAPACITY];
  g_autofree char *code = NULL;
  g_autofree char *decimal = NULL;
  g_autofree UChar *text = NULL;
  UChar ucode[4];
  UNumberFormat *format;
  UErrorCode status = U_ZERO_ERROR;
  int32_t length;
  int exponent;

  if (currency == NULL ||
      (exponent = rapport_currency_exponent (currency, "currency", NULL)) < 0 ||
      !icu_locale_for_tag (language_tag, locale))
    return NULL;

  code = g_ascii_strup (currency, -1);
  decimal = rapport_format_money_plain (minor_units, code);
  u_charsToUChars (code, ucode, 4);

  format = unum_open (UNUM_CURRENCY, NULL, 0, locale, NULL, &status);
  if (U_FAILURE (status))
    return NULL;

  unum_setTextAttribute (format, UNUM_CURRENCY_CODE, ucode, 3, &status);
  /* ICU's digits for a currency are CLDR's, not always ISO 4217's (IQD:
   * 0 against 3); ours are ISO's, so say them, and nothing is rounded. */
  unum_setAttribute (format, UNUM_MIN_FRACTION_DIGITS, exponent);
  unum_setAttribute (format, UNUM_MAX_FRACTION_DIGITS, exponent);

  length = unum_formatDecimal (format, decimal, -1, NULL, 0, NULL, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    {
      status = U_ZERO_ERROR;
      text = g_new0 (UChar, length + 1);
      length = unum_formatDecimal (format, decimal, -1, text, length + 1, NULL, &status);
    }
  unum_close (format);

  if (U_FAILURE (status) || text == NULL)
    return NULL;

  return utf16_to_utf8 (text, length);
}

char *
rapport_locale_format_date (const char *yyyy_mm_dd,
                            const char *language_tag)
{
  static const UChar utc[] = { 'U', 'T', 'C', 0 };
  char locale[ULOC_FULLNAME_CAPACITY];
  g_autofree UChar *text = NULL;
  UDateFormat *format;
  UCalendar *calendar;
  UErrorCode status = U_ZERO_ERROR;
  UErrorCode ignored = U_ZERO_ERROR;
  guint year, month, day;
  GDate date, epoch;
  UDate when;
  int32_t length;

  if (!parse_date (yyyy_mm_dd, &year, &month, &day) ||
      !icu_locale_for_tag (language_tag, locale))
    return NULL;

  g_date_clear (&date, 1);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&date, day, month, year);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  when = ((double) g_date_get_julian (&date) - (double) g_date_get_julian (&epoch)) * U_MILLIS_PER_DAY;

  format = udat_open (UDAT_NONE, UDAT_LONG, locale, utc, -1, NULL, 0, &status);
  if (U_FAILURE (status))
    return NULL;

  /* GDate is proleptic Gregorian; so is ICU's Gregorian calendar once its
   * Julian cut-over (1582) is moved out of the way. Other calendars
   * (Buddhist, Japanese) refuse the call, and need not care. */
  calendar = ucal_clone (udat_getCalendar (format), &status);
  if (U_SUCCESS (status))
    {
      ucal_setGregorianChange (calendar, -8.64e15, &ignored);
      if (U_SUCCESS (ignored))
        udat_setCalendar (format, calendar);
      ucal_close (calendar);
    }

  length = udat_format (format, when, NULL, 0, NULL, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    {
      status = U_ZERO_ERROR;
      text = g_new0 (UChar, length + 1);
      length = udat_format (format, when, text, length + 1, NULL, &status);
    }
  udat_close (format);

  if (U_FAILURE (status) || text == NULL)
    return NULL;

  return utf16_to_utf8 (text, length);
}
