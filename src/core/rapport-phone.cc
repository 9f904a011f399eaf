/* rapport-phone.cc
 *
 * The one C++ file of Rapport: libphonenumber has only a C++ API. Every
 * function here is extern "C", takes and returns plain C types, and no
 * C++ exception leaves it (a failure is NULL, FALSE or a GError).
 */

#define G_LOG_DOMAIN "rapport-phone"

#include "config.h"

#include <string.h>

#include <exception>
#include <new>
#include <string>

#include <glib/gi18n-lib.h>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "rapport-error.h"
#include "rapport-phone.h"
#include "rapport-validate.h"

/* More than any phone number has, spaces and an extension included. */
#define PHONE_MAX_CHARS 64

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

struct _RapportPhone
{
  PhoneNumber  number;
  char        *e164;
  char        *extension;
  char        *region;
  gboolean     possible;
  gboolean     valid;
};

static void
set_parse_error (GError                   **error,
                 PhoneNumberUtil::ErrorType code,
                 const char                *field,
                 const char                *typed,
                 gboolean                   have_region)
{
  g_autofree char *shown = rapport_validate_dup_shown (typed);

  typed = shown;
  switch (code)
    {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      if (have_region || typed[0] == '+')
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     /* Translators: the first %s is a field name, the
                      * second the number that was entered. */
                     _("%s: “%s” does not start with a known country code"),
                     field, typed);
      else
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     /* Translators: the first %s is a field name, the
                      * second the number that was entered. */
                     _("%s: “%s” needs its country code (such as +44), as no country is known for it"),
                     field, typed);
      break;

    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the
                    * second the number that was entered. */
                   _("%s: “%s” is too short for a phone number"),
                   field, typed);
      break;

    case PhoneNumberUtil::TOO_LONG_NSN:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the
                    * second the number that was entered. */
                   _("%s: “%s” is too long for a phone number"),
                   field, typed);
      break;

    case PhoneNumberUtil::NOT_A_NUMBER:
    case PhoneNumberUtil::NO_PARSING_ERROR:
    default:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the
                    * second the text that was entered. */
                   _("%s: “%s” is not a phone number"),
                   field, typed);
      break;
    }
}

static gboolean
is_region_code (const char *region)
{
  return region != NULL && strlen (region) == 2 &&
         g_ascii_isalpha (region[0]) && g_ascii_isalpha (region[1]);
}

extern "C" RapportPhone *
rapport_phone_parse (const char  *typed,
                     const char  *default_region,
                     const char  *field,
                     GError     **error)
{
  g_return_val_if_fail (typed != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (typed, -1, NULL))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name. */
                   _("%s: the phone number is not valid text"), field);
      return NULL;
    }

  g_autofree char *stripped = g_strstrip (g_strdup (typed));
  if (*stripped == '\0')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name. */
                   _("%s: the phone number is empty"), field);
      return NULL;
    }

  if (g_utf8_strlen (stripped, PHONE_MAX_CHARS * 4 + 1) > PHONE_MAX_CHARS)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %s is a field name, %d the
                                 * largest length allowed. */
                                "%s: the phone number is too long (it may have at most %d character)",
                                "%s: the phone number is too long (it may have at most %d characters)",
                                PHONE_MAX_CHARS),
                   field, PHONE_MAX_CHARS);
      return NULL;
    }

  gboolean have_region = is_region_code (default_region);
  g_autofree char *region = have_region ? g_ascii_strup (default_region, -1) : g_strdup ("ZZ");

  try
    {
      const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
      RapportPhone *phone = g_new0 (RapportPhone, 1);
      std::string formatted;
      std::string number_region;
      PhoneNumberUtil::ErrorType code;

      /* The struct holds a C++ object: construct it in place. */
      new (&phone->number) PhoneNumber ();

      /* libphonenumber takes only ASCII spaces between digits; no-break
       * and narrow spaces (“+33 1 23”) are as common. */
      std::string text;
      for (const char *p = stripped; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c > 0x7f && (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR))
            text += ' ';
          else
            text.append (p, g_utf8_next_char (p) - p);
        }

      code = util->Parse (text, region, &phone->number);
      if (code != PhoneNumberUtil::NO_PARSING_ERROR)
        {
          rapport_phone_free (phone);
          set_parse_error (error, code, field, stripped, have_region);
          return NULL;
        }

      util->Format (phone->number, PhoneNumberUtil::E164, &formatted);
      phone->e164 = g_strdup (formatted.c_str ());
      if (phone->number.has_extension () && !phone->number.extension ().empty ())
        phone->extension = g_strdup (phone->number.extension ().c_str ());
      util->GetRegionCodeForNumber (phone->number, &number_region);
      if (number_region.size () == 2 && number_region != "ZZ")
        phone->region = g_strdup (number_region.c_str ());

      PhoneNumberUtil::ValidationResult possible = util->IsPossibleNumberWithReason (phone->number);
      phone->possible = possible == PhoneNumberUtil::IS_POSSIBLE ||
                        possible == PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY;
      phone->valid = util->IsValidNumber (phone->number);

      return phone;
    }
  catch (const std::exception &e)
    {
      g_warning ("libphonenumber failed on a number: %s", e.what ());
    }
  catch (...)
    {
      g_warning ("libphonenumber failed on a number");
    }

  g_autofree char *shown = rapport_validate_dup_shown (stripped);

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               _("%s: “%s” is not a phone number"), field, shown);
  return NULL;
}

extern "C" void
rapport_phone_free (RapportPhone *phone)
{
  if (phone == NULL)
    return;

  phone->number.~PhoneNumber ();
  g_free (phone->e164);
  g_free (phone->extension);
  g_free (phone->region);
  g_free (phone);
}

extern "C" const char *
rapport_phone_get_e164 (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, NULL);

  return phone->e164;
}

extern "C" const char *
rapport_phone_get_extension (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, NULL);

  return phone->extension;
}

extern "C" const char *
rapport_phone_get_region (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, NULL);

  return phone->region;
}

extern "C" gboolean
rapport_phone_is_possible (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, FALSE);

  return phone->possible;
}

extern "C" gboolean
rapport_phone_is_valid (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, FALSE);

  return phone->valid;
}

static char *
format (const RapportPhone                 *phone,
        PhoneNumberUtil::PhoneNumberFormat  style)
{
  try
    {
      std::string out;

      PhoneNumberUtil::GetInstance ()->Format (phone->number, style, &out);
      return g_strdup (out.c_str ());
    }
  catch (...)
    {
      return g_strdup (phone->e164);
    }
}

extern "C" char *
rapport_phone_format_international (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, NULL);

  return format (phone, PhoneNumberUtil::INTERNATIONAL);
}

extern "C" char *
rapport_phone_format_national (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, NULL);

  return format (phone, PhoneNumberUtil::NATIONAL);
}

extern "C" char *
rapport_phone_dup_key (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, NULL);

  if (phone->extension != NULL)
    return g_strdup_printf ("%s;ext=%s", phone->e164, phone->extension);

  return g_strdup (phone->e164);
}

static void
append_digits (GString    *out,
               const char *text)
{
  gsize start = out->len;

  if (out->len > 0)
    g_string_append_c (out, ' ');
  start = out->len;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  if (out->len == start && start > 0)
    g_string_truncate (out, start - 1);
}

extern "C" char *
rapport_phone_dup_search_words (const RapportPhone *phone)
{
  g_return_val_if_fail (phone != NULL, NULL);

  GString *out = g_string_new (NULL);

  try
    {
      const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
      PhoneNumber bare (phone->number);
      std::string national_significant;
      std::string national;

      bare.clear_extension ();
      util->GetNationalSignificantNumber (bare, &national_significant);
      util->Format (bare, PhoneNumberUtil::NATIONAL, &national);

      append_digits (out, phone->e164);
      if (!national_significant.empty ())
        append_digits (out, national_significant.c_str ());
      if (!national.empty () && national != national_significant)
        append_digits (out, national.c_str ());
    }
  catch (...)
    {
      g_string_truncate (out, 0);
      append_digits (out, phone->e164);
    }

  return g_string_free (out, FALSE);
}

/* "de_DE.UTF-8", "pt_BR@euro", "en_GB" */
static char *
region_of_locale (const char *locale)
{
  const char *underscore;

  if (locale == NULL || *locale == '\0')
    return NULL;

  underscore = strchr (locale, '_');
  if (underscore == NULL || !g_ascii_isalpha (underscore[1]) || !g_ascii_isalpha (underscore[2]) ||
      g_ascii_isalnum (underscore[3]))
    return NULL;

  return g_ascii_strup (underscore + 1, 2);
}

extern "C" char *
rapport_phone_dup_user_region (void)
{
  static const char * const variables[] = { "LC_ALL", "LC_TELEPHONE", "LC_ADDRESS", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      /* The first one set decides, as for setlocale (). */
      if (value != NULL && *value != '\0')
        return region_of_locale (value);
    }

  return NULL;
}

extern "C" char *
rapport_phone_dup_default_region (const char *country)
{
  if (is_region_code (country))
    return g_ascii_strup (country, -1);

  return rapport_phone_dup_user_region ();
}

extern "C" char *
rapport_phone_dup_key_for (const char *typed,
                           const char *default_region)
{
  g_autoptr(RapportPhone) phone = NULL;

  g_return_val_if_fail (typed != NULL, NULL);

  phone = rapport_phone_parse (typed, default_region, "phone", NULL);

  return phone != NULL ? rapport_phone_dup_key (phone) : NULL;
}

static char *
dialled_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || (*p == '+' && out->len == 0))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

extern "C" gboolean
rapport_phone_equal (const char *a,
                     const char *b,
                     const char *default_region)
{
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  key_a = rapport_phone_dup_key_for (a, default_region);
  key_b = rapport_phone_dup_key_for (b, default_region);

  if (key_a != NULL && key_b != NULL)
    return g_str_equal (key_a, key_b);
  if (key_a != NULL || key_b != NULL)
    return FALSE;

  g_free (key_a);
  g_free (key_b);
  key_a = dialled_digits (a);
  key_b = dialled_digits (b);

  return g_str_equal (key_a, key_b);
}

extern "C" char *
rapport_phone_format_for_display (const char *typed,
                                  const char *default_region,
                                  const char *user_region)
{
  g_autoptr(RapportPhone) phone = NULL;

  g_return_val_if_fail (typed != NULL, NULL);

  phone = rapport_phone_parse (typed, default_region, "phone", NULL);
  if (phone == NULL || !rapport_phone_is_possible (phone))
    return g_strdup (typed);

  if (phone->region != NULL && user_region != NULL &&
      g_ascii_strcasecmp (phone->region, user_region) == 0)
    return rapport_phone_format_national (phone);

  return rapport_phone_format_international (phone);
}

extern "C" RapportPhone *
rapport_phone_parse_typed (const char  *typed,
                           const char  *default_region,
                           const char  *field,
                           GError     **error)
{
  g_autoptr(RapportPhone) phone = NULL;

  g_return_val_if_fail (typed != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  phone = rapport_phone_parse (typed, default_region, field, error);
  if (phone == NULL)
    return NULL;

  if (!phone->possible)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (typed));

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the number that was entered. */
                   _("%s: “%s” has too few or too many digits for a phone number of its country"),
                   field, stripped);
      return NULL;
    }

  return g_steal_pointer (&phone);
}
