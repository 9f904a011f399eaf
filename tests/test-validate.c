/* test-validate.c */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "rapport-error.h"
#include "rapport-phone.h"
#include "rapport-validate.h"

typedef gboolean (*Validator) (const char  *value,
                               const char  *field,
                               GError     **error);
typedef char *(*Normalizer) (const char  *value,
                             const char  *field,
                             GError     **error);

typedef struct
{
  const char *input;
  const char *expected;
} Pair;

/* Test values may hold control characters or invalid UTF-8: escape those
 * before they go into the test log. */
static char *
shown (const char *value)
{
  const char *p;

  if (!g_utf8_validate (value, -1, NULL))
    return g_strescape (value, NULL);
  for (p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return g_strescape (value, NULL);

  return g_strdup (value);
}

/* Every failure must be RAPPORT_ERROR_INVALID, valid UTF-8, and start with
 * "FIELD: ". */
static void
assert_invalid_error (const GError *error,
                      const char   *field)
{
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, field));
  g_assert_cmpint (error->message[strlen (field)], ==, ':');
}

static void
check_accepts (Validator          validate,
               const char        *field,
               const char *const *values)
{
  for (; *values != NULL; values++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = shown (*values);
      gboolean ok;

      g_test_message ("should accept “%s”", display);
      ok = validate (*values, field, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
    }
}

static void
check_rejects (Validator          validate,
               const char        *field,
               const char *const *values)
{
  for (; *values != NULL; values++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = shown (*values);
      gboolean ok;

      g_test_message ("should refuse “%s”", display);
      ok = validate (*values, field, &error);
      g_assert_false (ok);
      assert_invalid_error (error, field);
    }
}

static void
check_normalizes (Normalizer  normalize,
                  const char *field,
                  const Pair *pairs,
                  gsize       n_pairs)
{
  gsize i;

  for (i = 0; i < n_pairs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = shown (pairs[i].input);
      g_autofree char *result = normalize (pairs[i].input, field, &error);

      g_test_message ("normalizing “%s”", display);
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, pairs[i].expected);
    }
}

static void
check_normalize_rejects (Normalizer         normalize,
                         const char        *field,
                         const char *const *values)
{
  for (; *values != NULL; values++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = NULL;
      g_autofree char *display = shown (*values);

      g_test_message ("should refuse “%s”", display);
      result = normalize (*values, field, &error);
      g_assert_null (result);
      assert_invalid_error (error, field);
    }
}

/* Email ---------------------------------------------------------------- */

static void
test_email_accepts_common (void)
{
  const char *values[] = {
    "amara@example.com",
    "amara.okafor@example.com.ng",
    "first+tag@sub.example.co",
    "o'brien@example.ie",
    "user_name-1@my-domain.org",
    "x@ex.io",
    "A.B@EXAMPLE.COM",
    "!#$%&'*+-/=?^_`{|}~@example.com",
    "info@123.example",
    "someone@xn--mller-kva.de",
    NULL
  };

  check_accepts (rapport_validate_email, "email", values);
}

static void
test_email_accepts_internationalized (void)
{
  const char *values[] = {
    "jürgen@müller.de",
    "用户@例子.广告",
    "δοκιμή@παράδειγμα.δοκιμή",
    "सम्पर्क@डाटामेल.भारत",
    "chinedu@ọ̀rọ̀.ng",
    NULL
  };

  check_accepts (rapport_validate_email, "email", values);
}

static void
test_email_rejects_empty (void)
{
  const char *values[] = { "", NULL };
  g_autoptr(GError) error = NULL;

  check_rejects (rapport_validate_email, "email", values);

  g_assert_false (rapport_validate_email ("", "email", &error));
  g_assert_cmpstr (error->message, ==, "email: the email address is empty");
}

static void
test_email_rejects_missing_at (void)
{
  const char *values[] = { "amara.example.com", "amara", NULL };

  check_rejects (rapport_validate_email, "email", values);
}

static void
test_email_rejects_two_ats (void)
{
  const char *values[] = { "a@b@example.com", "amara@@example.com", NULL };

  check_rejects (rapport_validate_email, "email", values);
}

static void
test_email_rejects_missing_local_part (void)
{
  const char *values[] = { "@example.com", NULL };

  check_rejects (rapport_validate_email, "email", values);
}

static void
test_email_rejects_missing_domain (void)
{
  const char *values[] = { "amara@", NULL };
  g_autoptr(GError) error = NULL;

  check_rejects (rapport_validate_email, "email", values);

  g_assert_false (rapport_validate_email ("amara@", "work email", &error));
  g_assert_cmpstr (error->message, ==,
                   "work email: “amara@” is not a valid email address");
}

static void
test_email_rejects_domain_without_dot (void)
{
  const char *values[] = { "amara@localhost", "amara@example", NULL };

  check_rejects (rapport_validate_email, "email", values);
}

static void
test_email_rejects_spaces (void)
{
  const char *values[] = {
    "amara okafor@example.com",
    " amara@example.com",
    "amara@example.com ",
    "amara@exa mple.com",
    "amara\t@example.com",
    "amara\n@example.com",
    "amara\u00a0okafor@example.com",
    "amara\u200b@example.com",
    NULL
  };

  check_rejects (rapport_validate_email, "email", values);
}

static void
test_email_rejects_bad_dots (void)
{
  const char *values[] = {
    "amara..okafor@example.com",
    ".amara@example.com",
    "amara.@example.com",
    "amara@example..com",
    "amara@.example.com",
    "amara@example.com.",
    NULL
  };

  check_rejects (rapport_validate_email, "email", values);
}

static void
test_email_rejects_bad_domain_labels (void)
{
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *long_label = g_strconcat ("amara@", label64, ".com", NULL);
  g_autofree char *ok_label = g_strconcat ("amara@", label63, ".com", NULL);
  const char *values[] = {
    "amara@-example.com",
    "amara@example-.com",
    "amara@exa_mple.com",
    "amara@exa+mple.com",
    "amara@example.c",
    "amara@example.ü",
    "amara@1.2.3.4",
    "amara@example.123",
    "amara@[192.0.2.1]",
    "amara@exa\u3002mple.com",
    long_label,
    NULL
  };
  const char *accepted[] = { ok_label, NULL };

  check_rejects (rapport_validate_email, "email", values);
  check_accepts (rapport_validate_email, "email", accepted);
}

static void
test_email_rejects_special_characters (void)
{
  const char *values[] = {
    "a(b)@example.com",
    "a,b@example.com",
    "\"amara\"@example.com",
    "a<b>@example.com",
    "a\\b@example.com",
    "a;b@example.com",
    "a:b@example.com",
    "a[b]@example.com",
    NULL
  };

  check_rejects (rapport_validate_email, "email", values);
}

static void
test_email_rejects_too_long (void)
{
  g_autofree char *local64 = g_strnfill (64, 'a');
  g_autofree char *local65 = g_strnfill (65, 'a');
  g_autofree char *label63 = g_strnfill (63, 'b');
  g_autofree char *label60 = g_strnfill (60, 'c');
  g_autofree char *label61 = g_strnfill (61, 'c');
  /* 64 + 1 + 63 + 1 + 60 + 1 + 60 + 1 + 3 = 254 characters */
  g_autofree char *max_total = g_strconcat (local64, "@", label63, ".", label60, ".",
                                            label60, ".com", NULL);
  g_autofree char *over_total = g_strconcat (local64, "@", label63, ".", label61, ".",
                                             label60, ".com", NULL);
  g_autofree char *max_local = g_strconcat (local64, "@example.com", NULL);
  g_autofree char *over_local = g_strconcat (local65, "@example.com", NULL);
  const char *accepted[] = { max_total, max_local, NULL };
  const char *refused[] = { over_total, over_local, NULL };

  g_assert_cmpuint (strlen (max_total), ==, 254);
  g_assert_cmpuint (strlen (over_total), ==, 255);

  check_accepts (rapport_validate_email, "email", accepted);
  check_rejects (rapport_validate_email, "email", refused);
}

static void
test_email_rejects_invalid_utf8 (void)
{
  const char *values[] = { "amara\xff@example.com", "amara@ex\xc3\x28.com", NULL };

  check_rejects (rapport_validate_email, "email", values);
}

/* Phone ---------------------------------------------------------------- */

typedef struct
{
  const char *typed;
  const char *region;
  const char *key;
} PhoneCase;

/* What libphonenumber reads, the country code from the number or the
 * region; the "(0)" of a number written with its country code is the
 * national prefix, not a digit of the number. */
static const PhoneCase phone_cases[] = {
  { "+44 (0)20 7946 0958", NULL, "+442079460958" },
  { "+44 (0)20 7946 0958", "DE", "+442079460958" },
  { "020 7946 0958", "GB", "+442079460958" },
  { "00 44 20 7946 0958", "DE", "+442079460958" },
  { "+234 801 234 5678", NULL, "+2348012345678" },
  { "  0801 234 5678  ", "ng", "+2348012345678" },
  { "(030) 1234-567", "DE", "+49301234567" },
  { "030/1234567", "DE", "+49301234567" },
  { "(+49) 30 1234567", NULL, "+49301234567" },
  { "+33\u00a01\u202f23 45 67 89", NULL, "+33123456789" },
  { "+1.555.010.9999", NULL, "+15550109999" },
  { "0801-234-5678 ext. 12", "NG", "+2348012345678;ext=12" },
  { "030 1234567 x12", "DE", "+49301234567;ext=12" },
  { "+15550109999;ext=12", NULL, "+15550109999;ext=12" },
};

static void
test_phone_reads_e164 (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (phone_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportPhone) phone = rapport_phone_parse_typed (phone_cases[i].typed, phone_cases[i].region,
                                                                 "phone", &error);
      g_autofree char *key = NULL;

      g_assert_no_error (error);
      key = rapport_phone_dup_key (phone);
      g_assert_cmpstr (key, ==, phone_cases[i].key);
      g_assert_true (g_str_has_prefix (phone_cases[i].key, rapport_phone_get_e164 (phone)));
    }
}

static void
test_phone_formats_for_its_country (void)
{
  g_autoptr(RapportPhone) phone = rapport_phone_parse ("+44 (0)20 7946 0958", NULL, "phone", NULL);
  g_autofree char *international = rapport_phone_format_international (phone);
  g_autofree char *national = rapport_phone_format_national (phone);
  g_autofree char *words = rapport_phone_dup_search_words (phone);
  g_autofree char *at_home = rapport_phone_format_for_display ("+442079460958", NULL, "GB");
  g_autofree char *abroad = rapport_phone_format_for_display ("020 7946 0958", "GB", "DE");
  g_autofree char *unread = rapport_phone_format_for_display ("call the office", "GB", "GB");

  g_assert_cmpstr (rapport_phone_get_e164 (phone), ==, "+442079460958");
  g_assert_cmpstr (rapport_phone_get_region (phone), ==, "GB");
  g_assert_true (rapport_phone_is_possible (phone));
  g_assert_true (rapport_phone_is_valid (phone));
  g_assert_cmpstr (international, ==, "+44 20 7946 0958");
  g_assert_cmpstr (national, ==, "020 7946 0958");
  g_assert_cmpstr (words, ==, "442079460958 2079460958 02079460958");
  g_assert_cmpstr (at_home, ==, "020 7946 0958");
  g_assert_cmpstr (abroad, ==, "+44 20 7946 0958");
  g_assert_cmpstr (unread, ==, "call the office");
}

static void
test_phone_same_number_two_ways (void)
{
  g_assert_true (rapport_phone_equal ("+44 (0)20 7946 0958", "020 7946 0958", "GB"));
  g_assert_true (rapport_phone_equal ("+44 (0)20 7946 0958", "+442079460958", NULL));
  g_assert_true (rapport_phone_equal ("030 1234567", "+49 30 1234567", "DE"));
  g_assert_false (rapport_phone_equal ("+44 20 7946 0958", "+44 20 7946 0959", NULL));
  g_assert_false (rapport_phone_equal ("030 1234567 x12", "030 1234567", "DE"));
  /* Without a country, a national number is not an international one. */
  g_assert_false (rapport_phone_equal ("020 7946 0958", "+442079460958", NULL));
  /* Text libphonenumber cannot read: compared by what it dials. */
  g_assert_true (rapport_phone_equal ("#31# 12", "#31#12", NULL));
}

static void
check_phone_refused (const char *typed,
                     const char *region,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportPhone) phone = rapport_phone_parse_typed (typed, region, "mobile", &error);

  g_assert_null (phone);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_phone_refuses_what_is_no_number (void)
{
  check_phone_refused ("call me maybe", "DE", "mobile: “call me maybe” is not a phone number");
  check_phone_refused ("   ", "DE", "mobile: the phone number is empty");
  check_phone_refused ("030 1234567", NULL,
                       "mobile: “030 1234567” needs its country code (such as +44), as no country is known for it");
  check_phone_refused ("+999 1234 5678", NULL, "mobile: “+999 1234 5678” does not start with a known country code");
  check_phone_refused ("+1 555", NULL,
                       "mobile: “+1 555” has too few or too many digits for a phone number of its country");
  check_phone_refused ("+44 20 7946 0958 1234 5678", NULL,
                       "mobile: “+44 20 7946 0958 1234 5678” is too long for a phone number");
  check_phone_refused ("0801\xff 234", "NG", "mobile: the phone number is not valid text");
}

static void
test_phone_user_region_from_locale (void)
{
  const char *variables[] = { "LC_ALL", "LC_TELEPHONE", "LC_ADDRESS", "LANG" };
  char *saved[G_N_ELEMENTS (variables)];
  g_autofree char *de = NULL;
  g_autofree char *gb = NULL;
  g_autofree char *none = NULL;
  g_autofree char *customer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      saved[i] = g_strdup (g_getenv (variables[i]));
      g_unsetenv (variables[i]);
    }

  g_setenv ("LANG", "de_DE.UTF-8", TRUE);
  de = rapport_phone_dup_user_region ();
  g_setenv ("LC_TELEPHONE", "en_GB", TRUE);
  gb = rapport_phone_dup_user_region ();
  customer = rapport_phone_dup_default_region ("ng");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  none = rapport_phone_dup_user_region ();

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      if (saved[i] != NULL)
        g_setenv (variables[i], saved[i], TRUE);
      else
        g_unsetenv (variables[i]);
      g_free (saved[i]);
    }

  g_assert_cmpstr (de, ==, "DE");
  g_assert_cmpstr (gb, ==, "GB");
  g_assert_cmpstr (customer, ==, "NG");
  g_assert_null (none);
}

/* Language tags -------------------------------------------------------- */

static void
test_language_normalizes_case (void)
{
  static const Pair pairs[] = {
    { "en", "en" },
    { "EN", "en" },
    { "en-ng", "en-NG" },
    { "en-NG", "en-NG" },
    { "ZH-hant-tw", "zh-Hant-TW" },
    { "sr-latn", "sr-Latn" },
    { "es-419", "es-419" },
    { "de-ch-1996", "de-CH-1996" },
    { "sl-Rozaj-Biske", "sl-rozaj-biske" },
    { "hy-latn-it-arevela", "hy-Latn-IT-arevela" },
    { "zh-YUE-hk", "zh-yue-HK" },
    { "zh-min-nan", "zh-min-nan" },
    { "ar-aao-abc-def", "ar-aao-abc-def" },
    { "tlh", "tlh" },
    { "english", "english" },
    { "en-US-U-CA-Gregory", "en-US-u-ca-gregory" },
    { "en-a-BB-x-A-CC", "en-a-bb-x-a-cc" },
    { "EN-us-X-Private", "en-US-x-private" },
    { "de-DE-u-co-phonebk-t-en-us", "de-DE-u-co-phonebk-t-en-us" },
    { "X-Whatever", "x-whatever" },
    { "x-a-b", "x-a-b" },
    { "  yo-NG  ", "yo-NG" },
  };

  check_normalizes (rapport_language_tag_normalize, "language", pairs, G_N_ELEMENTS (pairs));
}

static void
test_language_rejects_underscore_with_hint (void)
{
  const char *values[] = { "en_NG", "zh_Hant_TW", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *result = NULL;
  g_autofree char *result2 = NULL;

  check_normalize_rejects (rapport_language_tag_normalize, "language", values);

  result = rapport_language_tag_normalize ("en_ng", "language", &error);
  g_assert_null (result);
  g_assert_cmpstr (error->message, ==,
                   "language: “en_ng” is not a valid language tag (use a hyphen instead of an underscore: “en-NG”)");

  /* No hint when the hyphenated form is not valid either. */
  result2 = rapport_language_tag_normalize ("e_1", "language", &error2);
  g_assert_null (result2);
  assert_invalid_error (error2, "language");
  g_assert_null (strstr (error2->message, "hyphen"));
}

static void
test_language_rejects_malformed (void)
{
  const char *values[] = {
    "",
    "   ",
    "e",
    "toolonglang",
    "1en",
    "en-",
    "-en",
    "en--US",
    "en-US-",
    "en US",
    "en.US",
    "en-Latn-Cyrl",
    "en-US-US",
    "en-abcdefghi",
    "en-x",
    "en-a",
    "en-a-x-foo",
    "en-US-a-b",
    "x",
    "x-abcdefghi",
    "zh-abc-def-ghi-jkl",
    "i-klingon",
    "en-ß",
    "en-\xff",
    NULL
  };

  check_normalize_rejects (rapport_language_tag_normalize, "language", values);
}

static void
test_language_rejects_duplicates (void)
{
  const char *values[] = { "de-1996-1996", "sl-rozaj-ROZAJ", "en-a-bbb-a-ccc", "en-A-bbb-a-ccc", NULL };
  /* A singleton may repeat inside private use. */
  static const Pair pairs[] = { { "en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc" } };

  check_normalize_rejects (rapport_language_tag_normalize, "language", values);
  check_normalizes (rapport_language_tag_normalize, "language", pairs, G_N_ELEMENTS (pairs));
}

#define HUGE_SIZE (10 * 1024 * 1024)

/* "en-" and distinct variants ("a0000000-a0000001-…") up to @size bytes:
 * well-formed however long it gets. */
static char *
huge_language_tag (gsize size)
{
  static const char hex[] = "0123456789abcdef";
  char *tag = g_malloc (size + 1);
  gsize length = 2;

  memcpy (tag, "en", 2);
  for (guint32 i = 0; length + 9 <= size; i++, length += 9)
    {
      tag[length] = '-';
      tag[length + 1] = 'a';
      for (guint j = 0; j < 7; j++)
        tag[length + 2 + j] = hex[(i >> (4 * (6 - j))) & 0xf];
    }
  tag[length] = '\0';

  return tag;
}

/* Before the limit, checking the variants of a 1 MB tag took 18 s and of
 * a 10 MB tag about half an hour: the child is a hang detector. */
static void
test_language_refuses_huge_tag (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *tag = huge_language_tag (HUGE_SIZE);
      g_autoptr(GError) error = NULL;
      g_autofree char *result = rapport_language_tag_normalize (tag, "language", &error);

      g_assert_null (result);
      assert_invalid_error (error, "language");
      g_assert_cmpstr (error->message, ==,
                       "language: the language tag is too long (a language tag has at most 64 characters)");
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* 64 characters is the limit: a well-formed tag of that length passes,
 * one character more is too long, white space around is not counted. */
static void
test_language_length_limit (void)
{
  g_autofree char *start = huge_language_tag (64);
  /* "en" and six 9-byte variants are 56 bytes; an 8-byte one makes 64. */
  g_autofree char *tag64 = g_strconcat (start, "-b000000", NULL);
  g_autofree char *tag65 = g_strconcat (tag64, "0", NULL);
  g_autofree char *padded = g_strconcat ("   ", tag64, "   ", NULL);
  g_autofree char *result = NULL;
  g_autofree char *result2 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (tag64), ==, 64);

  result = rapport_language_tag_normalize (padded, "language", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, tag64);

  result2 = rapport_language_tag_normalize (tag65, "language", &error);
  g_assert_null (result2);
  assert_invalid_error (error, "language");
  g_assert_nonnull (strstr (error->message, "too long"));
}

/* Every validator refuses a 10 MB value with a message that names the
 * field and stays short: the value is cut in what it shows. */
static void
test_huge_values_refused_briefly (void)
{
  g_autofree char *digits = g_strnfill (HUGE_SIZE, '1');
  g_autofree char *letters = g_strnfill (HUGE_SIZE, 'a');
  g_autofree char *email = g_strconcat (letters, "@example.com", NULL);
  g_autofree char *zone = g_strconcat ("Europe/", letters, NULL);
  g_autofree char *spaces = g_strnfill (HUGE_SIZE, ' ');
  g_autofree char *padded_phone = g_strconcat (spaces, "+", digits, NULL);
  struct { const char *what; GError *error; gboolean refused; } results[8] = { { NULL } };
  gint64 units = 0;
  char *normalized;
  guint n = 0;

  results[n].what = "email";
  results[n].refused = !rapport_validate_email (email, "email", &results[n].error);
  n++;
  results[n].what = "phone";
  {
    RapportPhone *phone = rapport_phone_parse (padded_phone, "DE", "phone", &results[n].error);

    results[n].refused = phone == NULL;
    g_clear_pointer (&phone, rapport_phone_free);
  }
  n++;
  results[n].what = "time zone";
  results[n].refused = !rapport_validate_time_zone (zone, "zone", &results[n].error);
  n++;
  results[n].what = "currency";
  results[n].refused = rapport_currency_exponent (letters, "currency", &results[n].error) < 0;
  n++;
  results[n].what = "country";
  results[n].refused = !rapport_validate_country (letters, "country", &results[n].error);
  n++;
  results[n].what = "money";
  results[n].refused = !rapport_parse_money (digits, "EUR", "value", &units, &results[n].error);
  n++;
  results[n].what = "language";
  normalized = rapport_language_tag_normalize (letters, "language", &results[n].error);
  results[n].refused = normalized == NULL;
  g_free (normalized);
  n++;

  for (guint i = 0; i < n; i++)
    {
      g_test_message ("%s", results[i].what);
      g_assert_true (results[i].refused);
      g_assert_nonnull (results[i].error);
      g_assert_error (results[i].error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
      g_assert_true (g_utf8_validate (results[i].error->message, -1, NULL));
      g_assert_cmpuint (strlen (results[i].error->message), <, 512);
      g_clear_error (&results[i].error);
    }
}

/* Time zones ----------------------------------------------------------- */

static void
test_time_zone_accepts_iana_names (void)
{
  const char *values[] = {
    "Africa/Lagos",
    "Europe/Berlin",
    "America/New_York",
    "America/Argentina/Buenos_Aires",
    "America/Port-au-Prince",
    "Asia/Kolkata",
    "Etc/GMT+3",
    "Etc/GMT-14",
    "UTC",
    NULL
  };

  check_accepts (rapport_validate_time_zone, "time zone", values);
}

static void
test_time_zone_rejects_offsets (void)
{
  const char *values[] = {
    "+03:00",
    "-05:00",
    "+0300",
    "GMT+3",
    "UTC+1",
    "Z",
    "EST5",
    "CET-1CEST,M3.5.0,M10.5.0/3",
    NULL
  };
  g_autoptr(GError) error = NULL;

  check_rejects (rapport_validate_time_zone, "time zone", values);

  g_assert_false (rapport_validate_time_zone ("+03:00", "zone", &error));
  g_assert_true (g_str_has_prefix (error->message, "zone: “+03:00” is not a known time zone"));
}

static void
test_time_zone_rejects_unknown (void)
{
  const char *values[] = { "Mars/Olympus_Mons", "Europe/Atlantis", "Lagos", "Berlin", NULL };

  check_rejects (rapport_validate_time_zone, "time zone", values);
}

static void
test_time_zone_is_case_sensitive (void)
{
  const char *values[] = { "europe/berlin", "utc", NULL };

  check_rejects (rapport_validate_time_zone, "time zone", values);
}

static void
test_time_zone_rejects_paths (void)
{
  const char *values[] = {
    "../../etc/passwd",
    "/etc/localtime",
    "Europe//Berlin",
    "Europe/Berlin/",
    "Europe/./Berlin",
    "Europe/../Europe/Berlin",
    "posix/Europe/Berlin",
    "right/UTC",
    "localtime",
    "posixrules",
    "Europe",
    "Africa/Lagos ",
    NULL
  };

  check_rejects (rapport_validate_time_zone, "time zone", values);
}

static void
test_time_zone_rejects_empty (void)
{
  const char *values[] = { "", NULL };

  check_rejects (rapport_validate_time_zone, "time zone", values);
}

/* Currencies ----------------------------------------------------------- */

static void
check_exponents (const char *codes,
                 int         exponent)
{
  g_auto(GStrv) list = g_strsplit (codes, " ", -1);
  char **code;

  for (code = list; *code != NULL; code++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("currency %s", *code);
      g_assert_cmpint (rapport_currency_exponent (*code, "currency", &error), ==, exponent);
      g_assert_no_error (error);
    }
}

static void
test_currency_exponents (void)
{
  check_exponents ("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF", 0);
  check_exponents ("BHD IQD JOD KWD LYD OMR TND", 3);
  check_exponents ("CLF UYW", 4);
  check_exponents ("AED ANG BGN BRL CAD CHF CNY EUR GBP GHS HUF IDR INR KES MGA MRU MXN "
                   "NGN SLE SLL USD VED VES XCD XCG ZAR ZMW ZWG", 2);
}

static void
test_currency_accepts_whole_table (void)
{
  /* ISO 4217 List One as of 2025, without the codes that have no minor
   * unit. */
  static const char all[] =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD "
    "BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY "
    "COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP "
    "GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR "
    "ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD "
    "LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN "
    "NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD "
    "RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP "
    "SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW "
    "UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";
  g_auto(GStrv) list = g_strsplit (all, " ", -1);
  char **code;

  g_assert_cmpuint (g_strv_length (list), ==, 168);

  for (code = list; *code != NULL; code++)
    {
      g_autoptr(GError) error = NULL;
      int exponent;

      g_test_message ("currency %s", *code);
      exponent = rapport_currency_exponent (*code, "currency", &error);
      g_assert_no_error (error);
      g_assert_true (exponent == 0 || exponent == 2 || exponent == 3 || exponent == 4);
    }
}

static void
test_currency_accepts_any_case (void)
{
  g_assert_cmpint (rapport_currency_exponent ("eur", "currency", NULL), ==, 2);
  g_assert_cmpint (rapport_currency_exponent ("Jpy", "currency", NULL), ==, 0);
  g_assert_cmpint (rapport_currency_exponent ("kwD", "currency", NULL), ==, 3);
}

static void
test_currency_rejects_unknown (void)
{
  const char *values[] = {
    "", "EU", "EURO", "XYZ", "E1R", "€", "€UR", " EUR", "EUR ",
    "HRK", "ZWL", "DEM", "XAU", "XDR", "XTS", "XXX", NULL
  };
  const char *const *value;
  g_autoptr(GError) error = NULL;

  for (value = values; *value != NULL; value++)
    {
      g_autoptr(GError) value_error = NULL;
      g_autofree char *display = shown (*value);

      g_test_message ("should refuse “%s”", display);
      g_assert_cmpint (rapport_currency_exponent (*value, "currency", &value_error), ==, -1);
      assert_invalid_error (value_error, "currency");
    }

  g_assert_cmpint (rapport_currency_exponent ("XYZ", "price", &error), ==, -1);
  g_assert_cmpstr (error->message, ==,
                   "price: “XYZ” is not an ISO 4217 currency code (such as EUR or NGN)");
}

/* Countries ------------------------------------------------------------ */

static void
test_country_accepts_all_codes (void)
{
  static const char all[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI "
    "BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN "
    "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK "
    "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
    "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK "
    "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP "
    "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF "
    "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";
  g_auto(GStrv) list = g_strsplit (all, " ", -1);

  g_assert_cmpuint (g_strv_length (list), ==, 249);
  check_accepts (rapport_validate_country, "country", (const char *const *) list);
}

static void
test_country_accepts_any_case (void)
{
  const char *values[] = { "ng", "De", "gB", NULL };

  check_accepts (rapport_validate_country, "country", values);
}

static void
test_country_rejects_unknown (void)
{
  const char *values[] = { "", "N", "NGA", "XX", "UK", "EU", "ZZ", "AA", "1A", " NG", "NG ", "Ñ", NULL };
  g_autoptr(GError) error = NULL;

  check_rejects (rapport_validate_country, "country", values);

  g_assert_false (rapport_validate_country ("UK", "country", &error));
  g_assert_cmpstr (error->message, ==,
                   "country: “UK” is not an ISO 3166 country code (such as NG or DE)");
}

/* Money ---------------------------------------------------------------- */

typedef struct
{
  const char *text;
  const char *currency;
  gint64      minor_units;
} MoneyCase;

static void
check_money (const MoneyCase *cases,
             gsize            n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -42;
      gboolean ok;

      g_test_message ("parsing “%s” %s", cases[i].text, cases[i].currency);
      ok = rapport_parse_money (cases[i].text, cases[i].currency, "amount", &value, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (value, ==, cases[i].minor_units);
    }
}

static void
check_money_rejects (const char *currency,
                     const char *const *texts)
{
  for (; *texts != NULL; texts++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = shown (*texts);
      gint64 value = -42;
      gboolean ok;

      g_test_message ("should refuse “%s” %s", display, currency);
      ok = rapport_parse_money (*texts, currency, "amount", &value, &error);
      g_assert_false (ok);
      g_assert_cmpint (value, ==, -42);
      assert_invalid_error (error, "amount");
    }
}

static void
test_money_parses_plain (void)
{
  static const MoneyCase cases[] = {
    { "1200", "EUR", 120000 },
    { "1200.5", "EUR", 120050 },
    { "1200.05", "EUR", 120005 },
    { "0", "EUR", 0 },
    { "0.01", "EUR", 1 },
    { "007.10", "EUR", 710 },
    { " 12.30 ", "EUR", 1230 },
  };

  check_money (cases, G_N_ELEMENTS (cases));
}

static void
test_money_parses_thousands_separators (void)
{
  static const MoneyCase cases[] = {
    { "1,200.00", "EUR", 120000 },
    { "1,200", "EUR", 120000 },
    { "12,345,678.9", "EUR", 1234567890 },
    { "999,999", "JPY", 999999 },
  };

  check_money (cases, G_N_ELEMENTS (cases));
}

static void
test_money_uses_currency_exponent (void)
{
  static const MoneyCase cases[] = {
    { "1200", "JPY", 1200 },
    { "1.234", "KWD", 1234 },
    { "1.5", "KWD", 1500 },
    { "1.5", "TND", 1500 },
    { "25000", "XOF", 25000 },
    { "1200", "CLF", 12000000 },
    { "1200.5", "eur", 120050 },
  };

  check_money (cases, G_N_ELEMENTS (cases));
}

static void
test_money_rejects_too_many_decimals (void)
{
  const char *eur[] = { "12.345", "0.001", "1,200.000", NULL };
  const char *jpy[] = { "1200.5", "1200.00", "1200.0", NULL };
  const char *kwd[] = { "1.2345", NULL };
  g_autoptr(GError) error = NULL;
  gint64 value;

  check_money_rejects ("EUR", eur);
  check_money_rejects ("JPY", jpy);
  check_money_rejects ("KWD", kwd);

  g_assert_false (rapport_parse_money ("12.345", "eur", "price", &value, &error));
  g_assert_cmpstr (error->message, ==,
                   "price: “12.345” has too many decimals (EUR has 2 decimal places)");
}

static void
test_money_rejects_negative (void)
{
  const char *values[] = { "-5", "-0.01", " -1,200.00", NULL };
  g_autoptr(GError) error = NULL;
  gint64 value;

  check_money_rejects ("EUR", values);

  g_assert_false (rapport_parse_money ("-5", "EUR", "price", &value, &error));
  g_assert_true (strstr (error->message, "negative") != NULL);
}

static void
test_money_rejects_malformed (void)
{
  const char *values[] = {
    "", "   ", "abc", "1,20", "1.200,00", "1,2000", "12,00.00", "1200,000",
    ",100", "1,,000", "1,20,000", "1,2345,678", "1,000,", ".5", "5.", ".", "1 200", "+5", "€5", "5 EUR",
    "1e3", "0x10", "1.2.3", "1.2\xff", NULL
  };

  check_money_rejects ("EUR", values);
}

static void
test_money_rejects_overflow (void)
{
  static const MoneyCase limits[] = {
    { "92233720368547758.07", "EUR", G_MAXINT64 },
    { "92,233,720,368,547,758.07", "EUR", G_MAXINT64 },
    { "9223372036854775807", "JPY", G_MAXINT64 },
  };
  const char *eur[] = {
    "92233720368547758.08", "9223372036854775807", "99999999999999999999999", NULL
  };
  const char *jpy[] = { "9223372036854775808", NULL };

  check_money (limits, G_N_ELEMENTS (limits));
  check_money_rejects ("EUR", eur);
  check_money_rejects ("JPY", jpy);
}

static void
test_money_rejects_unknown_currency (void)
{
  const char *values[] = { "12", NULL };

  check_money_rejects ("XYZ", values);
  check_money_rejects ("", values);
}

static void
test_money_formats_plain (void)
{
  static const struct { gint64 minor_units; const char *currency; const char *expected; } cases[] = {
    { 120000, "EUR", "1200.00" },
    { 1200, "JPY", "1200" },
    { 120000, "JPY", "120000" },
    { 5, "EUR", "0.05" },
    { 0, "EUR", "0.00" },
    { 0, "JPY", "0" },
    { 1234, "KWD", "1.234" },
    { 12345, "CLF", "1.2345" },
    { -150, "EUR", "-1.50" },
    { -7, "JPY", "-7" },
    { 120050, "eur", "1200.50" },
    { G_MAXINT64, "EUR", "92233720368547758.07" },
    { G_MININT64, "EUR", "-92233720368547758.08" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_format_money_plain (cases[i].minor_units, cases[i].currency);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_money_round_trips (void)
{
  static const char *currencies[] = { "EUR", "JPY", "KWD", "CLF" };
  static const gint64 values[] = { 0, 1, 9, 10, 99, 100, 101, 12345, 999999999, G_MAXINT64 };
  gsize i, j;

  for (i = 0; i < G_N_ELEMENTS (currencies); i++)
    for (j = 0; j < G_N_ELEMENTS (values); j++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = rapport_format_money_plain (values[j], currencies[i]);
        gint64 parsed = -1;

        g_assert_true (rapport_parse_money (text, currencies[i], "amount", &parsed, &error));
        g_assert_no_error (error);
        g_assert_cmpint (parsed, ==, values[j]);
      }
}

static void
test_money_format_refuses_unknown_currency (void)
{
#ifdef G_DISABLE_CHECKS
  g_test_skip ("precondition checks are disabled");
#else
  char *text;

  g_test_expect_message ("rapport-validate", G_LOG_LEVEL_CRITICAL, "*exponent >= 0*");
  text = rapport_format_money_plain (100, "XYZ");
  g_test_assert_expected_messages ();
  g_assert_null (text);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/email/accepts-common", test_email_accepts_common);
  g_test_add_func ("/validate/email/accepts-internationalized", test_email_accepts_internationalized);
  g_test_add_func ("/validate/email/rejects-empty", test_email_rejects_empty);
  g_test_add_func ("/validate/email/rejects-missing-at", test_email_rejects_missing_at);
  g_test_add_func ("/validate/email/rejects-two-ats", test_email_rejects_two_ats);
  g_test_add_func ("/validate/email/rejects-missing-local-part", test_email_rejects_missing_local_part);
  g_test_add_func ("/validate/email/rejects-missing-domain", test_email_rejects_missing_domain);
  g_test_add_func ("/validate/email/rejects-domain-without-dot", test_email_rejects_domain_without_dot);
  g_test_add_func ("/validate/email/rejects-spaces", test_email_rejects_spaces);
  g_test_add_func ("/validate/email/rejects-bad-dots", test_email_rejects_bad_dots);
  g_test_add_func ("/validate/email/rejects-bad-domain-labels", test_email_rejects_bad_domain_labels);
  g_test_add_func ("/validate/email/rejects-special-characters", test_email_rejects_special_characters);
  g_test_add_func ("/validate/email/rejects-too-long", test_email_rejects_too_long);
  g_test_add_func ("/validate/email/rejects-invalid-utf8", test_email_rejects_invalid_utf8);

  g_test_add_func ("/validate/phone/reads-e164", test_phone_reads_e164);
  g_test_add_func ("/validate/phone/formats-for-its-country", test_phone_formats_for_its_country);
  g_test_add_func ("/validate/phone/same-number-two-ways", test_phone_same_number_two_ways);
  g_test_add_func ("/validate/phone/refuses-what-is-no-number", test_phone_refuses_what_is_no_number);
  g_test_add_func ("/validate/phone/user-region-from-locale", test_phone_user_region_from_locale);

  g_test_add_func ("/validate/language/normalizes-case", test_language_normalizes_case);
  g_test_add_func ("/validate/language/rejects-underscore-with-hint", test_language_rejects_underscore_with_hint);
  g_test_add_func ("/validate/language/rejects-malformed", test_language_rejects_malformed);
  g_test_add_func ("/validate/language/rejects-duplicates", test_language_rejects_duplicates);
  g_test_add_func ("/validate/language/refuses-huge-tag", test_language_refuses_huge_tag);
  g_test_add_func ("/validate/language/length-limit", test_language_length_limit);
  g_test_add_func ("/validate/huge-values-refused-briefly", test_huge_values_refused_briefly);

  g_test_add_func ("/validate/time-zone/accepts-iana-names", test_time_zone_accepts_iana_names);
  g_test_add_func ("/validate/time-zone/rejects-offsets", test_time_zone_rejects_offsets);
  g_test_add_func ("/validate/time-zone/rejects-unknown", test_time_zone_rejects_unknown);
  g_test_add_func ("/validate/time-zone/is-case-sensitive", test_time_zone_is_case_sensitive);
  g_test_add_func ("/validate/time-zone/rejects-paths", test_time_zone_rejects_paths);
  g_test_add_func ("/validate/time-zone/rejects-empty", test_time_zone_rejects_empty);

  g_test_add_func ("/validate/currency/exponents", test_currency_exponents);
  g_test_add_func ("/validate/currency/accepts-whole-table", test_currency_accepts_whole_table);
  g_test_add_func ("/validate/currency/accepts-any-case", test_currency_accepts_any_case);
  g_test_add_func ("/validate/currency/rejects-unknown", test_currency_rejects_unknown);

  g_test_add_func ("/validate/country/accepts-all-codes", test_country_accepts_all_codes);
  g_test_add_func ("/validate/country/accepts-any-case", test_country_accepts_any_case);
  g_test_add_func ("/validate/country/rejects-unknown", test_country_rejects_unknown);

  g_test_add_func ("/validate/money/parses-plain", test_money_parses_plain);
  g_test_add_func ("/validate/money/parses-thousands-separators", test_money_parses_thousands_separators);
  g_test_add_func ("/validate/money/uses-currency-exponent", test_money_uses_currency_exponent);
  g_test_add_func ("/validate/money/rejects-too-many-decimals", test_money_rejects_too_many_decimals);
  g_test_add_func ("/validate/money/rejects-negative", test_money_rejects_negative);
  g_test_add_func ("/validate/money/rejects-malformed", test_money_rejects_malformed);
  g_test_add_func ("/validate/money/rejects-overflow", test_money_rejects_overflow);
  g_test_add_func ("/validate/money/rejects-unknown-currency", test_money_rejects_unknown_currency);
  g_test_add_func ("/validate/money/formats-plain", test_money_formats_plain);
  g_test_add_func ("/validate/money/round-trips", test_money_round_trips);
  g_test_add_func ("/validate/money/format-refuses-unknown-currency", test_money_format_refuses_unknown_currency);

  return g_test_run ();
}
