/* rapport-validate.c
 *
 * Field validation shared by the store, the importer and the UI.
 *
 * Conventions:
 *  - Functions that only answer yes or no (email, time zone, currency,
 *    country) check the value exactly as given; they never trim it.
 *  - Functions that return a normalized value or a number (language tag,
 *    money) ignore leading and trailing white space.
 *  - Phone numbers are read by libphonenumber: see rapport-phone.h.
 *  - Every failure is RAPPORT_ERROR_INVALID with a message that starts with
 *    the field name.
 *  - Values come from users, CSV files and servers, so any length: each
 *    function refuses a value longer than its field can be before any
 *    other work, and a message shows at most the first SHOWN_MAX_CHARS
 *    characters of a value. Every check is linear in the length.
 */

#define G_LOG_DOMAIN "rapport-validate"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-validate.h"

#define EMAIL_MAX_CHARS       254
#define EMAIL_LOCAL_MAX_CHARS 64
#define DOMAIN_LABEL_MAX      63
#define SUBTAG_MAX            8
#define LANGUAGE_TAG_MAX      64
#define PHONE_MAX_CHARS       64
#define MONEY_MAX_CHARS       64
#define TIME_ZONE_MAX         255
#define SHOWN_MAX_CHARS       64

char *
rapport_validate_dup_shown (const char *value)
{
  gsize n_bytes;
  g_autofree char *valid = NULL;
  const char *end;

  g_return_val_if_fail (value != NULL, NULL);

  n_bytes = strnlen (value, SHOWN_MAX_CHARS * 4 + 1);
  valid = g_utf8_make_valid (value, n_bytes);
  end = valid;

  for (guint i = 0; i < SHOWN_MAX_CHARS && *end != '\0'; i++)
    end = g_utf8_next_char (end);

  if (*end == '\0' && value[n_bytes] == '\0')
    return g_steal_pointer (&valid);

  return g_strdup_printf ("%.*s…", (int) (end - valid), valid);
}

/* Whether the @n_bytes at @start (UTF-8 or not) hold more than
 * @max_chars characters; reads at most 4 * @max_chars bytes. */
static gboolean
is_too_long (const char *start,
             gsize       n_bytes,
             gsize       max_chars)
{
  return n_bytes > max_chars * 4 ||
         (n_bytes > max_chars && g_utf8_strlen (start, n_bytes) > (glong) max_chars);
}

/* The part of @value without leading and trailing ASCII white space (as
 * g_strstrip() would leave it), without copying @value. */
static const char *
strip_range (const char *value,
             gsize      *n_bytes)
{
  gsize length;

  while (g_ascii_isspace (*value))
    value++;
  length = strlen (value);
  while (length > 0 && g_ascii_isspace (value[length - 1]))
    length--;

  *n_bytes = length;
  return value;
}

/* Values that are not UTF-8 must not end up in a message as they are. */
gboolean
rapport_validate_utf8 (const char  *value,
                       const char  *field,
                       GError     **error)
{
  g_autofree char *shown = NULL;

  if (g_utf8_validate (value, -1, NULL))
    return TRUE;

  shown = rapport_validate_dup_shown (value);
  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               /* Translators: the first %s is a field name, the second
                * the text that was entered. */
               _("%s: “%s” is not valid UTF-8 text"), field, shown);
  return FALSE;
}

/* A copy of @value without leading and trailing white space, or NULL
 * when that is longer than @max_chars characters. */
static char *
strip_copy (const char *value,
            gsize       max_chars)
{
  gsize n_bytes;
  const char *start = strip_range (value, &n_bytes);

  if (is_too_long (start, n_bytes, max_chars))
    return NULL;

  return g_strndup (start, n_bytes);
}

/* Email --------------------------------------------------------------- */

/* The characters RFC 5322 allows in an unquoted (dot-atom) local part,
 * apart from letters, digits and '.'. Quoted local parts are not
 * accepted: nobody types them into a CRM. */
static gboolean
is_local_part_ascii (char c)
{
  return g_ascii_isalnum (c) ||
         (c != '\0' && strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static gboolean
is_visible_unichar (gunichar c)
{
  return !g_unichar_isspace (c) &&
         !g_unichar_iscntrl (c) &&
         g_unichar_type (c) != G_UNICODE_FORMAT &&
         g_unichar_type (c) != G_UNICODE_LINE_SEPARATOR &&
         g_unichar_type (c) != G_UNICODE_PARAGRAPH_SEPARATOR;
}

static gboolean
email_local_part_is_valid (const char *start,
                           const char *end)
{
  const char *p;
  gsize n_chars = 0;

  if (start == end || *start == '.' || end[-1] == '.')
    return FALSE;

  for (p = start; p < end; p = g_utf8_next_char (p))
    {
      n_chars++;

      if ((guchar) *p < 0x80)
        {
          if (*p == '.')
            {
              if (p[1] == '.')
                return FALSE;
            }
          else if (!is_local_part_ascii (*p))
            return FALSE;
        }
      else if (!is_visible_unichar (g_utf8_get_char (p)))
        return FALSE;
    }

  return n_chars <= EMAIL_LOCAL_MAX_CHARS;
}

static gboolean
is_domain_unichar (gunichar c)
{
  /* Internationalized domain names: letters and digits of any script,
   * the combining marks they need, and the joiners IDNA allows. */
  return g_unichar_isalnum (c) ||
         g_unichar_ismark (c) ||
         c == 0x200C || c == 0x200D;
}

static gboolean
domain_is_valid (const char *domain)
{
  g_auto(GStrv) labels = g_strsplit (domain, ".", -1);
  guint n_labels = g_strv_length (labels);
  const char *tld;
  gboolean tld_all_digits = TRUE;
  guint i;

  if (n_labels < 2)
    return FALSE;

  for (i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);
      const char *p;

      if (len == 0 || len > DOMAIN_LABEL_MAX)
        return FALSE;
      if (label[0] == '-' || label[len - 1] == '-')
        return FALSE;

      for (p = label; *p != '\0'; p = g_utf8_next_char (p))
        {
          if ((guchar) *p < 0x80)
            {
              if (!g_ascii_isalnum (*p) && *p != '-')
                return FALSE;
            }
          else if (!is_domain_unichar (g_utf8_get_char (p)))
            return FALSE;
        }
    }

  tld = labels[n_labels - 1];
  if (g_utf8_strlen (tld, -1) < 2)
    return FALSE;
  for (i = 0; tld[i] != '\0'; i++)
    if (!g_ascii_isdigit (tld[i]))
      tld_all_digits = FALSE;

  return !tld_all_digits;
}

/* A practical check, not full RFC 5322: exactly one '@'; a local part of
 * at most 64 characters made of letters (any script), digits and
 * !#$%&'*+-/=?^_`{|}~ with single dots between them; a domain of at
 * least two dot-separated labels of letters (any script), digits and
 * inner hyphens, each at most 63 bytes, whose last label (the TLD) has
 * at least two characters and is not all digits; at most 254 characters
 * in all. */
gboolean
rapport_validate_email (const char  *value,
                        const char  *field,
                        GError     **error)
{
  const char *at;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*value == '\0')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name. */
                   _("%s: the email address is empty"), field);
      return FALSE;
    }

  if (is_too_long (value, strlen (value), EMAIL_MAX_CHARS))
    {
      g_autofree char *shown = rapport_validate_dup_shown (value);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: the first %s is a field name,
                                 * the second the address that was entered;
                                 * %d is the largest length allowed. */
                                "%s: “%s” is not a valid email address (it is longer than %d character)",
                                "%s: “%s” is not a valid email address (it is longer than %d characters)",
                                EMAIL_MAX_CHARS),
                   field, shown, EMAIL_MAX_CHARS);
      return FALSE;
    }

  if (!rapport_validate_utf8 (value, field, error))
    return FALSE;

  at = strchr (value, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL ||
      !email_local_part_is_valid (value, at) ||
      !domain_is_valid (at + 1))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the address that was entered. */
                   _("%s: “%s” is not a valid email address"), field, value);
      return FALSE;
    }

  return TRUE;
}

/* Language tag -------------------------------------------------------- */

static gboolean
all_chars (const char *s,
           gboolean  (*pred) (gchar c))
{
  for (; *s != '\0'; s++)
    if (!pred (*s))
      return FALSE;
  return TRUE;
}

static gboolean
is_alpha (gchar c)
{
  return g_ascii_isalpha (c);
}

static gboolean
is_digit (gchar c)
{
  return g_ascii_isdigit (c);
}

static gboolean
is_alnum (gchar c)
{
  return g_ascii_isalnum (c);
}

static gboolean
subtag_is (const char *s,
           gsize       min_len,
           gsize       max_len,
           gboolean  (*pred) (gchar c))
{
  gsize len = strlen (s);

  return len >= min_len && len <= max_len && all_chars (s, pred);
}

static void
ascii_lower (char *s)
{
  for (; *s != '\0'; s++)
    *s = g_ascii_tolower (*s);
}

static void
ascii_upper (char *s)
{
  for (; *s != '\0'; s++)
    *s = g_ascii_toupper (*s);
}

static gboolean
strv_contains_before (char       **strv,
                      guint        end,
                      const char  *s)
{
  guint i;

  for (i = 0; i < end; i++)
    if (strcmp (strv[i], s) == 0)
      return TRUE;
  return FALSE;
}

/* A hand-written parser for the RFC 5646 "langtag" and "privateuse"
 * productions:
 *
 *   language  2-3 letters followed by up to three 3-letter extlangs,
 *             or 4-8 letters
 *   script    4 letters                          (title case)
 *   region    2 letters or 3 digits               (upper case)
 *   variant   5-8 alphanumerics, or a digit and 3 alphanumerics
 *   extension a singleton other than "x" and one or more 2-8 alphanumerics
 *   privateuse "x" and one or more 1-8 alphanumerics
 *
 * Also refuses a repeated variant or extension singleton (RFC 5646
 * sections 2.2.5 and 2.2.6). Irregular grandfathered tags ("i-klingon")
 * are not supported. On success, @subtags are in canonical case. The
 * caller bounds the tag (LANGUAGE_TAG_MAX), which bounds the pairwise
 * comparison of variants. */
static gboolean
language_subtags_canonicalize (char **subtags)
{
  guint n = g_strv_length (subtags);
  guint i = 0;
  guint first_variant;
  char singletons[40] = "";
  guint n_singletons = 0;

  if (n == 0)
    return FALSE;

  for (i = 0; i < n; i++)
    {
      if (!subtag_is (subtags[i], 1, SUBTAG_MAX, is_alnum))
        return FALSE;
      ascii_lower (subtags[i]);
    }
  i = 0;

  if (strcmp (subtags[0], "x") != 0)
    {
      /* language */
      if (!subtag_is (subtags[0], 2, 8, is_alpha))
        return FALSE;
      i = 1;

      /* extlang */
      if (strlen (subtags[0]) <= 3)
        {
          guint n_extlang = 0;

          while (i < n && n_extlang < 3 && subtag_is (subtags[i], 3, 3, is_alpha))
            {
              i++;
              n_extlang++;
            }
        }

      /* script */
      if (i < n && subtag_is (subtags[i], 4, 4, is_alpha))
        {
          subtags[i][0] = g_ascii_toupper (subtags[i][0]);
          i++;
        }

      /* region */
      if (i < n && (subtag_is (subtags[i], 2, 2, is_alpha) ||
                    subtag_is (subtags[i], 3, 3, is_digit)))
        {
          ascii_upper (subtags[i]);
          i++;
        }

      /* variants */
      first_variant = i;
      while (i < n && (strlen (subtags[i]) >= 5 ||
                       (strlen (subtags[i]) == 4 && g_ascii_isdigit (subtags[i][0]))))
        {
          if (strv_contains_before (subtags + first_variant, i - first_variant, subtags[i]))
            return FALSE;
          i++;
        }

      /* extensions */
      while (i < n && strlen (subtags[i]) == 1 && strcmp (subtags[i], "x") != 0)
        {
          guint start;

          if (strchr (singletons, subtags[i][0]) != NULL)
            return FALSE;
          singletons[n_singletons++] = subtags[i][0];
          i++;

          start = i;
          while (i < n && strlen (subtags[i]) >= 2)
            i++;
          if (i == start)
            return FALSE;
        }
    }

  /* private use */
  if (i < n && strcmp (subtags[i], "x") == 0)
    {
      i++;
      if (i == n)
        return FALSE;
      i = n;
    }

  return i == n;
}

static char *
language_tag_canonicalize (const char *tag)
{
  g_auto(GStrv) subtags = NULL;

  if (*tag == '\0')
    return NULL;

  subtags = g_strsplit (tag, "-", -1);
  if (!language_subtags_canonicalize (subtags))
    return NULL;

  return g_strjoinv ("-", subtags);
}

char *
rapport_language_tag_normalize (const char  *value,
                                const char  *field,
                                GError     **error)
{
  g_autofree char *text = NULL;
  char *result;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Before anything else: a tag from a file or a server may be
   * megabytes long. */
  text = strip_copy (value, LANGUAGE_TAG_MAX);
  if (text == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %s is a field name, %d the
                                 * largest length allowed. */
                                "%s: the language tag is too long (a language tag has at most %d character)",
                                "%s: the language tag is too long (a language tag has at most %d characters)",
                                LANGUAGE_TAG_MAX),
                   field, LANGUAGE_TAG_MAX);
      return NULL;
    }

  if (!rapport_validate_utf8 (text, field, error))
    return NULL;

  if (*text == '\0')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name. */
                   _("%s: the language tag is empty"), field);
      return NULL;
    }

  result = language_tag_canonicalize (text);
  if (result != NULL)
    return result;

  if (strchr (text, '_') != NULL)
    {
      g_autofree char *hyphenated = g_strdelimit (g_strdup (text), "_", '-');
      g_autofree char *suggestion = language_tag_canonicalize (hyphenated);

      if (suggestion != NULL)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       /* Translators: the first %s is a field name, the
                        * second the tag that was entered, the third the same
                        * tag written with hyphens ("en_NG" -> "en-NG"). */
                       _("%s: “%s” is not a valid language tag (use a hyphen instead of an underscore: “%s”)"),
                       field, text, suggestion);
          return NULL;
        }
    }

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               /* Translators: the first %s is a field name, the second the
                * tag that was entered. Keep the examples as they are. */
               _("%s: “%s” is not a valid language tag (such as “en”, “pt-BR” or “zh-Hant-TW”)"),
               field, text);
  return NULL;
}

/* Time zone ----------------------------------------------------------- */

static gboolean
time_zone_name_is_well_formed (const char *value)
{
  const char *p;

  if (!g_ascii_isalpha (value[0]) || strlen (value) > TIME_ZONE_MAX)
    return FALSE;

  for (p = value; *p != '\0'; p++)
    {
      if (*p == '/')
        {
          /* No empty components: "Europe//Berlin", "Europe/". */
          if (p[1] == '/' || p[1] == '\0')
            return FALSE;
        }
      else if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '+')
        return FALSE;
    }

  /* Files in the zoneinfo directory that are not IANA zone names. */
  if (g_str_has_prefix (value, "posix/") || g_str_has_prefix (value, "right/") ||
      strcmp (value, "localtime") == 0 || strcmp (value, "posixrules") == 0)
    return FALSE;

  return TRUE;
}

#ifdef G_OS_UNIX
/* GLib reads zones from $TZDIR or the system zoneinfo directory, but when
 * there is no such file it also takes POSIX TZ rules such as "GMT+3" or
 * "EST5". Those are not IANA names, so the file has to exist and be a
 * compiled zone ("TZif" magic). */
static gboolean
time_zone_file_exists (const char *identifier)
{
  const char *dir = g_getenv ("TZDIR");
  g_autofree char *path = NULL;
  char magic[4];
  gboolean ok;
  FILE *file;

  if (dir == NULL || *dir == '\0')
    {
      if (g_file_test ("/usr/share/zoneinfo", G_FILE_TEST_IS_DIR))
        dir = "/usr/share/zoneinfo";
      else if (g_file_test ("/usr/share/lib/zoneinfo", G_FILE_TEST_IS_DIR))
        dir = "/usr/share/lib/zoneinfo";
      else
        dir = "/usr/share/zoneinfo";
    }

  path = g_build_filename (dir, identifier, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;

  file = fopen (path, "rb");
  if (file == NULL)
    return FALSE;
  ok = fread (magic, 1, sizeof magic, file) == sizeof magic &&
       memcmp (magic, "TZif", sizeof magic) == 0;
  fclose (file);

  return ok;
}
#endif

/* Valid: "UTC", or a name made of ASCII letters, digits, '/', '_', '-' and
 * '+' that starts with a letter, that GLib can load and, on Unix, that is a
 * compiled zone in the system's time zone database (so "Etc/GMT+3" is
 * accepted but the POSIX rule "GMT+3" is not). Names are case-sensitive. */
/* Loading a zone reads its file; an import checks the same few zones on
 * every row, so remember the ones found good (zones do not disappear
 * while we run). */
static GMutex known_zones_lock;
static GHashTable *known_zones;

static gboolean
time_zone_is_known (const char *value)
{
  gboolean known;

  g_mutex_lock (&known_zones_lock);
  known = known_zones != NULL && g_hash_table_contains (known_zones, value);
  g_mutex_unlock (&known_zones_lock);

  return known;
}

static void
time_zone_remember (const char *value)
{
  g_mutex_lock (&known_zones_lock);
  if (known_zones == NULL)
    known_zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_size (known_zones) < 1024)
    g_hash_table_add (known_zones, g_strdup (value));
  g_mutex_unlock (&known_zones_lock);
}

gboolean
rapport_validate_time_zone (const char  *value,
                            const char  *field,
                            GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  gboolean ok;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*value == '\0')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name. */
                   _("%s: the time zone is empty"), field);
      return FALSE;
    }

  /* No zone name is longer; nothing else looks at a longer value. */
  ok = strnlen (value, TIME_ZONE_MAX + 1) <= TIME_ZONE_MAX;

  if (ok && !rapport_validate_utf8 (value, field, error))
    return FALSE;

  if (ok && (strcmp (value, "UTC") == 0 || time_zone_is_known (value)))
    return TRUE;

  ok = ok && time_zone_name_is_well_formed (value);
  if (ok)
    {
      tz = g_time_zone_new_identifier (value);
      ok = tz != NULL;
    }
#ifdef G_OS_UNIX
  if (ok)
    ok = time_zone_file_exists (value);
#endif

  if (!ok)
    {
      g_autofree char *shown = rapport_validate_dup_shown (value);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. Keep the examples as they
                    * are. */
                   _("%s: “%s” is not a known time zone (use a name such as “Africa/Lagos”, “Europe/Berlin” or “UTC”)"),
                   field, shown);
      return FALSE;
    }

  time_zone_remember (value);
  return TRUE;
}

/* Currency ------------------------------------------------------------ */

typedef struct
{
  char code[4];
  int  exponent;
} CurrencyInfo;

/* ISO 4217 List One, active codes as of 2025, sorted by code, with their
 * minor unit. Codes without a minor unit (precious metals, SDR, bond
 * market units, the testing and "no currency" codes) are left out. ANG
 * and SLL are kept while XCG and SLE replace them. */
static const CurrencyInfo currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 },
  { "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 },
  { "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 },
  { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
  { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
  { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
  { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 },
  { "COU", 2 }, { "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 },
  { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 },
  { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 },
  { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 },
  { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
  { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 },
  { "INR", 2 }, { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 },
  { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 },
  { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 },
  { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 },
  { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
  { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 },
  { "MUR", 2 }, { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 },
  { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 },
  { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 },
  { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 },
  { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
  { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 },
  { "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SLL", 2 },
  { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 },
  { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 },
  { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 },
  { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 },
  { "UYI", 0 }, { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 },
  { "VES", 2 }, { "VND", 0 }, { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 },
  { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 }, { "XPF", 0 }, { "YER", 2 },
  { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
};

/* ISO 3166-1 alpha-2, all 249 officially assigned codes, sorted. */
static const char countries[][3] = {
  "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT",
  "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI",
  "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
  "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
  "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
  "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
  "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
  "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
  "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
  "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
  "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS",
  "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
  "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW",
  "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
  "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
  "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
  "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
  "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
  "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
  "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
  "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};

/* The lookups rely on sorted tables; check that once so that a badly
 * placed new entry fails the tests instead of silently not matching. */
static void
check_tables_sorted (void)
{
  static gsize checked = 0;

  if (g_once_init_enter (&checked))
    {
      gsize i;

      for (i = 1; i < G_N_ELEMENTS (currencies); i++)
        g_assert (strcmp (currencies[i - 1].code, currencies[i].code) < 0);
      for (i = 1; i < G_N_ELEMENTS (countries); i++)
        g_assert (strcmp (countries[i - 1], countries[i]) < 0);

      g_once_init_leave (&checked, 1);
    }
}

static int
compare_code (const void *key,
              const void *element)
{
  /* Both tables start each element with the NUL-terminated code. */
  return strcmp (key, element);
}

/* Copies @code upper-cased into @buf if it is exactly @len ASCII letters. */
static gboolean
code_to_upper (const char *code,
               gsize       len,
               char       *buf)
{
  gsize i;

  for (i = 0; i < len; i++)
    {
      if (!g_ascii_isalpha (code[i]))
        return FALSE;
      buf[i] = g_ascii_toupper (code[i]);
    }
  buf[len] = '\0';

  return code[len] == '\0';
}

static int
lookup_currency_exponent (const char *code)
{
  char key[4];
  const CurrencyInfo *info;

  check_tables_sorted ();

  if (!code_to_upper (code, 3, key))
    return -1;

  info = bsearch (key, currencies, G_N_ELEMENTS (currencies),
                  sizeof currencies[0], compare_code);

  return info != NULL ? info->exponent : -1;
}

/* Any case is accepted ("eur"); callers store the code upper-cased.
 * Returns 0, 2, 3, or 4 (the fund units CLF and UYW). */
int
rapport_currency_exponent (const char  *code,
                           const char  *field,
                           GError     **error)
{
  int exponent;

  g_return_val_if_fail (code != NULL, -1);
  g_return_val_if_fail (field != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* lookup_currency_exponent reads four bytes at most. */
  exponent = lookup_currency_exponent (code);
  if (exponent < 0)
    {
      g_autofree char *shown = rapport_validate_dup_shown (code);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. */
                   _("%s: “%s” is not an ISO 4217 currency code (such as EUR or NGN)"),
                   field, shown);
      return -1;
    }

  return exponent;
}

/* Any case is accepted ("ng"); callers store the code upper-cased. */
gboolean
rapport_validate_country (const char  *code,
                          const char  *field,
                          GError     **error)
{
  char key[3];

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_tables_sorted ();

  /* code_to_upper reads three bytes at most. */
  if (!code_to_upper (code, 2, key) ||
      bsearch (key, countries, G_N_ELEMENTS (countries),
               sizeof countries[0], compare_code) == NULL)
    {
      g_autofree char *shown = rapport_validate_dup_shown (code);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. */
                   _("%s: “%s” is not an ISO 3166 country code (such as NG or DE)"),
                   field, shown);
      return FALSE;
    }

  return TRUE;
}

/* Money --------------------------------------------------------------- */

/* *value = *value * 10 + digit, or FALSE if that does not fit. */
static gboolean
append_digit (gint64 *value,
              int     digit)
{
  if (*value > (G_MAXINT64 - digit) / 10)
    return FALSE;
  *value = *value * 10 + digit;
  return TRUE;
}

/* Accepted: optional white space around; one or more digits, optionally
 * grouped by ',' into thousands (the first group 1 to 3 digits, every
 * other group exactly 3); then optionally '.' and one or more decimals,
 * no more than the currency's minor unit allows. "1,20" (a decimal
 * comma), signs, currency symbols, ".5" and "5." are refused. */
gboolean
rapport_parse_money (const char  *text,
                     const char  *currency,
                     const char  *field,
                     gint64      *minor_units,
                     GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *shown = NULL;
  const char *p;
  gint64 value = 0;
  int exponent;
  int n_decimals = 0;
  gsize group_len = 0;
  gboolean grouped = FALSE;
  gboolean overflow = FALSE;
  int i;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (minor_units != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  exponent = rapport_currency_exponent (currency, field, error);
  if (exponent < 0)
    return FALSE;

  copy = strip_copy (text, MONEY_MAX_CHARS);
  if (copy == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %s is a field name, %d the
                                 * largest length allowed. */
                                "%s: the amount is too long (it may have at most %d character)",
                                "%s: the amount is too long (it may have at most %d characters)",
                                MONEY_MAX_CHARS),
                   field, MONEY_MAX_CHARS);
      return FALSE;
    }

  if (!rapport_validate_utf8 (text, field, error))
    return FALSE;

  /* Messages show the amount as entered, within bounds. */
  shown = rapport_validate_dup_shown (text);
  text = shown;
  p = copy;

  if (*p == '\0')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name. */
                   _("%s: the amount is empty"), field);
      return FALSE;
    }

  if (*p == '-')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the amount that was entered. */
                   _("%s: “%s” is negative (amounts must be zero or more)"),
                   field, text);
      return FALSE;
    }

  /* Integer part with optional thousands separators. */
  while (g_ascii_isdigit (*p) || *p == ',')
    {
      if (*p == ',')
        {
          if (group_len == 0 || (grouped ? group_len != 3 : group_len > 3))
            goto syntax_error;
          grouped = TRUE;
          group_len = 0;
        }
      else
        {
          overflow |= !append_digit (&value, *p - '0');
          group_len++;
        }
      p++;
    }
  if (group_len == 0 || (grouped && group_len != 3))
    goto syntax_error;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        goto syntax_error;
      while (g_ascii_isdigit (*p))
        {
          if (n_decimals < exponent)
            overflow |= !append_digit (&value, *p - '0');
          n_decimals++;
          p++;
        }
    }

  if (*p != '\0')
    goto syntax_error;

  if (n_decimals > exponent)
    {
      g_autofree char *code = g_ascii_strup (currency, -1);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: the first %s is a field name,
                                 * the second the amount that was entered, the
                                 * third a currency code such as EUR; %d is the
                                 * number of decimals the currency has. */
                                "%s: “%s” has too many decimals (%s has %d decimal place)",
                                "%s: “%s” has too many decimals (%s has %d decimal places)",
                                exponent),
                   field, text, code, exponent);
      return FALSE;
    }

  for (i = n_decimals; i < exponent; i++)
    overflow |= !append_digit (&value, 0);

  if (overflow)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the amount that was entered. */
                   _("%s: “%s” is too large"), field, text);
      return FALSE;
    }

  *minor_units = value;
  return TRUE;

syntax_error:
  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               /* Translators: the first %s is a field name, the second the
                * amount that was entered. Keep the examples as they are. */
               _("%s: “%s” is not an amount (write it like 1200.50 or 1,200.50)"),
               field, text);
  return FALSE;
}

/* An unknown currency is a programming error: amounts are only stored
 * with a validated currency. Negative amounts (totals, differences) are
 * formatted with a leading '-'. */
char *
rapport_format_money_plain (gint64       minor_units,
                            const char  *currency)
{
  guint64 magnitude;
  guint64 scale = 1;
  int exponent;
  int i;

  g_return_val_if_fail (currency != NULL, NULL);

  exponent = lookup_currency_exponent (currency);
  g_return_val_if_fail (exponent >= 0, NULL);

  /* Negate in unsigned arithmetic so that G_MININT64 works too. */
  magnitude = minor_units < 0 ? -(guint64) minor_units : (guint64) minor_units;
  for (i = 0; i < exponent; i++)
    scale *= 10;

  if (exponent == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT,
                            minor_units < 0 ? "-" : "", magnitude);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          minor_units < 0 ? "-" : "",
                          magnitude / scale, exponent, magnitude % scale);
}
